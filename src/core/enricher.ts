// The shape of a workspace enricher, apart from the engine that runs it, so the format readers and
// artifact checks that provide enrichers need not import the engine.

import type { MlsecConfig } from './config';
import type { DocumentIndex } from './document';
import type { Facts } from './facts/model';
import type { WorkspaceIO } from './workspace/io';

/** A workspace-level step that uses file access (hashing, signature checks) to add facts. */
export interface Enricher {
  id: string;
  run(index: DocumentIndex, io: WorkspaceIO, config: MlsecConfig): Promise<Facts>;
}
