// GitHub Actions: a workflow's jobs and a composite action's steps become pipeline-step
// workloads; `run:` scripts are parsed as shell (unless the step's shell is not a POSIX shell),
// `env:` and `with:` values become settings, job containers and services become images, and
// every `uses:` becomes an action-use fact.

import type { Node } from 'yaml';
import type { ActionUseFact } from '../../facts/ci';
import type { Str, WorkloadFact } from '../../facts/model';
import type { FactsBuilder } from '../k8s/facts';
import { addCiScript, addImage, addImageStr, addSettings, isPosixShell } from './common';

/** The `defaults.run.shell` of a workflow or job, when written. */
function defaultShell(b: FactsBuilder, node: Node | undefined): string | undefined {
  return b.y.string(b.y.path(node, 'defaults', 'run', 'shell'));
}

/** An action-use fact for a `uses:` value. */
export function actionUse(s: Str, level: ActionUseFact['level'], workloadId?: string): ActionUseFact {
  const v = s.value.trim();
  const base = { uses: s, level, ...(workloadId ? { workloadId } : {}) };
  if (v.startsWith('./') || v.startsWith('../')) return { ...base, kind: 'local' };
  if (v.startsWith('docker://')) return { ...base, kind: 'docker', digestPinned: /@sha256:[0-9a-f]{64}$/i.test(v) };
  const at = v.lastIndexOf('@');
  const path = at >= 0 ? v.slice(0, at) : v;
  const repository = path.split('/').slice(0, 2).join('/');
  const offset = s.value.indexOf(v) + at + 1;
  const ref = at >= 0 ? { value: v.slice(at + 1), loc: { file: s.loc.file, start: s.loc.start + offset, end: s.loc.start + offset + v.length - at - 1 } } : undefined;
  return { ...base, kind: 'repository', repository, ...(ref ? { ref } : {}) };
}

/** Reads the steps of a job or composite action: their scripts, settings and actions. */
function readSteps(b: FactsBuilder, steps: Node | undefined, workloadId: string, shell: string | undefined, windows: boolean): void {
  const y = b.y;
  for (const step of y.items(steps)) {
    addSettings(b, y.get(step, 'env'), workloadId, { env: true, secrets: true });
    addSettings(b, y.get(step, 'with'), workloadId, { env: false, secrets: true });
    const uses = y.str(y.get(step, 'uses'));
    if (uses) b.facts.actionUses.push(actionUse(uses, 'step', workloadId));
    const stepShell = y.string(y.get(step, 'shell')) ?? shell;
    if (windows && stepShell === undefined) continue;
    if (isPosixShell(stepShell)) addCiScript(b, y.scalar(y.get(step, 'run')), workloadId);
  }
}

/** A pipeline-step workload for a job or composite action. */
function workload(b: FactsBuilder, id: string, name: string, keyNode: Node | undefined, valueNode: Node | undefined): WorkloadFact {
  const y = b.y;
  const anchor = y.nodeLoc(keyNode) ?? y.nodeLoc(valueNode) ?? { file: y.file, start: 0, end: 0 };
  const whole = y.nodeLoc(valueNode);
  return { id, kind: 'pipeline-step', name, format: b.format, loc: whole ? { ...whole, start: Math.min(anchor.start, whole.start) } : anchor, anchor, dependsOn: [] };
}

/** Reads one job of a workflow. */
function readJob(b: FactsBuilder, jobId: string, keyNode: Node, job: Node | undefined, shell: string | undefined): void {
  const y = b.y;
  const id = b.uniqueId(`${b.idPrefix}/${jobId}`);
  const w = workload(b, id, y.string(y.get(job, 'name')) ?? jobId, keyNode, job);
  const needs = y.seq(y.get(job, 'needs')) ? y.strings(y.get(job, 'needs')) : [y.string(y.get(job, 'needs'))].filter((n): n is string => !!n);
  w.dependsOn = needs.map((n) => `${b.idPrefix}/${n}`);
  const container = y.get(job, 'container');
  const image = addImage(b, container, 'container', id);
  if (image) w.image = image;
  if (y.map(container)) {
    addSettings(b, y.get(container, 'env'), id, { env: true, secrets: true });
    addSettings(b, y.get(container, 'credentials'), id, { env: false, secrets: true });
  }
  for (const svc of y.entries(y.get(job, 'services'))) {
    addImage(b, svc.value, 'sidecar', id);
    addSettings(b, y.get(svc.value, 'env'), id, { env: false });
    addSettings(b, y.get(svc.value, 'credentials'), id, { env: false });
  }
  b.facts.workloads.push(w);
  addSettings(b, y.get(job, 'env'), id, { env: true, secrets: true });
  addSettings(b, y.get(job, 'with'), id, { env: false, secrets: true });
  const uses = y.str(y.get(job, 'uses'));
  if (uses) b.facts.actionUses.push(actionUse(uses, 'job', id));
  const runsOn = y.string(y.get(job, 'runs-on')) ?? y.strings(y.get(job, 'runs-on')).join(' ');
  const windows = /windows/i.test(runsOn);
  readSteps(b, y.get(job, 'steps'), id, defaultShell(b, job) ?? shell, windows);
}

/** Whether a parsed document is a GitHub Actions workflow: it has `jobs` and a trigger. */
export function isWorkflow(b: FactsBuilder): boolean {
  const root = b.y.root;
  return !!b.y.map(b.y.get(root, 'jobs')) && (b.y.pair(root, 'on') !== undefined || b.y.pair(root, 'true') !== undefined);
}

/** Reads a workflow document. */
export function readWorkflow(b: FactsBuilder): void {
  const y = b.y;
  const root = y.root;
  addSettings(b, y.get(root, 'env'), undefined, { env: true, secrets: true });
  const shell = defaultShell(b, root);
  for (const e of y.entries(y.get(root, 'jobs'))) readJob(b, e.key, e.keyNode, e.value, shell);
}

/** The `using:` of an action's `runs`, when the document is an action definition. */
export function actionRunner(b: FactsBuilder): string | undefined {
  return b.y.string(b.y.path(b.y.root, 'runs', 'using'));
}

/** Reads an action definition: a composite action's steps, a Docker action's image. */
export function readAction(b: FactsBuilder): void {
  const y = b.y;
  const runs = y.get(y.root, 'runs');
  const name = y.string(y.get(y.root, 'name')) ?? 'action';
  const id = b.uniqueId(`${b.idPrefix}/action`);
  const runsPair = y.pair(y.root, 'runs');
  const w = workload(b, id, name, runsPair ? y.node(runsPair.key) : undefined, runs);
  const image = y.str(y.get(runs, 'image'));
  if (image?.value.startsWith('docker://')) {
    const s = { value: image.value.slice('docker://'.length), loc: { ...image.loc, start: image.loc.start + 'docker://'.length } };
    const ref = image.loc.end - image.loc.start === image.value.length ? addImageStr(b, s, 'container', id) : undefined;
    if (ref) w.image = ref;
  }
  b.facts.workloads.push(w);
  addSettings(b, y.get(runs, 'env'), id, { env: true });
  readSteps(b, y.get(runs, 'steps'), id, undefined, false);
}
