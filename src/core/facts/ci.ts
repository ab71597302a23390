// Facts that only CI pipelines have: the actions a GitHub Actions job or composite action uses.

import type { Str } from './model';

/** A `uses:` of a GitHub Actions step (an action) or job (a reusable workflow), as written. */
export interface ActionUseFact {
  /** The whole value, e.g. `actions/checkout@v4`. */
  uses: Str;
  /** `repository`: owner/repo[/path]@ref; `local`: `./path`; `docker`: `docker://image`. */
  kind: 'repository' | 'local' | 'docker';
  /** `owner/repo` for repository actions. */
  repository?: string;
  /** The ref after `@`, with its location; absent when none is written. */
  ref?: Str;
  /** For `docker://` actions: whether the image is pinned by digest. */
  digestPinned?: boolean;
  /** A step's action or a job's reusable workflow. */
  level: 'step' | 'job';
  workloadId?: string;
}

export interface CiFacts {
  /** Actions and reusable workflows used by GitHub Actions jobs and composite actions. */
  actionUses: ActionUseFact[];
}

export function emptyCiFacts(): CiFacts {
  return { actionUses: [] };
}
