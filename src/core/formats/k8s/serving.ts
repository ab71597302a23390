// Reads model-serving resources: KServe InferenceService, ServingRuntime, ClusterServingRuntime and
// InferenceGraph; Seldon Core v1 SeldonDeployment and v2 Model and Server. Storage URIs become model,
// URL and data-store facts; embedded containers become inference-service workloads.

import { isScalar, type Node } from 'yaml';
import type { Str } from '../../facts/model';
import type { FactsBuilder } from './facts';
import type { ExtraContainer } from './pod';
import { readPodSpec } from './pod';
import { podContext, readPodAt, recordResource, resourceMeta, visibilityLabel, type ResourceCtx } from './resources';
import { insertMapping, insertPair, replaceScalar, type YamlEdit } from '../yaml/edit';
import { serializationOfFramework } from './urls';
import { urlScheme } from '../../facts/classify';
import { appendAll } from '../../collections';

/** KServe predictor framework keys of the v1beta1 API (besides the generic `model`). */
const KSERVE_FRAMEWORKS = ['sklearn', 'xgboost', 'tensorflow', 'pytorch', 'onnx', 'triton', 'pmml', 'lightgbm', 'paddle', 'huggingface', 'alibi', 'art', 'lgbserver'];

/** Records a model stored at `uri` and served with `framework`. */
function addModel(b: FactsBuilder, uri: Str, framework: string | undefined, source: 'kserve' | 'seldon', workloadId?: string): void {
  const f = b.facts;
  const ser = framework ? serializationOfFramework(framework) : { unsafeOnLoad: false };
  f.models.push({
    path: uri.value,
    loc: uri.loc,
    source,
    ...(ser.serialization ? { serialization: ser.serialization } : {}),
    ...(framework ? { flavor: framework } : {}),
    unsafeOnLoad: ser.unsafeOnLoad,
  });
  f.urls.push({ url: uri, role: 'model-storage', ...(workloadId ? { workloadId } : {}) });
  const scheme = urlScheme(uri.value);
  if (scheme) {
    f.dataStores.push({
      id: `${uri.loc.file}@${uri.loc.start}/model-store`,
      name: `model store ${uri.value}`,
      kind: scheme === 'hf' || scheme === 'models' ? 'model-registry' : 'object-store',
      url: uri,
      scheme,
      holdsCredentials: false,
      tlsVerified: scheme !== 'http',
      loc: uri.loc,
    });
  }
}

/** A KServe component's `logger`: its requests and responses go to the sink it names (mode `all` by default). */
function addPayloadLog(b: FactsBuilder, logger: Node | undefined, workloadId: string | undefined): void {
  const y = b.y;
  const loc = y.nodeLoc(logger);
  if (!logger || !loc) return;
  const url = y.str(y.get(logger, 'url'));
  b.facts.payloadLogs.push({ mode: y.string(y.get(logger, 'mode')) ?? 'all', ...(url ? { url } : {}), ...(workloadId ? { workloadId } : {}), loc });
}

/** The edit that labels an InferenceService `networking.kserve.io/visibility: cluster-local`. */
function clusterLocalEdit(rc: ResourceCtx): YamlEdit | undefined {
  const y = rc.b.y;
  const metadata = y.map(y.get(rc.node, 'metadata'));
  if (!metadata) return undefined;
  const labelsNode = y.get(metadata, 'labels');
  const labels = y.map(labelsNode);
  if (!labels) return labelsNode ? undefined : insertMapping(y, metadata, 'labels', [['networking.kserve.io/visibility', 'cluster-local']]);
  const current = y.get(labels, 'networking.kserve.io/visibility');
  if (isScalar(current)) return replaceScalar(y, current, 'cluster-local');
  return current ? undefined : insertPair(y, labels, 'networking.kserve.io/visibility', 'cluster-local');
}

