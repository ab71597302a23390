// Reads Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow resources (KFP v1
// compiled pipelines included): templates as workloads, the steps/DAG graph, parameters and artifacts.

import type { Node, Pair } from 'yaml';
import type { DownloadFact, Str } from '../../facts/model';
import { removePair } from '../yaml/edit';
import type { ExtraContainer } from './pod';
import { readPodSpec } from './pod';
import { podContext, recordResource, resourceMeta, type ResourceCtx } from './resources';
import { addScriptFacts } from './commands';
import { readShellParameters } from './shell-parameters';
import { payloadOf } from '../../facts/commands';
import { POSIX_SHELLS } from '../../facts/command-words';
import { appendAll } from '../../collections';

/** How a template's containers are read: pipeline steps, with the Workflow spec's pod settings inherited. */
function stepPod(name: string, serviceAccountApplies: boolean, extraContainers: ExtraContainer[], spec: Node | undefined): Parameters<typeof podContext>[2] {
  return { suffix: name, workloadKind: 'pipeline-step', imageRole: 'step', scriptOrigin: 'container-command', serviceAccountApplies, extraContainers, ...(spec ? { inherited: spec } : {}) };
}

/** Task names an Argo `depends` expression mentions (`a && (b.Succeeded || c.Failed)`). */
export function dependsNames(expr: string): string[] {
  const out = new Set<string>();
  for (const m of expr.matchAll(/!?\s*([A-Za-z0-9_][A-Za-z0-9_-]*)(?:\.[A-Za-z]+)?/g)) out.add(m[1]);
  return [...out];
}

export function readArgo(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  const spec = rc.cls.kind === 'CronWorkflow' ? y.path(rc.node, 'spec', 'workflowSpec') : y.get(rc.node, 'spec');
  const specParent = rc.cls.kind === 'CronWorkflow' ? y.get(rc.node, 'spec') : rc.node;
  const annotations = y.entries(y.path(rc.node, 'metadata', 'annotations')).map((e) => e.key);
  const labels = y.entries(y.path(rc.node, 'metadata', 'labels')).map((e) => e.key);
  const compiledByKfp = [...annotations, ...labels].some((k) => k.startsWith('pipelines.kubeflow.org/'));
  // The service account of a template comes from the Workflow that runs it; KFP's API server sets its own.
  const saApplies = (rc.cls.kind === 'Workflow' || rc.cls.kind === 'CronWorkflow') && !compiledByKfp;
  const m = resourceMeta(b, rc.node);
  const byTemplate = new Map<string, string[]>();
  const ids: string[] = [];
  for (const t of y.items(y.get(spec, 'templates'))) {
    const tname = y.string(y.get(t, 'name')) ?? 'template';
    const extra: ExtraContainer[] = [];
    const main = y.get(t, 'container') ?? y.get(t, 'script');
    if (main) extra.push({ node: main, name: tname, role: 'step' });
    for (const c of y.items(y.path(t, 'containerSet', 'containers'))) extra.push({ node: c, role: 'step' });
    for (const c of y.items(y.get(t, 'sidecars'))) extra.push({ node: c, role: 'sidecar' });
    readArtifacts(rc, t);
    readParameters(rc, y.path(t, 'inputs', 'parameters'), ['value', 'default']);
    if (!extra.length && !y.get(t, 'initContainers')) continue;
    const pc = podContext(rc, specParent, stepPod(tname, saApplies, extra, spec), rc.cls.kind === 'CronWorkflow' ? 'workflowSpec' : 'spec');
    const wfSpec = y.map(spec);
    if (wfSpec) pc.serviceAccountTarget = wfSpec;
    pc.name = m.name;
    const tids = readPodSpec(pc, t);
    const script = y.get(t, 'script');
    if (script && tids.length) {
      const sid = tids[extra.findIndex((e) => e.node === main)] ?? tids[0];
      addScriptFacts(b, script, sid);
      const source = y.scalar(y.get(script, 'source'));
      if (source) readShellParameters(b, source, y.map(script), sourceKind(y.strings(y.get(script, 'command'))[0]), sid, false);
    }
    byTemplate.set(tname, tids);
    appendAll(ids, tids);
  }
  readParameters(rc, y.path(spec, 'arguments', 'parameters'), ['value']);
  readArtifactList(rc, y.path(spec, 'arguments', 'artifacts'), true);
  // The task graph: DAG dependencies and sequential step groups, between the templates they run.
  const link = (fromTemplate: string | undefined, toTemplate: string | undefined) => {
    if (!fromTemplate || !toTemplate) return;
    const deps = byTemplate.get(toTemplate) ?? [];
    for (const id of byTemplate.get(fromTemplate) ?? []) {
      const w = b.facts.workloads.find((x) => x.id === id);
      if (w) for (const d of deps) if (d !== id && !w.dependsOn.includes(d)) w.dependsOn.push(d);
    }
  };
  for (const t of y.items(y.get(spec, 'templates'))) {
    const tasks = y.items(y.path(t, 'dag', 'tasks'));
    const templateOf = new Map<string, string>();
    for (const task of tasks) {
      const n = y.string(y.get(task, 'name'));
      const tt = y.string(y.get(task, 'template'));
      if (n && tt) templateOf.set(n, tt);
    }
    for (const task of tasks) {
      const tt = y.string(y.get(task, 'template'));
      const deps = y.strings(y.get(task, 'dependencies'));
      const expr = y.string(y.get(task, 'depends'));
      const named = expr ? dependsNames(expr).filter((d) => templateOf.has(d)) : [];
      appendAll(deps, named);
      for (const d of deps) link(tt, templateOf.get(d));
    }
    let previous: string[] = [];
    for (const group of y.items(y.get(t, 'steps'))) {
      const current = (y.items(group).length ? y.items(group) : [group]).map((s) => y.string(y.get(s, 'template'))).filter((s): s is string => !!s);
      for (const c of current) for (const p of previous) link(c, p);
      if (current.length) previous = current;
    }
  }
  return recordResource(rc, ids);
}

