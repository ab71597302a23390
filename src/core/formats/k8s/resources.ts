// Readers for Kubernetes workloads and the Kubeflow and Ray resources that embed pod templates:
// each finds the pod specs of its resource and hands them to the pod reader.

import type { Node } from 'yaml';
import type { ImageRef, ScriptOrigin, Str, WorkloadFact } from '../../facts/model';
import type { Loc } from '../../model';
import { classify, type Classified } from './detect';
import type { FactsBuilder } from './facts';
import { readPodSpec, type PodContext } from './pod';
import { replaceScalar } from '../yaml/edit';
import { addStringScriptFacts } from './commands';
import { readRuntimeEnvYaml, readServeConfig } from './ray-runtime-env';
import { appendAll } from '../../collections';

/** What a resource reader receives. */
export interface ResourceCtx {
  b: FactsBuilder;
  node: Node;
  cls: Classified;
  /** Id prefix for the pods of this resource. */
  path: string;
  /** Reads a resource nested in this one (List items, Katib trial specs). */
  dispatch(node: Node, cls: Classified, path: string): string[];
}

/** Name, namespace and the loc that findings about the whole resource point at. */
export function resourceMeta(b: FactsBuilder, node: Node): { name: string; namespace?: string; anchor: Loc } {
  const y = b.y;
  const md = y.get(node, 'metadata');
  const name = y.str(y.get(md, 'name')) ?? y.str(y.get(md, 'generateName'));
  const ns = y.string(y.get(md, 'namespace'));
  const kindLoc = y.str(y.get(node, 'kind'))?.loc ?? y.nodeLoc(node) ?? y.loc(0, 0);
  return { name: name?.value ?? b.fallbackNames.get(node) ?? y.string(y.get(node, 'kind')) ?? 'resource', ...(ns ? { namespace: ns } : {}), anchor: name?.loc ?? kindLoc };
}

/** A string map (labels, selectors). */
export function stringMap(y: FactsBuilder['y'], n: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of y.entries(n)) {
    const v = y.string(e.value);
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}

/** The serving visibility label: KServe's, Knative's, or Knative's older `serving.knative.dev` one. */
export function visibilityLabel(y: FactsBuilder['y'], labels: Node | undefined): Str | undefined {
  for (const k of ['networking.kserve.io/visibility', 'networking.knative.dev/visibility', 'serving.knative.dev/visibility']) {
    const v = y.str(y.get(labels, k));
    if (v) return v;
  }
  return undefined;
}

/** Records the resource itself for the threat model. */
export function recordResource(rc: ResourceCtx, workloads: string[]): string[] {
  const m = resourceMeta(rc.b, rc.node);
  const loc = rc.b.y.nodeLoc(rc.node) ?? m.anchor;
  rc.b.facts.resources.push({
    format: rc.b.format,
    ...(rc.cls.apiVersion ? { apiVersion: rc.cls.apiVersion } : {}),
    kind: rc.cls.kind,
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    loc,
    workloads,
  });
  const labels = rc.b.y.path(rc.node, 'metadata', 'labels');
  const visibility = visibilityLabel(rc.b.y, labels);
  if (visibility && workloads.length) rc.b.facts.visibilities.push({ visibility, workloadIds: [...workloads] });
  return workloads;
}

/** Options for reading one pod template of a resource. */
export interface PodOptions {
  suffix?: string;
  workloadKind: WorkloadFact['kind'];
  scriptOrigin?: ScriptOrigin;
  imageRole?: ImageRef['role'];
  serviceAccountApplies?: boolean;
  extraContainers?: PodContext['extraContainers'];
  inherited?: Node;
  needsApi?: boolean;
}

/** The pod context for a pod spec at `parent[specKey]` (that key is the anchor of pod-level findings). */
export function podContext(rc: ResourceCtx, parent: Node | undefined, o: PodOptions, specKey = 'spec'): PodContext {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  // A pod template's labels, else (KServe, Seldon: the controller labels pods after the resource) the resource's own.
  const labels = { ...stringMap(y, y.path(rc.node, 'metadata', 'labels')), ...stringMap(y, y.path(parent, 'metadata', 'labels')) };
  const annotations = y.path(parent, 'metadata', 'annotations');
  return {
    b: rc.b,
    ...(Object.keys(labels).length ? { labels } : {}),
    podId: `${rc.path}/${rc.cls.kind}/${m.name}${o.suffix ? `/${o.suffix}` : ''}`,
    kind: rc.cls.kind,
    name: m.name,
    workloadKind: o.workloadKind,
    anchor: y.keyLoc(y.pair(parent, specKey)) ?? m.anchor,
    serviceAccountApplies: o.serviceAccountApplies ?? true,
    scriptOrigin: o.scriptOrigin ?? 'container-command',
    imageRole: o.imageRole ?? 'container',
    ...(m.namespace ? { namespace: m.namespace } : {}),
    ...(o.extraContainers ? { extraContainers: o.extraContainers } : {}),
    ...(o.inherited ? { inherited: o.inherited } : {}),
    ...(annotations ? { annotations } : {}),
    ...(o.needsApi ? { needsApi: true } : {}),
  };
}

