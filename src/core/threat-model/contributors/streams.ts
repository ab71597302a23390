// Contributor: Kafka: clusters (Strimzi `Kafka`) with their listeners' encryption, authentication
// and exposure, topics as the data they hold, and the producers and consumers that name bootstrap
// servers, joined to the cluster by its Strimzi service name and told apart by their user's ACLs.

import type { KafkaClientFact, KafkaClusterFact, KafkaUserFact } from '../../facts/data-plane';
import { clientDirection, kafkaProtocol } from '../../facts/connections';
import type { Loc } from '../../model';
import { clusterServiceNamespace, hostName } from '../classify';
import type { InferenceContext } from '../context';
import type { Join } from '../model';
import type { Contributor } from './contributor';

const PUBLIC_LISTENERS = /^(loadbalancer|nodeport|route|ingress|external)$/i;

/** Strimzi clusters and users by name, and the resource of each workload, looked up once per client. */
interface KafkaIndex {
  clusters: Map<string, KafkaClusterFact[]>;
  users: Map<string, KafkaUserFact>;
  resourceOf: Map<string, { name?: string; namespace?: string }>;
}

function kafkaIndex(ctx: InferenceContext): KafkaIndex {
  const clusters = new Map<string, KafkaClusterFact[]>();
  for (const k of ctx.facts.kafkaClusters) clusters.set(k.name, [...(clusters.get(k.name) ?? []), k]);
  const users = new Map<string, KafkaUserFact>();
  for (const u of ctx.facts.kafkaUsers) if (!users.has(u.name)) users.set(u.name, u);
  const resourceOf = new Map<string, { name?: string; namespace?: string }>();
  for (const r of ctx.index.resources) for (const w of r.workloads) resourceOf.set(w, { ...(r.name ? { name: r.name } : {}), ...(r.namespace ? { namespace: r.namespace } : {}) });
  return { clusters, users, resourceOf };
}

function clusterKey(name: string, ns: string | undefined): string {
  return `kafka|${ns ?? ''}|${name}`;
}

function clusterElement(ctx: InferenceContext, name: string, ns: string | undefined, evidence: Loc[]): string {
  return ctx.b.element(clusterKey(name, ns), { kind: 'store', role: 'stream', name: `Kafka cluster ${name}`, boundary: ctx.zones.namespaceOrCluster(ns), evidence });
}

function addCluster(ctx: InferenceContext, c: KafkaClusterFact): void {
  const b = ctx.b;
  const id = clusterElement(ctx, c.name, c.namespace, [c.loc]);
  const el = b.elements.get(id)!;
  if (!c.listeners.length) return;
  const open = c.listeners.filter((l) => !l.authentication);
  const plain = c.listeners.filter((l) => !l.tls);
  const exposed = c.listeners.filter((l) => l.type && PUBLIC_LISTENERS.test(l.type));
  el.properties.authenticated = open.length === 0;
  el.properties.encrypted = plain.length === 0;
  el.properties.publicNetwork = exposed.length > 0;
  if (!open.length)
    b.control(el, { kind: 'authenticated', text: `every listener authenticates clients (${[...new Set(c.listeners.map((l) => l.authentication))].join(', ')})`, loc: c.listeners[0].loc });
  if (!exposed.length) b.control(el, { kind: 'private-network', text: 'every listener is internal to the cluster', loc: c.listeners[0].loc });
}

