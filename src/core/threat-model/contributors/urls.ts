// Contributor: the URLs settings and arguments name by role: tracking servers, model storage a
// serving component loads from, data dependencies, artifact stores and data remotes, registries.

import type { UrlFact } from '../../facts/model';
import { parseUri, storageLocation } from '../classify';
import type { InferenceContext } from '../context';
import { addTracking, modelLoad, payloadAsset, registryElement, sourceOf, storeElement, transportOf } from '../parts';
import type { Contributor } from './contributor';

function addModelStorage(ctx: InferenceContext, u: UrlFact): void {
  const sl = storageLocation(u.url.value);
  if (sl.local) return;
  const store = storeElement(ctx, sl, 'object-store', [u.url.loc]);
  const target = ctx.workloadElement(u.workloadId, u.url.loc);
  if (target && ctx.b.elements.get(target)?.role === 'inference-service') modelLoad(ctx, store, target, u.url.value, u.url.loc);
}

function addDataDependency(ctx: InferenceContext, u: UrlFact): void {
  const target = ctx.workloadElement(u.workloadId, u.url.loc);
  const src = sourceOf(ctx, u.url, 'data');
  if (!target || src.id === target) return;
  ctx.b.flow({
    kind: src.store ? 'data-read' : 'download',
    source: src.id,
    target,
    ...transportOf(parseUri(u.url.value).scheme),
    assets: [payloadAsset(ctx, u.url.value, 'data', u.url.loc)],
    evidence: [u.url.loc],
  });
}

function addUrl(ctx: InferenceContext, u: UrlFact): void {
  switch (u.role) {
    case 'tracking-server':
      addTracking(ctx, u.url, u.workloadId);
      return;
    case 'model-storage':
      addModelStorage(ctx, u);
      return;
    case 'data-dependency':
      addDataDependency(ctx, u);
      return;
    case 'artifact-store':
    case 'data-remote': {
      const store = storeElement(ctx, storageLocation(u.url.value), u.role === 'artifact-store' ? 'artifact-store' : 'object-store', [u.url.loc]);
      const from = ctx.workloadElement(u.workloadId, u.url.loc);
      if (from && u.role === 'artifact-store') ctx.b.flow({ kind: 'tracking', source: from, target: store, name: 'artifacts', evidence: [u.url.loc] });
      return;
    }
    case 'registry': {
      const parts = /^(?:[a-z]+:\/\/)?([^/]+)(?:\/(.*))?$/.exec(u.url.value.trim());
      if (parts) registryElement(ctx, { registry: parts[1], repository: parts[2] ?? '', unresolved: false, loc: u.url.loc });
      return;
    }
    default:
      return;
  }
}

export const urls: Contributor = {
  id: 'urls',
  description: 'Tracking servers, model storage, data dependencies, artifact stores, data remotes and registries named by URL.',
  contribute(ctx) {
    for (const u of ctx.facts.urls) addUrl(ctx, u);
  },
};
