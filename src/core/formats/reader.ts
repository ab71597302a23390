// The interface every format reader implements, and the context it receives.

import type { ParsedDocument } from '../document';
import type { MlsecConfig } from '../config';
import type { SourceFile } from '../source';
import type { WorkspaceIO } from '../workspace/io';

export interface ReaderContext {
  config: MlsecConfig;
  /** Byte access for readers of binary formats (model artifacts); absent for in-memory buffers. */
  io?: WorkspaceIO;
}

export interface FormatReader {
  id: string;
  /**
   * Whether this reader handles a path: 'yes' claims it outright, 'maybe' asks to look at the
   * content (e.g. any YAML file might be a Kubernetes manifest), 'no' passes.
   */
  matches(path: string): 'yes' | 'maybe' | 'no';
  /** The reader reads bytes through `ctx.io` instead of decoded text. */
  binary?: boolean;
  /** Returns no documents when the content is not of this format. Must not throw on bad input. */
  parse(file: SourceFile, ctx: ReaderContext): ParsedDocument[] | Promise<ParsedDocument[]>;
}

export { baseName } from '../paths';
