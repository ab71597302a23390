// Reads Kubeflow Pipelines documents: v2 IR pipeline specs (executors, task graph, parameter
// defaults, importers, pipeline root), their Kubernetes platform config, and v1 component specs.

import type { Node } from 'yaml';
import type { ContainerFacts, SettingFact, WorkloadFact } from '../../facts/model';
import type { FactsBuilder } from './facts';
import { imageRef } from './image';
import { addCommandFacts } from './commands';
import { recordResource, type ResourceCtx } from './resources';
import { addPipelineRoot } from './urls';
import { appendAll } from '../../collections';

/** Workload id of a KFP executor; shared by the pipeline document and its platform config. */
export function kfpExecutorId(file: string, label: string): string {
  return `${file}#kfp/${label}`;
}

/** KFP resource fields mapped to Kubernetes limits and requests. */
const KFP_RESOURCES: [string, 'limits' | 'requests', string][] = [
  ['cpuLimit', 'limits', 'cpu'],
  ['resourceCpuLimit', 'limits', 'cpu'],
  ['memoryLimit', 'limits', 'memory'],
  ['resourceMemoryLimit', 'limits', 'memory'],
  ['cpuRequest', 'requests', 'cpu'],
  ['resourceCpuRequest', 'requests', 'cpu'],
  ['memoryRequest', 'requests', 'memory'],
  ['resourceMemoryRequest', 'requests', 'memory'],
];

/** A KFP executor container (IR) or a v1 component container as a pipeline-step workload. */
function readExecutor(b: FactsBuilder, id: string, name: string, anchorNode: Node | undefined, c: Node, envIsMap: boolean): WorkloadFact | undefined {
  const y = b.y;
  const loc = y.nodeLoc(c);
  if (!loc) return undefined;
  const anchor = y.nodeLoc(anchorNode) ?? loc;
  const res = y.get(c, 'resources');
  const resources: ContainerFacts['resources'] = { limits: {}, requests: {} };
  const resLoc = y.keyLoc(y.pair(c, 'resources'));
  if (resLoc) resources.loc = resLoc;
  for (const [key, part, k8s] of KFP_RESOURCES) {
    const s = y.str(y.get(res, key));
    if (s && !resources[part][k8s]) resources[part][k8s] = s;
  }
  const accel = y.get(res, 'accelerator');
  const count = y.str(y.get(accel, 'resourceCount')) ?? y.str(y.get(accel, 'count'));
  const type = y.string(y.get(accel, 'resourceType')) ?? y.string(y.get(accel, 'type'));
  // KFP sets an accelerator count as the limit of the accelerator resource.
  if (count) resources.limits[type && type.includes('/') ? type : 'nvidia.com/gpu'] = count;
  const w: WorkloadFact = {
    id,
    kind: 'pipeline-step',
    name,
    format: b.format,
    loc,
    anchor,
    container: { securityContext: { capabilitiesAdd: [], capabilitiesDrop: [], locs: {} }, mappingLoc: loc, mounts: [], resources, ports: [] },
    dependsOn: [],
  };
  const img = y.str(y.get(c, 'image'));
  if (img) {
    w.image = imageRef(img, 'step', id);
    b.facts.images.push(w.image);
  }
  b.facts.workloads.push(w);
  const settings: SettingFact[] = [];
  if (envIsMap) {
    for (const e of y.entries(y.get(c, 'env'))) {
      const name = y.str(e.keyNode);
      const value = y.str(e.value);
      if (name) settings.push({ name, ...(value ? { value } : {}), referenced: false, origin: 'k8s-env', workloadId: id });
    }
  } else {
    for (const e of y.items(y.get(c, 'env'))) {
      const name = y.str(y.get(e, 'name'));
      const value = y.str(y.get(e, 'value'));
      if (name) settings.push({ name, ...(value ? { value } : {}), referenced: false, origin: 'k8s-env', workloadId: id });
    }
  }
  appendAll(b.facts.settings, settings);
  addCommandFacts(b, c, id, 'kfp-executor', settings);
  // The IR cannot express a securityContext, and compiled files are regenerated, so no edits are offered.
  b.facts.containerSecurity.push({
    workloadId: id,
    podId: id,
    name,
    securityAnchor: anchor,
    securityContextApplies: false,
    securityEdits: {},
    capabilitiesAdd: [],
    resourcesAnchor: resLoc ?? anchor,
    limitsApply: true,
  });
  return w;
}

/** Parameter defaults of an `inputDefinitions` block as settings. */
function readParameterDefaults(b: FactsBuilder, inputDefinitions: Node | undefined): void {
  const y = b.y;
  for (const e of y.entries(y.get(inputDefinitions, 'parameters'))) {
    const name = y.str(e.keyNode);
    const value = y.str(y.get(e.value, 'defaultValue'));
    if (name && value) b.facts.settings.push({ name, value, referenced: false, origin: 'kfp-parameter' });
  }
}

/**
 * Drops the parameters in shell commands that every component declares as a number, a boolean or
 * a structure: KFP checks those values against their type, so only string parameters carry text.
 */
function keepStringParameters(b: FactsBuilder, definitions: (Node | undefined)[]): void {
  const y = b.y;
  const types = new Map<string, Set<string>>();
  for (const d of definitions) {
    for (const e of y.entries(y.get(d, 'parameters'))) {
      const t = y.string(y.get(e.value, 'parameterType')) ?? 'STRING';
      types.set(e.key, (types.get(e.key) ?? new Set()).add(t));
    }
  }
  const list = b.facts.parametersInShell;
  for (let i = list.length - 1; i >= 0; i--) {
    const m = /^inputs\.parameters\['(.+)'\]$/.exec(list[i].parameter);
    const t = m && list[i].loc.file === y.file ? types.get(m[1]) : undefined;
    if (t && !t.has('STRING')) list.splice(i, 1);
  }
}

