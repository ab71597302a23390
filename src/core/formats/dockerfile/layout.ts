// The layout of a Dockerfile: where each instruction's first line starts, as dockerfile-ast reads
// them (continuation lines, comments inside them and heredoc bodies belong to their instruction).

import { DockerfileParser } from 'dockerfile-ast';
import type { SourceFile } from '../../source';

export interface DockerfileLayout {
  /** The escape character of line continuations (`\`, or the one the `escape` directive names). */
  escape: string;
  /** Each instruction in order: its keyword (upper case) and the offset of the start of its first line. */
  instructions: { keyword: string; lineStart: number }[];
}

/** Layouts of the texts the reader has read, so that a later look at the same text does not parse it again. */
const layouts = new WeakMap<SourceFile, DockerfileLayout>();

/** Keeps the layout the reader found while reading `file`. */
export function rememberLayout(file: SourceFile, layout: DockerfileLayout): void {
  layouts.set(file, layout);
}

export function dockerfileLayout(file: SourceFile): DockerfileLayout {
  const known = layouts.get(file);
  if (known) return known;
  const df = DockerfileParser.parse(file.text);
  const layout = {
    escape: df.getEscapeCharacter(),
    instructions: df.getInstructions().map((ins) => ({
      keyword: ins.getKeyword().toUpperCase(),
      lineStart: file.offsetAt({ line: ins.getRange().start.line, character: 0 }),
    })),
  };
  layouts.set(file, layout);
  return layout;
}