/** Records an InferenceService as an endpoint KServe may route from outside the cluster. */
function addInferenceEndpoint(rc: ResourceCtx, workloadIds: string[]): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const visibility = visibilityLabel(y, y.path(rc.node, 'metadata', 'labels'));
  const mode = y.string(y.path(rc.node, 'metadata', 'annotations', 'serving.kserve.io/deploymentMode'));
  const edit = visibility?.value.trim() === 'cluster-local' ? undefined : clusterLocalEdit(rc);
  rc.b.facts.inferenceEndpoints.push({
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    anchor: m.anchor,
    workloadIds,
    ...(visibility ? { visibility } : {}),
    ...(mode ? { deploymentMode: mode } : {}),
    ...(edit ? { clusterLocal: [edit] } : {}),
  });
}

export function readKserve(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  const spec = y.get(rc.node, 'spec');
  const k = rc.cls.kind;
  const ids: string[] = [];
  if (k === 'InferenceService') {
    for (const comp of ['predictor', 'transformer', 'explainer']) {
      const c = y.get(spec, comp);
      if (!c) continue;
      const extra: ExtraContainer[] = [];
      const models: [Str, string | undefined][] = [];
      for (const key of ['model', ...KSERVE_FRAMEWORKS]) {
        const m = y.get(c, key);
        if (!m) continue;
        extra.push({ node: m, name: `${comp}-${key}`, role: 'serving' });
        const uri = y.str(y.get(m, 'storageUri'));
        const fmt = key === 'model' ? y.string(y.path(m, 'modelFormat', 'name')) : key;
        if (uri) models.push([uri, fmt]);
      }
      const pc = podContext(rc, spec, { suffix: comp, workloadKind: 'inference-service', imageRole: 'serving', extraContainers: extra }, comp);
      const wids = readPodSpec(pc, c);
      appendAll(ids, wids);
      for (const [uri, fmt] of models) addModel(b, uri, fmt, 'kserve', wids[0]);
      addPayloadLog(b, y.get(c, 'logger'), wids[0]);
    }
    addInferenceEndpoint(rc, ids);
  } else if (k === 'ServingRuntime' || k === 'ClusterServingRuntime') {
    // Runtime pods run under the service account of the InferenceService that uses them.
    appendAll(ids, readPodAt(rc, rc.node, { workloadKind: 'inference-service', imageRole: 'serving', serviceAccountApplies: false }));
  } else if (k === 'InferenceGraph') {
    for (const node of y.entries(y.get(spec, 'nodes'))) {
      for (const step of y.items(y.get(node.value, 'steps'))) {
        const url = y.str(y.get(step, 'serviceUrl'));
        if (url) b.facts.urls.push({ url, role: 'other' });
      }
    }
  }
  return recordResource(rc, ids);
}

/** Walks a Seldon v1 inference graph (nested `children`). */
function seldonGraph(b: FactsBuilder, g: Node | undefined, workloadId: string | undefined, depth = 0): void {
  const y = b.y;
  if (!g || depth > 32) return;
  const uri = y.str(y.get(g, 'modelUri'));
  if (uri) addModel(b, uri, y.string(y.get(g, 'implementation')), 'seldon', workloadId);
  for (const c of y.items(y.get(g, 'children'))) seldonGraph(b, c, workloadId, depth + 1);
}

export function readSeldon(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  const spec = y.get(rc.node, 'spec');
  const ids: string[] = [];
  if (rc.cls.kind === 'SeldonDeployment') {
    y.items(y.get(spec, 'predictors')).forEach((p, i) => {
      const pname = y.string(y.get(p, 'name')) ?? `predictor-${i}`;
      const pids: string[] = [];
      y.items(y.get(p, 'componentSpecs')).forEach((cs, j) => {
        appendAll(pids, readPodAt(rc, cs, { suffix: `${pname}/${j}`, workloadKind: 'inference-service', imageRole: 'serving' }));
      });
      seldonGraph(b, y.get(p, 'graph'), pids[0]);
      appendAll(ids, pids);
    });
  } else if (rc.cls.kind === 'Model') {
    const uri = y.str(y.get(spec, 'storageUri'));
    const req = y.string(y.items(y.get(spec, 'requirements'))[0]);
    if (uri) addModel(b, uri, req, 'seldon');
  } else if (rc.cls.kind === 'Server') {
    appendAll(ids, readPodAt(rc, spec, { workloadKind: 'inference-service', imageRole: 'serving' }, 'podSpec'));
  }
  return recordResource(rc, ids);
}