export function readKfpPipeline(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  const root = rc.node;
  const f = b.facts;
  const ids: string[] = [];
  const byLabel = new Map<string, WorkloadFact>();
  for (const e of y.entries(y.path(root, 'deploymentSpec', 'executors'))) {
    const id = kfpExecutorId(y.file, e.key);
    const container = y.get(e.value, 'container');
    if (container) {
      const w = readExecutor(b, id, e.key.replace(/^exec-/, ''), e.keyNode, container, false);
      if (w) {
        byLabel.set(e.key, w);
        ids.push(id);
      }
    }
    const importer = y.get(e.value, 'importer');
    const uri = y.str(y.path(importer, 'artifactUri', 'constant')) ?? y.str(y.path(importer, 'artifactUri', 'constantValue', 'stringValue'));
    if (uri) {
      const schema = y.string(y.path(importer, 'typeSchema', 'schemaTitle')) ?? '';
      const isModel = /Model$/.test(schema);
      f.urls.push({ url: uri, role: isModel ? 'model-storage' : 'data-dependency', workloadId: id });
      if (isModel) f.models.push({ path: uri.value, loc: uri.loc, source: 'kfp', unsafeOnLoad: false });
    }
  }
  const pipelineRoot = y.str(y.get(root, 'defaultPipelineRoot'));
  if (pipelineRoot) addPipelineRoot(f, `${rc.path}/pipeline-root`, pipelineRoot);
  readParameterDefaults(b, y.get(root, 'root') ? y.path(root, 'root', 'inputDefinitions') : undefined);
  const components = y.get(root, 'components');
  for (const c of y.entries(components)) readParameterDefaults(b, y.get(c.value, 'inputDefinitions'));
  keepStringParameters(b, [y.path(root, 'root', 'inputDefinitions'), ...y.entries(components).map((c) => y.get(c.value, 'inputDefinitions'))]);
  // The task graph: a task runs its component's executor, or every executor of its sub-DAG.
  const seen = new Set<string>();
  const executorsOf = (componentName: string | undefined, depth = 0): WorkloadFact[] => {
    if (!componentName || depth > 32) return [];
    const comp = y.get(components, componentName);
    const label = y.string(y.get(comp, 'executorLabel'));
    if (label) return byLabel.has(label) ? [byLabel.get(label)!] : [];
    return y.entries(y.path(comp, 'dag', 'tasks')).flatMap((t) => executorsOf(y.string(y.path(t.value, 'componentRef', 'name')), depth + 1));
  };
  const walkDag = (dag: Node | undefined, key: string, depth: number) => {
    if (!dag || seen.has(key) || depth > 32) return;
    seen.add(key);
    const tasks = y.entries(y.get(dag, 'tasks'));
    const taskExecs = new Map(tasks.map((t) => [t.key, executorsOf(y.string(y.path(t.value, 'componentRef', 'name')))]));
    for (const t of tasks) {
      const deps = new Set(y.strings(y.get(t.value, 'dependentTasks')));
      for (const kind of ['artifacts', 'parameters']) {
        for (const inp of y.entries(y.path(t.value, 'inputs', kind))) {
          const producer = y.string(y.path(inp.value, kind === 'artifacts' ? 'taskOutputArtifact' : 'taskOutputParameter', 'producerTask'));
          if (producer) deps.add(producer);
        }
      }
      for (const w of taskExecs.get(t.key) ?? []) {
        for (const d of deps) for (const dw of taskExecs.get(d) ?? []) if (dw.id !== w.id && !w.dependsOn.includes(dw.id)) w.dependsOn.push(dw.id);
      }
      const ref = y.string(y.path(t.value, 'componentRef', 'name'));
      if (ref) walkDag(y.path(components, ref, 'dag'), ref, depth + 1);
    }
  };
  walkDag(y.path(root, 'root', 'dag'), '<root>', 0);
  return recordResource(rc, ids);
}

/** The Kubernetes platform config of a pipeline: secrets as env become referenced settings. */
export function readKfpPlatform(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  for (const e of y.entries(y.path(rc.node, 'platforms', 'kubernetes', 'deploymentSpec', 'executors'))) {
    const workloadId = kfpExecutorId(y.file, e.key);
    for (const s of y.items(y.get(e.value, 'secretAsEnv'))) {
      for (const k of y.items(y.get(s, 'keyToEnv'))) {
        const name = y.str(y.get(k, 'envVar'));
        if (name) b.facts.settings.push({ name, referenced: true, origin: 'k8s-env', workloadId });
      }
    }
  }
  return [];
}

/** A KFP v1 component spec (`implementation.container`). */
export function readKfpComponent(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  const name = y.string(y.get(rc.node, 'name')) ?? 'component';
  const c = y.path(rc.node, 'implementation', 'container');
  const id = `${rc.path}/component/${name}`;
  const w = c ? readExecutor(b, id, name, y.get(rc.node, 'name') ?? y.get(rc.node, 'implementation'), c, true) : undefined;
  for (const inp of y.items(y.get(rc.node, 'inputs'))) {
    const n = y.str(y.get(inp, 'name'));
    const v = y.str(y.get(inp, 'default'));
    if (n && v) b.facts.settings.push({ name: n, value: v, referenced: false, origin: 'kfp-parameter' });
  }
  return recordResource(rc, w ? [id] : []);
}
