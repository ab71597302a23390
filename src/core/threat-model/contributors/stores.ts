// Contributor: the data stores the facts name (DVC remotes and caches, databases, volumes,
// buckets, artifact stores, model registries), the flows of the workloads that use them, and
// which stores skip TLS verification.

import type { DataStoreFact } from '../../facts/model';
import type { Format, Loc } from '../../model';
import { addLocs } from '../builder';
import { parseUri, storageLocation } from '../classify';
import { CLUSTER_FORMATS, type InferenceContext } from '../context';
import type { FlowKind, StoreRole } from '../model';
import { databaseElement, DB_SCHEMES, storeElement } from '../parts';
import type { Contributor } from './contributor';

/** The element of a data store, by its kind. */
function storeOf(ctx: InferenceContext, d: DataStoreFact, raw: string, evidence: Loc[]): string {
  const scheme = parseUri(raw).scheme;
  if (d.kind === 'dvc-cache') {
    return ctx.b.element(`dvc-cache|${raw}`, { kind: 'store', role: 'dvc-cache', name: `DVC cache (${raw})`, boundary: ctx.zones.workstation(), evidence });
  }
  if (d.kind === 'database' || d.kind === 'tracking-backend' || (scheme && DB_SCHEMES.has(scheme))) {
    const near = ctx.workloadElement(undefined, d.loc);
    return databaseElement(ctx, raw, d.kind === 'tracking-backend' ? 'tracking-backend' : 'database', evidence, near);
  }
  if (d.kind === 'volume') {
    const w = ctx.index.containingWorkload(d.loc);
    const ns = w?.pod?.namespace;
    const boundary = ns ? ctx.zones.namespace(ns) : CLUSTER_FORMATS.has(w?.format as Format) ? ctx.zones.cluster() : undefined;
    return ctx.b.element(`volume|${ns ?? ''}|${raw}`, { kind: 'store', role: 'volume', name: `volume ${raw}`, boundary, evidence });
  }
  const role: StoreRole = d.kind === 'artifact-store' ? 'artifact-store' : d.kind === 'model-registry' ? 'model-registry' : 'object-store';
  const sl = storageLocation(raw);
  return storeElement(ctx, sl, role, evidence, d.kind === 'dvc-remote' && sl.local ? `DVC remote ${d.name} (${raw})` : undefined);
}

function addDataStore(ctx: InferenceContext, d: DataStoreFact): void {
  const raw = d.url?.value ?? d.name;
  const evidence = [d.loc, ...(d.url ? [d.url.loc] : [])];
  const scheme = parseUri(raw).scheme;
  const id = storeOf(ctx, d, raw, evidence);
  const el = ctx.b.elements.get(id)!;
  if (d.kind === 'dvc-remote') addLocs(el.evidence, dvcRemoteSettings(ctx, d));
  if (d.holdsCredentials) el.properties.storesCredentials = true;
  if (!d.tlsVerified && !ctx.storeTlsOff.has(id)) ctx.storeTlsOff.set(id, d.loc);
  if (d.kind === 'dvc-remote' || d.kind === 'dvc-cache') {
    ctx.dvcStores.push({ id, fact: d });
    return;
  }
  const user = ctx.workloadElement(undefined, d.loc);
  // The store a serving component loads its model from is drawn by the model-load flow.
  const loadsModel = (ctx.index.modelStorageUrls.get(raw) ?? []).some((u) => ctx.workloadElement(u.workloadId, u.url.loc) === user);
  if (user && user !== id && !loadsModel) {
    const kind: FlowKind = d.kind === 'model-registry' ? 'model-publish' : d.kind === 'tracking-backend' || d.kind === 'artifact-store' ? 'tracking' : 'data-write';
    ctx.b.flow({ kind, source: user, target: id, bidirectional: true, ...(scheme ? { protocol: scheme } : {}), ...(d.encrypted === undefined ? {} : { encrypted: d.encrypted }), evidence });
  }
}

/**
 * The settings of a DVC remote's section (credentials, `ssl_verify`), which lie between its
 * header and the next remote's: they describe the remote, so findings on them land on it.
 */
function dvcRemoteSettings(ctx: InferenceContext, d: DataStoreFact): Loc[] {
  const file = d.loc.file;
  const next = (ctx.index.dvcRemotesByFile.get(file) ?? []).find((x) => x.loc.start > d.loc.start)?.loc.start ?? Number.MAX_SAFE_INTEGER;
  const inside = (l: Loc) => l.file === file && l.start > d.loc.start && l.end <= next;
  const settings = ctx.index
    .settingsIn(file)
    .filter((x) => (x.origin === 'dvc-remote' || x.origin === 'dvc-config-local') && inside(x.name.loc))
    .map((x) => ({ file, start: x.name.loc.start, end: x.value && x.value.loc.file === file ? x.value.loc.end : x.name.loc.end }));
  return [
    ...settings,
    ...ctx.index
      .tlsDisablesIn(file)
      .filter((t) => inside(t.loc))
      .map((t) => t.loc),
  ];
}

export const stores: Contributor = {
  id: 'stores',
  description: 'The data stores the facts name, the flows of the workloads that use them, and stores that skip TLS verification.',
  contribute(ctx) {
    for (const d of ctx.facts.dataStores) addDataStore(ctx, d);
  },
};
