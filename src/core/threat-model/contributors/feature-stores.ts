// Contributor: Feast feature stores: the online store, offline store and registry a
// `feature_store.yaml` configures (joined with the same databases and buckets named elsewhere),
// the materialisation that moves features between them, and the workloads that read features.

import { connectionScheme } from '../../facts/connections';
import type { FeatureStoreFact, FeatureStorePart } from '../../facts/data-plane';
import { dirOf } from '../locs';
import { clusterServiceNamespace, hostName, isStorageScheme, parseUri, storageLocation } from '../classify';
import type { InferenceContext } from '../context';
import { databaseElement, storeElement } from '../parts';
import type { Contributor } from './contributor';

/** Feast store types that are database or cache servers, with the scheme their connection would use. */
const TYPE_SCHEME: Record<string, string> = { postgres: 'postgresql', redis: 'redis', mysql: 'mysql', cassandra: 'cassandra', mongodb: 'mongodb', hbase: 'hbase', couchbase: 'couchbase' };
/** Feast store types run by a cloud provider or a hosted service, with its zone. */
const HOSTED: Record<string, { provider?: 'aws' | 'gcp' | 'azure'; thirdParty?: string }> = {
  bigquery: { provider: 'gcp' },
  datastore: { provider: 'gcp' },
  bigtable: { provider: 'gcp' },
  dynamodb: { provider: 'aws' },
  redshift: { provider: 'aws' },
  athena: { provider: 'aws' },
  snowflake: { thirdParty: 'Snowflake' },
  'snowflake.offline': { thirdParty: 'Snowflake' },
  'snowflake.online': { thirdParty: 'Snowflake' },
};

type Which = 'online store' | 'offline store' | 'registry';

/** The element of one store a feature store configures. */
function partElement(ctx: InferenceContext, fs: FeatureStoreFact, part: FeatureStorePart, which: Which): string {
  const b = ctx.b;
  const evidence = [part.loc, ...(part.location ? [part.location.loc] : [])];
  const where = part.location?.value.trim() ?? '';
  const type = part.type?.value.trim().toLowerCase() ?? '';
  const scheme = parseUri(where).scheme;
  if (scheme && isStorageScheme(scheme)) return storeElement(ctx, storageLocation(where), 'feature-store', evidence);
  if (connectionScheme(where)) return databaseElement(ctx, where, 'feature-store', evidence);
  const project = fs.project?.value ?? 'feature store';
  if (TYPE_SCHEME[type] && where) {
    // Redis connection strings are `host:port,ssl=true,password=…`; other types name the host.
    return databaseElement(ctx, `${TYPE_SCHEME[type]}://${where.split(',')[0].trim()}`, 'feature-store', evidence);
  }
  if (type === 'remote' && where) {
    const host = hostName(parseUri(where).host ?? where.replace(/\/.*$/, '')).toLowerCase();
    const ns = clusterServiceNamespace(host);
    const zone = ns ? ctx.zones.namespace(ns) : ctx.zones.hostZone(host);
    return b.element(`feast-server|${host}`, { kind: 'process', role: 'ml-service', name: `Feast ${which} server (${host})`, ...(zone ? { boundary: zone } : {}), evidence });
  }
  const hosted = HOSTED[type];
  const local = !type || type === 'sqlite' || type === 'file' || type === 'local' || type === 'dask' || type === 'duckdb';
  const boundary = hosted?.provider ? ctx.zones.cloud(hosted.provider) : hosted?.thirdParty ? ctx.zones.thirdParty(hosted.thirdParty) : local ? ctx.zones.workstation() : undefined;
  const label = type || (where ? where : 'file');
  return b.element(`feast|${fs.loc.file}|${which}`, { kind: 'store', role: 'feature-store', name: `${project} ${which} (${label})`, ...(boundary ? { boundary } : {}), evidence });
}

function addFeatureStore(ctx: InferenceContext, fs: FeatureStoreFact): void {
  const b = ctx.b;
  const project = fs.project?.value ?? dirOf(fs.loc.file);
  const parts = { online: fs.online, offline: fs.offline, registry: fs.registry };
  const ids: Partial<Record<keyof typeof parts, string>> = {};
  for (const key of ['online', 'offline', 'registry'] as const) {
    const part = parts[key];
    if (!part) continue;
    const id = partElement(ctx, fs, part, key === 'registry' ? 'registry' : `${key} store`);
    ids[key] = id;
    const el = b.elements.get(id)!;
    // A database drawn from a connection string elsewhere is this feature store's part.
    if (el.role === 'database') el.role = 'feature-store';
    if (part.tls !== undefined) el.properties.encrypted = el.properties.encrypted === false ? false : part.tls;
    if (part.tls && part.location) b.control(el, { kind: 'tls', text: `the feature store connects over TLS`, loc: part.location.loc });
  }
  // `feast apply` writes definitions to the registry and `feast materialize` copies features from the offline to the online store.
  const job = b.element(`feast-materialize|${fs.loc.file}`, {
    kind: 'process',
    role: 'pipeline-step',
    name: `Feast materialisation (${project})`,
    description: 'feast apply and feast materialize, run from the feature repository',
    evidence: [fs.loc],
  });
  const features = b.asset('dataset', `features|${fs.loc.file}`, `features of ${project}`, { evidence: [fs.loc] });
  if (ids.offline) b.flow({ kind: 'data-read', source: ids.offline, target: job, name: 'historical features', assets: [features], evidence: [fs.offline!.loc] });
  if (ids.online) {
    b.hold(ids.online, features);
    b.flow({ kind: 'data-write', source: job, target: ids.online, name: 'materialised features', assets: [features], ...encryption(fs.online!), evidence: [fs.online!.loc] });
  }
  if (ids.registry) b.flow({ kind: 'data-write', source: job, target: ids.registry, name: 'feature definitions', ...encryption(fs.registry!), evidence: [fs.registry!.loc] });
  if (fs.auth && /^no_auth$/i.test(fs.auth.value) && ids.online) b.elements.get(ids.online)!.properties.authenticated = false;
}

function encryption(part: FeatureStorePart): { encrypted?: boolean } {
  return part.tls === undefined ? {} : { encrypted: part.tls };
}

export const featureStores: Contributor = {
  id: 'feature-stores',
  description: 'Feast feature stores: online and offline stores and the registry, the materialisation between them.',
  contribute(ctx) {
    for (const fs of ctx.facts.featureStores) addFeatureStore(ctx, fs);
  },
};