/** Reads the pod spec found at `parent.spec`. */
export function readPodAt(rc: ResourceCtx, parent: Node | undefined, o: PodOptions, specKey = 'spec'): string[] {
  const spec = rc.b.y.get(parent, specKey);
  return spec ? readPodSpec(podContext(rc, parent, o, specKey), spec) : [];
}

/** Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PodTemplate and List. */
export function readKubernetes(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const n = rc.node;
  const k = rc.cls.kind;
  if (k === 'List') {
    return y.items(y.get(n, 'items')).flatMap((item, i) => {
      const cls = classify(y, item);
      return cls ? rc.dispatch(item, cls, `${rc.path}/items/${i}`) : [];
    });
  }
  let ids: string[];
  if (k === 'Pod') ids = readPodAt(rc, n, { workloadKind: 'container' });
  else if (k === 'CronJob') ids = readPodAt(rc, y.path(n, 'spec', 'jobTemplate', 'spec', 'template'), { workloadKind: 'container' });
  else if (k === 'PodTemplate') ids = readPodAt(rc, y.get(n, 'template'), { workloadKind: 'container' });
  else if (k === 'Revision') ids = readPodAt(rc, n, { workloadKind: 'inference-service' });
  else if (k === 'Service' || k === 'Configuration') ids = readPodAt(rc, y.path(n, 'spec', 'template'), { workloadKind: 'inference-service' });
  else ids = readPodAt(rc, y.path(n, 'spec', 'template'), { workloadKind: k === 'Job' ? 'training-job' : 'container' });
  return recordResource(rc, ids);
}

/** A PersistentVolume with a hostPath: recorded as a pod-level fact with no containers and no service account. */
export function readPersistentVolume(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const path = y.str(y.path(rc.node, 'spec', 'hostPath', 'path'));
  if (!path) return [];
  const m = resourceMeta(rc.b, rc.node);
  rc.b.facts.pods.push({
    id: `${rc.path}/PersistentVolume/${m.name}`,
    format: rc.b.format,
    kind: 'PersistentVolume',
    name: m.name,
    anchor: m.anchor,
    serviceAccountApplies: false,
    hostPaths: [{ volume: m.name, path }],
    persistentVolume: true,
  });
  return recordResource(rc, []);
}

/** A ServiceAccount: recorded with its automountServiceAccountToken for the pods that run under it. */
export function readServiceAccount(rc: ResourceCtx): string[] {
  const automount = rc.b.y.bool(rc.b.y.get(rc.node, 'automountServiceAccountToken'));
  recordResource(rc, []);
  const r = rc.b.facts.resources[rc.b.facts.resources.length - 1];
  if (automount && r) r.automountServiceAccountToken = automount.value;
  return [];
}

/** TFJob, PyTorchJob, MPIJob, XGBoostJob, PaddleJob, JAXJob: one pod template per replica type. */
export function readTrainingJob(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const spec = y.get(rc.node, 'spec');
  const ids: string[] = [];
  for (const e of y.entries(spec)) {
    if (!/ReplicaSpecs$/.test(e.key)) continue;
    for (const r of y.entries(e.value)) appendAll(ids, readPodAt(rc, y.get(r.value, 'template'), { suffix: r.key, workloadKind: 'training-job' }));
  }
  return recordResource(rc, ids);
}

/** Kubeflow Trainer: TrainJob (trainer and initializers) and (Cluster)TrainingRuntime (JobSet templates). */
export function readTrainer(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const spec = y.get(rc.node, 'spec');
  const ids: string[] = [];
  if (rc.cls.kind === 'TrainJob') {
    // The runtime owns the pods' security context and resources; the TrainJob sets image, command and env.
    const trainer = y.get(spec, 'trainer');
    const flags = { securityContextApplies: false, limitsApply: false };
    const extra: NonNullable<PodContext['extraContainers']> = [];
    if (trainer) extra.push({ node: trainer, name: 'trainer', ...flags });
    for (const init of y.entries(y.get(spec, 'initializer'))) if (init.value) extra.push({ node: init.value, name: `${init.key}-initializer`, ...flags });
    const pc = podContext(rc, rc.node, { workloadKind: 'training-job', extraContainers: extra, serviceAccountApplies: false });
    if (extra.length) appendAll(ids, readPodSpec(pc, undefined));
  } else {
    for (const rj of y.items(y.path(spec, 'template', 'spec', 'replicatedJobs'))) {
      const name = y.string(y.get(rj, 'name')) ?? 'job';
      appendAll(ids, readPodAt(rc, y.path(rj, 'template', 'spec', 'template'), { suffix: name, workloadKind: 'training-job' }));
    }
  }
  return recordResource(rc, ids);
}

/** Katib Experiment: the trial template embeds a Job, a training job or an Argo Workflow. */
export function readKatib(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const trial = y.path(rc.node, 'spec', 'trialTemplate', 'trialSpec');
  const cls = trial ? classify(y, trial) : undefined;
  if (trial) rc.b.fallbackNames.set(trial, resourceMeta(rc.b, rc.node).name);
  const ids = trial && cls ? rc.dispatch(trial, cls, `${rc.path}/trial`) : [];
  return recordResource(rc, ids);
}

