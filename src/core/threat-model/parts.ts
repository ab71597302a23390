// Parts several contributors draw: registries and image assets, package, model and web sources,
// bucket and database stores, tracking servers, the repository files, model loads and the
// clients of a service. Each is keyed so that every contributor naming it gets the same part.

import { isPlaceholderValue } from '../facts/classify';
import { connectionPassword } from '../facts/connections';
import type { DownloadFact, ImageRef, ModelFact, Str } from '../facts/model';
import type { Loc } from '../model';
import {
  clusterServiceNamespace,
  hostName,
  isPrivateHost,
  isStorageScheme,
  parseUri,
  providerOfHost,
  registryOf,
  serializationOfPath,
  storageLocation,
  thirdPartyService,
  type StorageLocation,
} from './classify';
import type { InferenceContext } from './context';
import { baseOf } from './locs';
import type { AssetKind, ElementRole, ProcessRole, StoreRole } from './model';

export const DB_SCHEMES = new Set(['postgres', 'postgresql', 'mysql', 'mssql', 'sqlite', 'oracle', 'mongodb', 'redis', 'mariadb']);

/** Protocol and encryption of a flow over a URI scheme, as flow fields. */
export function transportOf(scheme: string | undefined): { protocol?: string; encrypted?: boolean } {
  return {
    ...(scheme ? { protocol: scheme } : {}),
    ...(scheme === 'http' || scheme === 'https' ? { encrypted: scheme === 'https' } : {}),
  };
}

export function registryElement(ctx: InferenceContext, image: Pick<ImageRef, 'registry' | 'repository' | 'unresolved' | 'loc'>): string {
  const b = ctx.b;
  if (image.unresolved) {
    b.note('info', `An image reference holds an unresolved variable; its registry is unknown.`, image.loc);
    return b.element('registry|unresolved', { kind: 'external-entity', role: 'container-registry', name: 'Registry of unresolved image references', evidence: [image.loc] });
  }
  const reg = registryOf(image);
  const boundary = reg.public ? ctx.zones.internet() : ctx.zones.orgRegistry(reg.name, reg.provider ?? providerOfHost(reg.host), [image.loc]);
  return b.element(`registry|${reg.name}`, { kind: 'external-entity', role: 'container-registry', name: reg.name, boundary, properties: { publicNetwork: reg.public }, evidence: [image.loc] });
}

export function imageAsset(ctx: InferenceContext, image: ImageRef): string {
  const reg = registryOf(image);
  const name = `${image.registry ? `${image.registry}/` : ''}${image.repository}${image.tag ? `:${image.tag}` : ''}`;
  return ctx.b.asset('container-image', `${reg.host}/${image.repository}:${image.tag ?? ''}`, name, {
    format: 'oci-image',
    ...(image.digest ? { hashes: { [image.digest.split(':')[0]]: image.digest.split(':')[1] ?? image.digest } } : {}),
    evidence: [image.loc],
  });
}

export function storeElement(ctx: InferenceContext, sl: StorageLocation, role: StoreRole, evidence: Loc[], name?: string): string {
  return ctx.b.element(`store|${sl.key}`, { kind: 'store', role, name: name ?? sl.name, boundary: ctx.zones.storageZone(sl, evidence), evidence });
}

/** The element content at a URL comes from: a bucket store, a hub, a git host or a web source. */
export function sourceOf(ctx: InferenceContext, url: Str, payload: DownloadFact['payload'], git = false): { id: string; store: boolean } {
  const b = ctx.b;
  const u = parseUri(url.value);
  const sl = storageLocation(url.value);
  if (isStorageScheme(u.scheme) || (sl.provider && sl.key !== `${u.scheme}://${u.host}`)) {
    return { id: storeElement(ctx, sl, 'object-store', [url.loc]), store: true };
  }
  if (u.scheme === 'hf' || thirdPartyService(u.host) === 'Hugging Face Hub') {
    const boundary = ctx.zones.thirdParty('Hugging Face Hub');
    return {
      id: b.element('hub|huggingface', { kind: 'external-entity', role: 'model-hub', name: 'Hugging Face Hub', boundary, properties: { publicNetwork: true }, evidence: [url.loc] }),
      store: false,
    };
  }
  const host = u.host ? hostName(u.host) : url.value;
  const role: ElementRole = git || /\.git$/.test(u.path) ? 'git-repository' : payload === 'data' || payload === 'archive' ? 'dataset-source' : 'web-source';
  const zone = ctx.zones.hostZone(u.host);
  const id = b.element(`web|${host}`, { kind: 'external-entity', role, name: host, ...(zone ? { boundary: zone } : {}), properties: { publicNetwork: !!zone }, evidence: [url.loc] });
  return { id, store: false };
}

