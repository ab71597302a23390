// Contributor: model facts: what a KServe, Seldon or KFP component loads from storage, a
// volume, the MLflow registry or a hub, and model files kept in the repository.

import type { ModelFact } from '../../facts/model';
import { normalisePath, parseUri, serializationOfPath, storageLocation, thirdPartyService } from '../classify';
import type { InferenceContext } from '../context';
import { baseOf } from '../locs';
import { modelLoad, sourceOf, storeElement, workspaceFiles } from '../parts';
import type { Contributor } from './contributor';

function servedModelStore(ctx: InferenceContext, m: ModelFact, target: string | undefined): string {
  const u = parseUri(m.path);
  if (u.scheme === 'pvc') {
    const ns = (target ? ctx.workloadFact(target) : undefined)?.pod?.namespace;
    return ctx.b.element(`volume|${ns ?? ''}|${u.host}`, { kind: 'store', role: 'volume', name: `volume ${u.host}`, boundary: ctx.zones.namespaceOrCluster(ns), evidence: [m.loc] });
  }
  if (u.scheme === 'models' || u.scheme === 'runs') return ctx.b.element('mlflow-registry', { kind: 'store', role: 'model-registry', name: 'MLflow model registry', evidence: [m.loc] });
  if (u.scheme === 'hf' || thirdPartyService(u.host) === 'Hugging Face Hub') return sourceOf(ctx, { value: m.path, loc: m.loc }, 'model').id;
  return storeElement(ctx, storageLocation(m.path), 'object-store', [m.loc]);
}

function addModel(ctx: InferenceContext, m: ModelFact): void {
  const u = parseUri(m.path);
  if (m.source === 'kserve' || m.source === 'seldon' || (m.source === 'kfp' && u.scheme)) {
    const target = ctx.workloadElement(undefined, m.loc);
    const store = servedModelStore(ctx, m, target);
    if (target) modelLoad(ctx, store, target, m.path, m.loc, m);
    else ctx.b.hold(store, ctx.b.asset('model', `uri|${m.path}`, baseOf(u.path) || m.path, { uri: m.path, evidence: [m.loc] }));
    return;
  }
  const path = normalisePath(m.path);
  const format = m.serialization ?? serializationOfPath(path);
  const asset = ctx.b.asset('model', `path|${path}`, baseOf(path), { uri: path, ...(format ? { format } : {}), evidence: [m.loc] });
  if (!ctx.index.isWritten(path)) ctx.b.hold(workspaceFiles(ctx), asset);
}

export const models: Contributor = {
  id: 'models',
  description: 'Models serving components load and model files kept in the repository.',
  contribute(ctx) {
    for (const m of ctx.facts.models) addModel(ctx, m);
  },
};
