// GitLab CI: every job (and every hidden `.template` job with scripts) becomes a pipeline-step
// workload; `script`, `before_script` and `after_script` lines (a string or a list, nested lists
// flattened) are parsed as shell; `variables` become settings; `image` and `services` images.
// `include:` is not followed: an included file is read only when it is itself a `.gitlab-ci.yml`.

import type { Node } from 'yaml';
import type { FactsBuilder } from '../k8s/facts';
import { addCiScript, addImage, addSettings } from './common';

/** Top-level keys that are not jobs. */
const GLOBAL_KEYS = new Set(['stages', 'variables', 'image', 'services', 'before_script', 'after_script', 'cache', 'default', 'include', 'workflow', 'types', 'spec']);

const SCRIPT_KEYS = ['before_script', 'script', 'after_script'];

/** A job's keys that make a mapping a job (or a template of one). */
const JOB_KEYS = ['script', 'before_script', 'after_script', 'extends', 'trigger', 'image', 'stage', 'needs', 'run'];

/** Reads the script lines of one `script`-like value. */
function readScripts(b: FactsBuilder, value: Node | undefined, workloadId: string | undefined, depth = 0): void {
  const y = b.y;
  if (depth > 4) return;
  const seq = y.seq(value);
  if (!seq) {
    addCiScript(b, y.scalar(value), workloadId);
    return;
  }
  for (const item of y.items(seq)) readScripts(b, item, workloadId, depth + 1);
}

/** Reads the images of `image` and `services` (a string or a mapping with `name`). */
function readImages(b: FactsBuilder, node: Node | undefined, workloadId: string | undefined): ReturnType<typeof addImage> {
  const y = b.y;
  const image = addImage(b, y.get(node, 'image'), 'container', workloadId, 'name');
  for (const svc of y.items(y.get(node, 'services'))) {
    addImage(b, svc, 'sidecar', workloadId, 'name');
    if (y.map(svc)) addSettings(b, y.get(svc, 'variables'), workloadId, { env: true });
  }
  return image;
}

/** Whether a top-level entry is a job (or a hidden job template). */
function isJob(b: FactsBuilder, key: string, value: Node | undefined): boolean {
  if (GLOBAL_KEYS.has(key) || !b.y.map(value)) return false;
  return JOB_KEYS.some((k) => b.y.pair(value, k) !== undefined);
}

/** Whether a parsed document looks like a GitLab CI file: some top-level entry is a job. */
export function isGitlabCi(b: FactsBuilder): boolean {
  return b.y.entries(b.y.root).some((e) => isJob(b, e.key, e.value) || GLOBAL_KEYS.has(e.key));
}

/** Reads a GitLab CI document. */
export function readGitlabCi(b: FactsBuilder): void {
  const y = b.y;
  const root = y.root;
  addSettings(b, y.get(root, 'variables'), undefined, { env: true });
  const defaults = y.get(root, 'default');
  // Defaults (and the older top-level form) apply to every job; their facts belong to no one job.
  const defaultImage = (defaults ? readImages(b, defaults, undefined) : undefined) ?? readImages(b, root, undefined);
  for (const k of SCRIPT_KEYS) {
    if (defaults) readScripts(b, y.get(defaults, k), undefined);
    readScripts(b, y.get(root, k), undefined);
  }
  for (const e of y.entries(root)) {
    if (!isJob(b, e.key, e.value)) continue;
    const id = b.uniqueId(`${b.idPrefix}/${e.key}`);
    const anchor = y.nodeLoc(e.keyNode) ?? { file: y.file, start: 0, end: 0 };
    const whole = y.nodeLoc(e.value);
    const image = readImages(b, e.value, id) ?? (e.key.startsWith('.') ? undefined : defaultImage);
    const needs = y.items(y.get(e.value, 'needs')).map((n) => y.string(n) ?? y.string(y.get(n, 'job')));
    b.facts.workloads.push({
      id,
      kind: 'pipeline-step',
      name: e.key,
      format: b.format,
      loc: whole ? { ...whole, start: anchor.start } : anchor,
      anchor,
      ...(image ? { image } : {}),
      dependsOn: needs.filter((n): n is string => !!n).map((n) => `${b.idPrefix}/${n}`),
    });
    addSettings(b, y.get(e.value, 'variables'), id, { env: true });
    for (const k of SCRIPT_KEYS) readScripts(b, y.get(e.value, k), id);
  }
}
