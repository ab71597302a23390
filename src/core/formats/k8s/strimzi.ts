// Reads Strimzi resources: a `Kafka` cluster's listeners (TLS, authentication) and authorisation,
// `KafkaTopic`s and `KafkaUser`s (authentication and topic ACLs), as Kafka facts.

import type { Node } from 'yaml';
import type { KafkaListenerFact } from '../../facts/data-plane';
import { recordResource, resourceMeta, type ResourceCtx } from './resources';

/** The cluster a topic or user belongs to: its `strimzi.io/cluster` label. */
function clusterLabel(rc: ResourceCtx): string | undefined {
  return rc.b.y.string(rc.b.y.path(rc.node, 'metadata', 'labels', 'strimzi.io/cluster'));
}

function listeners(rc: ResourceCtx, kafka: Node | undefined): KafkaListenerFact[] {
  const y = rc.b.y;
  const out: KafkaListenerFact[] = [];
  const list = y.get(kafka, 'listeners');
  // Strimzi's current API lists listeners; older versions map `plain`, `tls` and `external` to their settings.
  const items = y.seq(list) ? y.items(list).map((n) => ({ name: y.string(y.get(n, 'name')) ?? 'listener', node: n })) : y.entries(list).map((e) => ({ name: e.key, node: e.value }));
  for (const { name, node } of items) {
    if (!node && !name) continue;
    const tls = y.bool(y.get(node, 'tls'))?.value ?? name === 'tls';
    const auth = y.string(y.path(node, 'authentication', 'type'));
    const type = y.string(y.get(node, 'type')) ?? (name === 'external' ? 'external' : undefined);
    const port = y.int(y.get(node, 'port'))?.value ?? (name === 'plain' ? 9092 : name === 'tls' ? 9093 : undefined);
    out.push({ name, ...(type ? { type } : {}), ...(port ? { port } : {}), tls, ...(auth ? { authentication: auth } : {}), loc: y.nodeLoc(node) ?? resourceMeta(rc.b, rc.node).anchor });
  }
  return out;
}

/** Topic names an ACL list allows an operation group on. */
function aclTopics(rc: ResourceCtx, acls: Node | undefined, ops: RegExp): string[] {
  const y = rc.b.y;
  const out: string[] = [];
  for (const acl of y.items(acls)) {
    if (y.string(y.path(acl, 'resource', 'type')) !== 'topic') continue;
    const name = y.string(y.path(acl, 'resource', 'name')) ?? '*';
    const operations = [...y.items(y.get(acl, 'operations')).map((o) => y.string(o) ?? ''), y.string(y.get(acl, 'operation')) ?? ''];
    if (operations.some((o) => ops.test(o)) && !out.includes(name)) out.push(name);
  }
  return out;
}

export function readStrimzi(rc: ResourceCtx): string[] {
  const { b } = rc;
  const y = b.y;
  const m = resourceMeta(b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const loc = y.nodeLoc(rc.node) ?? m.anchor;
  const ns = m.namespace ? { namespace: m.namespace } : {};
  const cluster = clusterLabel(rc);
  if (rc.cls.kind === 'Kafka') {
    const kafka = y.get(spec, 'kafka');
    const authorization = y.string(y.path(kafka, 'authorization', 'type'));
    b.facts.kafkaClusters.push({ name: m.name, ...ns, listeners: listeners(rc, kafka), ...(authorization ? { authorization } : {}), loc });
  } else if (rc.cls.kind === 'KafkaTopic') {
    const topicName = y.string(y.get(spec, 'topicName')) ?? m.name;
    b.facts.kafkaTopics.push({ name: topicName, ...(cluster ? { cluster } : {}), ...ns, loc });
  } else if (rc.cls.kind === 'KafkaUser') {
    const acls = y.path(spec, 'authorization', 'acls');
    const authentication = y.string(y.path(spec, 'authentication', 'type'));
    const authorization = y.string(y.path(spec, 'authorization', 'type'));
    b.facts.kafkaUsers.push({
      name: m.name,
      ...(cluster ? { cluster } : {}),
      ...ns,
      ...(authentication ? { authentication } : {}),
      ...(authorization ? { authorization } : {}),
      reads: aclTopics(rc, acls, /^(Read|All)$/),
      writes: aclTopics(rc, acls, /^(Write|Create|All)$/),
      loc,
    });
  }
  return recordResource(rc, []);
}