/** The cluster a bootstrap address names: a Strimzi bootstrap or brokers service of a known cluster, else a host of its own. */
function bootstrapTarget(ctx: InferenceContext, ki: KafkaIndex, c: KafkaClientFact, clientNs: string | undefined): { id: string; cluster?: KafkaClusterFact; join?: Join } {
  const first = c.bootstrap.value
    .split(',')[0]
    .trim()
    .replace(/^[a-z]+:\/\//i, '');
  const host = hostName(first).toLowerCase();
  const m = /^([a-z0-9-]+?)-kafka-(bootstrap|brokers)(?:\.([a-z0-9-]+))?/.exec(host);
  if (m) {
    const ns = m[3] ?? clusterServiceNamespace(host) ?? clientNs;
    const named = ki.clusters.get(m[1]) ?? [];
    const cluster = named.find((k) => (k.namespace ?? ns) === ns) ?? named[0];
    const id = clusterElement(ctx, m[1], cluster?.namespace ?? ns, [c.bootstrap.loc]);
    const reason = `${host} is the ${m[2]} service Strimzi creates for Kafka cluster ${m[1]}`;
    return { id, ...(cluster ? { cluster } : {}), join: { kind: 'service-name', reason, evidence: [c.bootstrap.loc, ...(cluster ? [cluster.loc] : [])] } };
  }
  const ns = clusterServiceNamespace(host);
  const zone = ns ? ctx.zones.namespace(ns) : ctx.zones.hostZone(host);
  const id = ctx.b.element(`kafka-host|${host}`, {
    kind: 'store',
    role: 'stream',
    name: `Kafka cluster (${host})`,
    ...(zone ? { boundary: zone } : {}),
    ...(zone && !ns ? { properties: { publicNetwork: true } } : {}),
    evidence: [c.bootstrap.loc],
  });
  return { id };
}

/** Encryption and authentication of a client's connection: its `security.protocol`, else the listener on the port it dials. */
function connectionSecurity(c: KafkaClientFact, cluster: KafkaClusterFact | undefined): { encrypted?: boolean; authenticated?: boolean; text?: string; loc?: Loc } {
  if (c.securityProtocol) {
    const p = kafkaProtocol(c.securityProtocol.value);
    if (p) return { ...p, text: `security.protocol ${c.securityProtocol.value.trim()}`, loc: c.securityProtocol.loc };
  }
  const port = Number(/:(\d+)\s*(,|$)/.exec(c.bootstrap.value.split(',')[0])?.[1]);
  const listener = port ? cluster?.listeners.find((l) => l.port === port) : undefined;
  if (!listener) return {};
  return { encrypted: listener.tls, authenticated: !!listener.authentication, text: `listener ${listener.name} on port ${port}`, loc: listener.loc };
}

/** The Kafka user a client workload runs as: the user named like its resource or container. */
function userOf(ctx: InferenceContext, ki: KafkaIndex, c: KafkaClientFact, resourceName: string | undefined): KafkaUserFact | undefined {
  const w = c.workloadId ? ctx.index.workload(c.workloadId) : undefined;
  return [resourceName, w?.name].map((n) => (n ? ki.users.get(n) : undefined)).find((u) => !!u);
}

function topicAsset(ctx: InferenceContext, cluster: string, topic: string, loc: Loc): string {
  const id = ctx.b.asset('dataset', `kafka-topic|${cluster}|${topic}`, `topic ${topic}`, { evidence: [loc] });
  ctx.b.hold(cluster, id);
  return id;
}

function addClient(ctx: InferenceContext, ki: KafkaIndex, c: KafkaClientFact): void {
  const b = ctx.b;
  const client = ctx.workloadElement(c.workloadId, c.loc);
  if (!client) return;
  const resource = c.workloadId ? ki.resourceOf.get(c.workloadId) : undefined;
  const target = bootstrapTarget(ctx, ki, c, resource?.namespace ?? ctx.workloadFact(client)?.pod?.namespace);
  const user = userOf(ctx, ki, c, resource?.name);
  const sec = connectionSecurity(c, target.cluster);
  const written = [...c.topics.map((t) => t.value), ...(user?.writes ?? [])];
  const read = [...c.topics.map((t) => t.value), ...(user?.reads ?? [])];
  const direction = c.direction ?? (resource?.name ? clientDirection([resource.name]) : undefined);
  const produce = user ? user.writes.length > 0 : direction !== 'consume';
  const consume = user ? user.reads.length > 0 : direction !== 'produce';
  const common = {
    protocol: 'kafka',
    ...(sec.encrypted === undefined ? {} : { encrypted: sec.encrypted }),
    evidence: [c.loc, ...(user ? [user.loc] : [])],
    ...(target.join ? { join: target.join } : {}),
  };
  const flows: string[] = [];
  const assets = (topics: string[]) => [...new Set(topics)].filter((t) => t && t !== '*').map((t) => topicAsset(ctx, target.id, t, c.loc));
  if (produce) flows.push(b.flow({ kind: 'data-write', source: client, target: target.id, name: 'produces', assets: assets(user ? user.writes : written), ...common }));
  if (consume) flows.push(b.flow({ kind: 'data-read', source: target.id, target: client, name: 'consumes', assets: assets(user ? user.reads : read), ...common }));
  for (const id of flows) {
    const f = b.flows.get(id)!;
    if (sec.authenticated && sec.text) b.control(f, { kind: 'authenticated', text: `clients authenticate (${sec.text})`, ...(sec.loc ? { loc: sec.loc } : {}) });
    // A user's credentials count only where the connection is not known to skip authentication (a plain listener).
    else if (user?.authentication && sec.authenticated === undefined) b.control(f, { kind: 'authenticated', text: `runs as Kafka user ${user.name} (${user.authentication})`, loc: user.loc });
  }
}

export const streams: Contributor = {
  id: 'streams',
  description: 'Kafka clusters, their topics, and the producers and consumers that name bootstrap servers, with encryption and authentication.',
  contribute(ctx) {
    const f = ctx.facts;
    if (!f.kafkaClusters.length && !f.kafkaTopics.length && !f.kafkaClients.length) return;
    const ki = kafkaIndex(ctx);
    for (const c of f.kafkaClusters) addCluster(ctx, c);
    for (const t of f.kafkaTopics) {
      if (!t.cluster) continue;
      const known = ki.clusters.get(t.cluster)?.[0];
      topicAsset(ctx, clusterElement(ctx, t.cluster, known?.namespace ?? t.namespace, [t.loc]), t.name, t.loc);
    }
    for (const c of f.kafkaClients) addClient(ctx, ki, c);
  },
};