export function payloadAsset(ctx: InferenceContext, url: string, payload: DownloadFact['payload'], loc: Loc): string {
  const kind: AssetKind = payload === 'model' ? 'model' : payload === 'data' || payload === 'archive' ? 'dataset' : 'code';
  const u = parseUri(url);
  const name = baseOf(u.path) || u.host || url;
  return ctx.b.asset(kind, `uri|${url}`, name, { uri: url, ...(kind === 'model' ? { format: serializationOfPath(u.path) } : {}), evidence: [loc] });
}

/** A connection string holds a password written out, not a placeholder (`${DB_PASSWORD}`, `$(PASSWORD)`). */
function literalPassword(url: string): boolean {
  const password = connectionPassword(url);
  return !!password && !isPlaceholderValue(password) && !/\$[{(]/.test(password);
}

export function databaseElement(ctx: InferenceContext, url: string, role: StoreRole, evidence: Loc[], near?: string): string {
  const b = ctx.b;
  const parsed = parseUri(url);
  // One server is one store whatever the client library: `postgresql+psycopg2`, `rediss` (Redis over TLS).
  const u = { ...parsed, scheme: parsed.scheme?.replace(/\+(?!srv$).*$/, '').replace(/^rediss$/, 'redis') };
  const host = u.host ?? '';
  // A Redis path is a database number of the same server, not a store of its own.
  const db = u.scheme === 'sqlite' ? u.path : `${hostName(host)}${u.path && !/^rediss?$/.test(u.scheme ?? '') ? `/${u.path.split('/')[0]}` : ''}`;
  const ns = clusterServiceNamespace(host);
  const provider = host ? providerOfHost(host) : undefined;
  const nearBoundary = () => (near ? b.elements.get(near)?.boundary : undefined);
  const boundary =
    u.scheme === 'sqlite' ? nearBoundary() : ns ? ctx.zones.namespace(ns) : provider ? ctx.zones.cloud(provider) : host && /^(localhost|127\.)/.test(host) && near ? nearBoundary() : undefined;
  return b.element(`db|${u.scheme}|${db}`, {
    kind: 'store',
    role,
    name: `${u.scheme} ${db}`,
    ...(boundary ? { boundary } : {}),
    properties: { storesCredentials: literalPassword(url) ? true : undefined },
    evidence,
  });
}

export function workspaceFiles(ctx: InferenceContext): string {
  return ctx.b.element('workspace-files', {
    kind: 'store',
    role: 'workspace-files',
    name: 'Repository files',
    description: 'Data and model files kept in the repository checkout',
    boundary: ctx.zones.workstation(),
  });
}

/** A scheme-less `host:port` is an HTTP address, not a URI whose scheme is the host name. */
function httpAddress(value: string): string {
  const v = value.trim();
  return /^[a-z0-9][a-z0-9.-]*:\d+(\/|$)/i.test(v) ? `http://${v}` : v;
}

/** The tracking server a URI names, as a process, third party or store. */
export function trackingTarget(ctx: InferenceContext, url: Str, near?: string): string | undefined {
  const b = ctx.b;
  const raw = httpAddress(url.value);
  const u = parseUri(raw);
  if (raw === 'databricks' || u.scheme === 'databricks' || thirdPartyService(u.host) === 'Databricks') {
    const boundary = ctx.zones.thirdParty('Databricks');
    return b.element('tracking|databricks', {
      kind: 'external-entity',
      role: 'third-party-service',
      name: 'Databricks (MLflow tracking)',
      boundary,
      properties: { publicNetwork: true },
      evidence: [url.loc],
    });
  }
  if (u.scheme === 'http' || u.scheme === 'https') {
    const host = hostName(u.host ?? '');
    const inCluster = ctx.clusterServiceWorkload(host);
    if (inCluster) return inCluster.id;
    const tp = thirdPartyService(host);
    if (tp) {
      return b.element(`tracking|${host}`, {
        kind: 'external-entity',
        role: 'third-party-service',
        name: `${tp} (${host})`,
        boundary: ctx.zones.thirdParty(tp),
        properties: { publicNetwork: true },
        evidence: [url.loc],
      });
    }
    const ns = clusterServiceNamespace(host);
    const loopback = /^(localhost|127\.)/.test(host);
    const boundary = ns ? ctx.zones.namespace(ns) : loopback && near ? b.elements.get(near)?.boundary : undefined;
    return b.element(`tracking|${loopback && near ? `${near}|` : ''}${host}`, {
      kind: 'process',
      role: 'tracking-server',
      name: `MLflow tracking server (${host})`,
      ...(boundary ? { boundary } : {}),
      properties: isPrivateHost(host) ? {} : { publicNetwork: true },
      evidence: [url.loc],
    });
  }
  if (u.scheme && DB_SCHEMES.has(u.scheme)) return databaseElement(ctx, raw, 'tracking-backend', [url.loc], near);
  if (!u.scheme || u.scheme === 'file') {
    return b.element(`mlruns|${u.path}`, { kind: 'store', role: 'artifact-store', name: `MLflow runs (${u.path || raw})`, boundary: ctx.zones.workstation(), evidence: [url.loc] });
  }
  return undefined;
}

/** A workload's runs recorded at a tracking URI: the flow to the server and the tracked-run control. */
export function addTracking(ctx: InferenceContext, url: Str, workloadId: string | undefined): void {
  const b = ctx.b;
  const owner = ctx.workloadElement(workloadId, url.loc);
  // An image's environment is used by the containers that run it, not by its build.
  const from = owner ? (ctx.buildRuntimes.get(owner)?.[0] ?? owner) : undefined;
  const to = trackingTarget(ctx, url, from);
  if (!from || !to || from === to) return;
  const address = parseUri(httpAddress(url.value));
  const scheme = address.scheme;
  const inCluster = scheme === 'http' || scheme === 'https' ? ctx.clusterServiceWorkload(address.host ?? '') : undefined;
  b.flow({
    kind: 'tracking',
    source: from,
    target: to,
    ...transportOf(scheme),
    evidence: [url.loc],
    ...(inCluster ? { join: { kind: 'service-name', reason: inCluster.reason, evidence: [url.loc, ...inCluster.evidence] } } : {}),
  });
  const el = b.elements.get(from);
  if (el) b.control(el, { kind: 'tracked-run', text: `runs are recorded in ${b.elements.get(to)?.name}`, loc: url.loc });
}

/** A serving component loading a model from a store, remembered for the model-URI join. */
export function modelLoad(ctx: InferenceContext, store: string, target: string, uri: string, loc: Loc, model?: ModelFact): string {
  const b = ctx.b;
  const u = parseUri(uri);
  const format = model?.serialization ?? serializationOfPath(u.path);
  const asset = b.asset('model', `uri|${uri}`, baseOf(u.path) || uri, { uri, ...(format ? { format } : {}), evidence: [loc] });
  b.hold(store, asset);
  const flow = b.flow({ kind: 'model-load', source: store, target, ...transportOf(u.scheme), assets: [asset], evidence: [loc] });
  ctx.addModelLoad({ flow, asset, uri, loc });
  return flow;
}

/** Clients of a service: inference clients for model servers, users for UIs. */
export function addClients(ctx: InferenceContext, serviceId: string, role: ProcessRole, loc: Loc, exposure?: string): void {
  const b = ctx.b;
  const service = b.elements.get(serviceId);
  if (!service) return;
  const inference = role === 'inference-service';
  const clientId = b.element(`client|${serviceId}`, {
    kind: 'external-entity',
    role: 'client',
    name: inference ? `Clients of ${service.name}` : `Users of ${service.name}`,
    description: exposure ?? (inference ? 'Applications that send inference requests' : 'People and tools using the service'),
    evidence: [loc],
  });
  if (!inference) {
    b.flow({ kind: 'inference-request', source: clientId, target: serviceId, name: 'requests', evidence: [loc] });
    return;
  }
  const request = b.flow({ kind: 'inference-request', source: clientId, target: serviceId, evidence: [loc] });
  const response = b.flow({ kind: 'inference-response', source: serviceId, target: clientId, evidence: [loc] });
  const payload = b.asset('inference-payload', `payload|${serviceId}`, `inference payloads of ${service.name}`, { evidence: [loc] });
  // Only the service's own clients send it requests while inference runs, so these are all its inference flows.
  for (const id of [request, response]) {
    const f = b.flows.get(id)!;
    if (!f.assets.includes(payload)) f.assets.push(payload);
  }
}
