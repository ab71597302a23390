// Which files are CI pipeline definitions, by path. The CI reader and the threat model's build
// hints share these names.

/** The CI dialect a path names: a GitHub Actions workflow, a (possibly composite) action, a GitLab CI file. */
export type CiFileKind = 'github-workflow' | 'github-action' | 'gitlab-ci';

/** The kind of CI file a workspace path is by its name; undefined for anything else. */
export function ciFileKind(path: string): CiFileKind | undefined {
  if (/(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return 'github-workflow';
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (/^\.gitlab-ci\.ya?ml$/i.test(base)) return 'gitlab-ci';
  if (/^action\.ya?ml$/.test(base)) return 'github-action';
  return undefined;
}

/** Whether a path is a CI pipeline (a workflow or a GitLab CI file; actions are not pipelines of their own). */
export function isCiPipelineFile(path: string): boolean {
  const kind = ciFileKind(path);
  return kind === 'github-workflow' || kind === 'gitlab-ci';
}
