// What the DVC rules look up across files: the dvc.lock beside a dvc.yaml.

import type { DocumentIndex } from '../document';
import type { Lockfile } from '../facts/dvc';
import { dirOf } from '../paths';

/** The dvc.lock of the pipeline at `pipelinePath`, when the workspace has one. */
export function lockOf(index: DocumentIndex, pipelinePath: string): Lockfile | undefined {
  const dir = dirOf(pipelinePath);
  for (const doc of index.get(dir ? `${dir}/dvc.lock` : 'dvc.lock')) {
    for (const r of doc.facts.dvcRecords) if (r.kind === 'lock') return r;
  }
  return undefined;
}
