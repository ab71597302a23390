// What the DVC rules look up across files: the dvc.lock beside a dvc.yaml.

import type { DocumentIndex } from '../document';
import type { Lockfile } from '../facts/dvc';
import { dirOf } from '../paths';

/** The path of the dvc.lock beside the dvc.yaml at `pipelinePath`. */
export function lockPathOf(pipelinePath: string): string {
  const dir = dirOf(pipelinePath);
  return dir ? `${dir}/dvc.lock` : 'dvc.lock';
}

/** The dvc.lock of the pipeline at `pipelinePath`, when the workspace has one. */
export function lockOf(index: DocumentIndex, pipelinePath: string): Lockfile | undefined {
  for (const doc of index.get(lockPathOf(pipelinePath))) {
    for (const r of doc.facts.dvcRecords) if (r.kind === 'lock') return r;
  }
  return undefined;
}