/** Kubeflow Notebook: a pod template. */
export function readNotebook(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  return recordResource(rc, readPodAt(rc, y.path(rc.node, 'spec', 'template'), { workloadKind: 'notebook' }));
}

/** RayCluster, RayJob, RayService: head and worker group pod templates. */
export function readRay(rc: ResourceCtx): string[] {
  const y = rc.b.y;
  const spec = y.get(rc.node, 'spec');
  const k = rc.cls.kind;
  const cluster = k === 'RayCluster' ? spec : k === 'RayJob' ? y.get(spec, 'rayClusterSpec') : y.get(spec, 'rayClusterConfig');
  const kind: WorkloadFact['kind'] = k === 'RayService' ? 'inference-service' : 'training-job';
  // With the in-tree autoscaler, KubeRay adds a sidecar to the head that calls the Kubernetes API.
  const autoscaler = y.bool(y.get(cluster, 'enableInTreeAutoscaling'))?.value === true;
  const ids = [...readPodAt(rc, y.path(cluster, 'headGroupSpec', 'template'), { suffix: 'head', workloadKind: kind, needsApi: autoscaler })];
  readRayStartParams(rc, cluster, ids[0]);
  y.items(y.get(cluster, 'workerGroupSpecs')).forEach((g, i) => {
    const name = y.string(y.get(g, 'groupName')) ?? `worker-${i}`;
    appendAll(ids, readPodAt(rc, y.get(g, 'template'), { suffix: name, workloadKind: kind }));
  });
  if (k === 'RayJob') {
    appendAll(ids, readPodAt(rc, y.get(spec, 'submitterPodTemplate'), { suffix: 'submitter', workloadKind: kind }));
    // The submitter runs the entrypoint through a shell on the cluster, as a container command would.
    const entrypoint = y.scalar(y.get(spec, 'entrypoint'));
    if (entrypoint) addStringScriptFacts(rc.b, entrypoint, ids[0], 'container-command');
    readRuntimeEnvYaml(rc.b, spec, ids[0]);
  }
  if (k === 'RayService') readServeConfig(rc.b, spec, ids[0]);
  return recordResource(rc, ids);
}

/**
 * Ray 2.52+ requires a token on the dashboard and Jobs API when `RAY_AUTH_MODE=token` is in the
 * head's environment; KubeRay 1.5.1+ sets it for `authOptions.mode: token`.
 */
function rayTokenAuth(rc: ResourceCtx, cluster: Node | undefined, head: Node | undefined): boolean {
  const y = rc.b.y;
  if (y.string(y.get(y.get(cluster, 'authOptions'), 'mode'))?.trim() === 'token') return true;
  const containers = y.items(y.get(y.get(y.get(head, 'template'), 'spec'), 'containers'));
  return containers.some((c) => y.items(y.get(c, 'env')).some((e) => y.string(y.get(e, 'name')) === 'RAY_AUTH_MODE' && y.string(y.get(e, 'value'))?.trim() === 'token'));
}

/**
 * KubeRay turns the head's `rayStartParams` into `ray start --head` options, so a `dashboard-host`
 * on all interfaces exposes the dashboard (and its job submission API) like the command-line flag.
 * KubeRay after 0.5.0 passes `--dashboard-host=0.0.0.0` when the parameter is not set, so an unset
 * one is exposed too (unless the dashboard is switched off).
 */
function readRayStartParams(rc: ResourceCtx, cluster: Node | undefined, workloadId: string | undefined): void {
  const y = rc.b.y;
  const head = y.get(cluster, 'headGroupSpec');
  if (rayTokenAuth(rc, cluster, head)) return;
  const params = y.get(head, 'rayStartParams');
  const host = y.scalar(y.get(params, 'dashboard-host'));
  if (!host) {
    // Shown on `rayStartParams` when it is written, else on `headGroupSpec`.
    const anchor = y.keyLoc(y.pair(head, 'rayStartParams')) ?? y.keyLoc(y.pair(cluster, 'headGroupSpec'));
    const dashboard = y.string(y.get(params, 'include-dashboard'));
    if (!head || !anchor || (dashboard !== undefined && /^false$/i.test(dashboard.trim()))) return;
    rc.b.facts.services.push({ service: 'ray-head', bind: '0.0.0.0 (the KubeRay default when dashboard-host is not set)', authenticated: false, loc: anchor, ...(workloadId ? { workloadId } : {}) });
    return;
  }
  const bind = y.string(host);
  const loc = y.nodeLoc(host);
  if (bind === undefined || !loc || !/^(0\.0\.0\.0|::|\[::\])$/.test(bind.trim())) return;
  const edit = replaceScalar(y, host, '127.0.0.1');
  rc.b.facts.services.push({
    service: 'ray-head',
    bind,
    authenticated: false,
    loc,
    ...(edit ? { remedy: { title: 'Bind the Ray dashboard to loopback', edits: [edit] } } : {}),
    ...(workloadId ? { workloadId } : {}),
  });
}
