// Path handling shared by the DVC readers: joining stage-relative paths to workspace paths,
// recognising URLs, and the ids that tie dvc.yaml, dvc.lock and .dvc files together.

import { isUrl } from '../../facts/classify';
import { dirOf } from '../../paths';

export { dirOf, isUrl };
export { isLocalDvcConfig, urlScheme } from '../../facts/classify';

/**
 * Joins a path written in a DVC file to the directory it is relative to and normalises it.
 * URLs are returned unchanged; absolute and Windows paths are returned as written.
 */
export function workspacePath(base: string, p: string): string {
  if (isUrl(p) || p.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(p)) return p;
  const parts: string[] = [];
  for (const seg of `${base ? `${base}/` : ''}${p.replace(/\\/g, '/')}`.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/** Whether a workspace path stays inside the workspace (so its file can be checked). */
export function insideWorkspace(p: string): boolean {
  return !isUrl(p) && !p.startsWith('/') && !p.startsWith('../') && p !== '..' && !/^[a-zA-Z]:[\\/]/.test(p) && p.length > 0;
}

/** The workload id of a pipeline stage, shared by dvc.yaml and dvc.lock. */
export function stageId(dvcYamlPath: string, stage: string): string {
  return `dvc-stage:${dvcYamlPath}:${stage}`;
}

/** The workload id of a `.dvc` file (`dvc add`, `dvc import`, `dvc import-url`). */
export function dvcFileId(path: string): string {
  return `dvc-file:${path}`;
}

/** The dvc.yaml that a dvc.lock belongs to. */
export function pipelineOfLock(lockPath: string): string {
  const d = dirOf(lockPath);
  return d ? `${d}/dvc.yaml` : 'dvc.yaml';
}

/**
 * `.dvc/config.local` is DVC's place for secrets: `dvc init` lists it in `.dvc/.gitignore`, so
 * credentials there are the remedy, not the problem.
 */