/** Parameters with literal values become settings (credential rules read them). */
function readParameters(rc: ResourceCtx, list: Node | undefined, valueKeys: string[]): void {
  const y = rc.b.y;
  for (const p of y.items(list)) {
    const name = y.str(y.get(p, 'name'));
    if (!name) continue;
    for (const k of valueKeys) {
      const value = y.str(y.get(p, k));
      if (value) {
        rc.b.facts.settings.push({ name, value, referenced: false, origin: 'argo-parameter' });
        break;
      }
    }
  }
}

/** What an Argo script source is, after the interpreter that runs it. */
function sourceKind(command: string | undefined): string {
  const name = (command ?? 'sh').replace(/^.*\//, '');
  if (/^python[0-9.]*$/.test(name)) return 'Python script source';
  if (POSIX_SHELLS.test(name)) return 'shell script source';
  return `${name} script source`;
}

function readArtifacts(rc: ResourceCtx, t: Node): void {
  const y = rc.b.y;
  readArtifactList(rc, y.path(t, 'inputs', 'artifacts'), true);
  readArtifactList(rc, y.path(t, 'outputs', 'artifacts'), false);
}

/** S3/GCS/HTTP/git/Artifactory/Azure/OSS artifact locations: urls, downloads, stores and TLS settings. */
function readArtifactList(rc: ResourceCtx, list: Node | undefined, input: boolean): void {
  const { b } = rc;
  const y = b.y;
  const f = b.facts;
  for (const a of y.items(list)) {
    const name = y.string(y.get(a, 'name')) ?? 'artifact';
    const http = y.str(y.path(a, 'http', 'url'));
    if (http) {
      f.urls.push({ url: http, role: input ? 'download' : 'artifact-store' });
      if (input) f.downloads.push({ tool: 'http-artifact', url: http, verified: false, payload: payloadOf(http.value), loc: http.loc } satisfies DownloadFact);
    }
    const art = y.str(y.path(a, 'artifactory', 'url'));
    if (art) f.urls.push({ url: art, role: 'artifact-store' });
    const git = y.get(a, 'git');
    const repo = y.str(y.get(git, 'repo'));
    if (repo) f.urls.push({ url: repo, role: 'download' });
    for (const flag of ['insecureSkipTLS']) {
      const v = y.bool(y.get(git, flag));
      const gm = y.map(git);
      const pair = y.pair(git, flag) as Pair | undefined;
      if (v?.value && gm && pair) {
        const r = removePair(y, gm, pair);
        f.tlsDisables.push({ what: `git artifact \`${flag}: true\``, loc: v.loc, ...(r ? { removal: [r] } : {}) });
      }
    }
    for (const store of ['s3', 'gcs', 'azure', 'oss', 'hdfs']) {
      const s = y.get(a, store);
      if (!s) continue;
      const endpoint = y.str(y.get(s, 'endpoint')) ?? y.str(y.get(s, 'bucket')) ?? y.str(y.get(s, 'container'));
      const loc = y.nodeLoc(s);
      if (!loc) continue;
      const insecure = y.bool(y.get(s, 'insecure'));
      const holdsCredentials = ['accessKeySecret', 'secretKeySecret', 'accountKeySecret', 'serviceAccountKeySecret'].some((k) => !!y.get(s, k));
      f.dataStores.push({
        id: `${rc.path}/artifact/${name}/${store}`,
        name: `${name} (${store})`,
        kind: 'object-store',
        ...(endpoint ? { url: endpoint as Str } : {}),
        scheme: store,
        holdsCredentials,
        tlsVerified: !insecure?.value,
        loc,
      });
      const sm = y.map(s);
      const pair = y.pair(s, 'insecure') as Pair | undefined;
      if (insecure?.value && sm && pair) {
        const r = removePair(y, sm, pair);
        f.tlsDisables.push({ what: `${store} artifact \`insecure: true\` (plain HTTP to the object store)`, loc: insecure.loc, ...(r ? { removal: [r] } : {}) });
      }
    }
  }
}
