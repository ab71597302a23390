// The data plane in the threat model, through the format readers: Kafka clusters, topics, users
// and clients, Feast feature stores, databases named by connection strings (placeholders kept),
// and inference payload logging, each with the encryption and authentication the files say.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { threatModelForWorkspace } from '../../src/core/threat-model/workspace';
import type { Element, Flow, ThreatModel } from '../../src/core/threat-model/model';

const dirs: string[] = [];

/** The threat model of a workspace holding exactly these files. */
async function modelOf(files: Record<string, string>): Promise<ThreatModel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-dp-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return (await threatModelForWorkspace({}, { engine: createEngine(), root: dir })).model;
}

const byName = (m: ThreatModel, name: string): Element => {
  const e = m.elements.find((x) => x.name === name);
  assert.ok(e, `no element ${name}; have ${m.elements.map((x) => x.name).join(', ')}`);
  return e;
};

const flowsBetween = (m: ThreatModel, from: string, to: string): Flow[] => m.flows.filter((f) => f.source === byName(m, from).id && f.target === byName(m, to).id);

const assetNames = (m: ThreatModel, f: Flow) => f.assets.map((a) => m.assets.find((x) => x.id === a)!.name);

const KAFKA = `apiVersion: kafka.strimzi.io/v1beta2
kind: Kafka
metadata:
  name: events
  namespace: streaming
spec:
  kafka:
    listeners:
      - name: plain
        port: 9092
        type: internal
        tls: false
      - name: tls
        port: 9093
        type: internal
        tls: true
        authentication:
          type: scram-sha-512
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaTopic
metadata:
  name: payments
  namespace: streaming
  labels:
    strimzi.io/cluster: events
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaUser
metadata:
  name: scorer
  namespace: streaming
  labels:
    strimzi.io/cluster: events
spec:
  authentication:
    type: scram-sha-512
  authorization:
    type: simple
    acls:
      - resource: {type: topic, name: payments}
        operations: [Read]
`;

function deployment(name: string, env: Record<string, string>): string {
  const vars = Object.entries(env)
    .map(([k, v]) => `            - name: ${k}\n              value: "${v}"`)
    .join('\n');
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: streaming
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${name}:1.0.0
          env:
${vars}
`;
}

describe('threat model of the data plane', function () {
  this.timeout(30_000);
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('draws a Strimzi cluster with its topics and a consumer joined by the bootstrap service name', async () => {
    const m = await modelOf({
      'kafka.yaml': KAFKA,
      'scorer.yaml': deployment('scorer', { KAFKA_BOOTSTRAP_SERVERS: 'events-kafka-bootstrap.streaming.svc:9093', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' }),
    });
    const cluster = byName(m, 'Kafka cluster events');
    assert.equal(cluster.role, 'stream');
    assert.equal(m.boundaries.find((b) => b.id === cluster.boundary)?.name, 'namespace streaming');
    assert.equal(cluster.properties.authenticated, false, 'the plain listener lets clients in without authentication');
    assert.equal(cluster.properties.publicNetwork, false);
    assert.ok(cluster.assets.map((a) => m.assets.find((x) => x.id === a)!.name).includes('topic payments'));
    // The KafkaUser named like the Deployment may only read, so the client is a consumer only.
    assert.equal(flowsBetween(m, 'app', 'Kafka cluster events').length, 0);
    const [read] = flowsBetween(m, 'Kafka cluster events', 'app');
    assert.equal(read.kind, 'data-read');
    assert.equal(read.encrypted, true);
    assert.deepEqual(assetNames(m, read), ['topic payments']);
    assert.equal(read.join?.kind, 'service-name');
    assert.match(read.join!.reason, /bootstrap service Strimzi creates for Kafka cluster events/);
    assert.deepEqual(read.controls.map((c) => c.kind).sort(), ['authenticated', 'tls']);
  });

  it('reads the listener on the dialled port when the client names no security protocol', async () => {
    const m = await modelOf({ 'kafka.yaml': KAFKA, 'scorer.yaml': deployment('scorer', { BOOTSTRAP_SERVERS: 'events-kafka-bootstrap:9092' }) });
    const [read] = flowsBetween(m, 'Kafka cluster events', 'app');
    assert.equal(read.encrypted, false, 'port 9092 is the plain listener');
    assert.deepEqual(
      read.controls.map((c) => c.kind),
      [],
      'a plain listener authenticates nobody, whatever the user says',
    );
  });

  it('draws a producer to a cluster outside the repository, with its protocol', async () => {
    const m = await modelOf({
      'producer.yaml': deployment('txn-producer', { KAFKA_BROKERS: 'broker-1.kafka.internal:9092,broker-2.kafka.internal:9092', SECURITY_PROTOCOL: 'PLAINTEXT', KAFKA_TOPIC: 'txns' }),
    });
    const [write] = flowsBetween(m, 'app', 'Kafka cluster (broker-1.kafka.internal)');
    assert.equal(write.kind, 'data-write', 'a workload named producer writes');
    assert.equal(write.encrypted, false);
    assert.deepEqual(assetNames(m, write), ['topic txns']);
    assert.deepEqual(flowsBetween(m, 'Kafka cluster (broker-1.kafka.internal)', 'app'), []);
  });

  it('keeps a database whose password is a placeholder, with its TLS mode and no credential', async () => {
    const m = await modelOf({
      'app.yaml': deployment('loans', { DATABASE_URL: 'postgresql+psycopg2://app:$(DB_PASSWORD)@postgres.data.svc.cluster.local:5432/loans?sslmode=prefer' }),
    });
    const db = byName(m, 'postgresql postgres.data.svc.cluster.local/loans');
    assert.equal(db.role, 'database');
    assert.equal(db.properties.storesCredentials, undefined, 'a placeholder is not a credential');
    const [flow] = flowsBetween(m, 'app', db.name);
    assert.equal(flow.encrypted, false, 'sslmode=prefer falls back to plaintext');
  });

  it('marks a literal database password as a credential the store holds', async () => {
    const m = await modelOf({ 'app.yaml': deployment('cache', { CACHE_URL: 'rediss://default:s3cr3t-value@cache.example.net:6380/2' }) });
    const db = byName(m, 'redis cache.example.net');
    assert.equal(db.properties.storesCredentials, true);
    assert.equal(flowsBetween(m, 'app', db.name)[0].encrypted, true, 'rediss is TLS');
  });

  it('keeps the MLflow backend database when its password is a variable', async () => {
    const m = await modelOf({
      'mlflow.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: mlflow, namespace: mlops}
spec:
  template:
    spec:
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.14.1
          command: [mlflow, server, --host, 0.0.0.0, --backend-store-uri, "postgresql://mlflow:$(PGPASS)@pg.mlops.svc:5432/mlflow?sslmode=require"]
`,
    });
    const db = byName(m, 'postgresql pg.mlops.svc/mlflow');
    assert.equal(db.role, 'tracking-backend');
    const [flow] = flowsBetween(m, 'mlflow', db.name);
    assert.equal(flow.encrypted, true);
  });

  it('draws a Feast feature store: registry, online and offline stores and the materialisation', async () => {
    const m = await modelOf({
      'repo/feature_store.yaml': `project: credit
provider: local
registry:
  registry_type: sql
  path: postgresql://feast:\${PG_PASSWORD}@pg.features.svc:5432/feast?sslmode=verify-full
online_store:
  type: redis
  connection_string: redis.features.svc:6379,ssl=true,password=hunter2-literal
offline_store:
  type: bigquery
`,
    });
    const job = 'Feast materialisation (credit)';
    const online = byName(m, 'redis redis.features.svc');
    assert.equal(online.role, 'feature-store');
    assert.equal(online.properties.encrypted, true);
    const offline = byName(m, 'credit offline store (bigquery)');
    assert.equal(m.boundaries.find((b) => b.id === offline.boundary)?.kind, 'cloud-account');
    const registry = byName(m, 'postgresql pg.features.svc/feast');
    assert.equal(registry.properties.storesCredentials, undefined);
    assert.equal(flowsBetween(m, offline.name, job)[0].kind, 'data-read');
    assert.deepEqual(assetNames(m, flowsBetween(m, job, online.name)[0]), ['features of credit']);
    assert.equal(flowsBetween(m, job, registry.name)[0].encrypted, true);
    // The literal Redis password is a finding that lands on the feature store's parts.
    const secret = m.findings.find((f) => f.ruleId === 'secrets/hardcoded-credential' && f.loc.file === 'repo/feature_store.yaml');
    assert.ok(secret, 'the literal password in the connection string is reported');
  });

  it('draws the payload log sink of a KServe predictor with the inference payloads it receives', async () => {
    const m = await modelOf({
      'isvc.yaml': `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: scorer, namespace: serving}
spec:
  predictor:
    logger:
      mode: request
      url: http://message-dumper.logs.svc.cluster.local
    model:
      modelFormat: {name: sklearn}
      storageUri: s3://models/scorer
`,
    });
    const sink = byName(m, 'Inference log sink (message-dumper.logs.svc.cluster.local)');
    assert.equal(sink.role, 'log-store');
    assert.equal(m.boundaries.find((b) => b.id === sink.boundary)?.name, 'namespace logs');
    const service = m.elements.find((e) => e.role === 'inference-service')!;
    const [flow] = m.flows.filter((f) => f.kind === 'logging' && f.source === service.id && f.target === sink.id);
    assert.equal(flow.name, 'logs requests');
    assert.equal(flow.encrypted, false);
    assert.deepEqual(assetNames(m, flow), [`inference payloads of ${service.name}`]);
    assert.ok(sink.assets.includes(flow.assets[0]));
  });

  it('joins a <isvc>-predictor Service name to its InferenceService', async () => {
    const isvc = (name: string, ns: string, logger: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: ${name}, namespace: ${ns}}
spec:
  predictor:
${logger}    containers:
      - name: ${name}-server
        image: registry.example.com/${name}:1.0.0
`;
    const m = await modelOf({
      'scorer.yaml': isvc('scorer', 'serving', '    logger: {mode: all, url: "http://dumper-predictor.logs.svc.cluster.local"}\n'),
      'dumper.yaml': isvc('dumper', 'logs', ''),
    });
    const flow = m.flows.find((f) => f.kind === 'logging')!;
    assert.equal(byName(m, 'dumper-server').id, flow.target, 'the log sink is the dumper InferenceService, not a new store');
    assert.match(flow.join!.reason, /dumper-predictor\.logs\.svc\.cluster\.local is the predictor Service KServe creates for InferenceService dumper in namespace logs/);
  });

  it('joins a scheme-less host:port tracking address to the in-cluster server', async () => {
    const m = await modelOf({
      'mlflow.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: mlflow, namespace: mlops}
spec:
  template:
    spec:
      containers:
        - name: mlflow
          image: ghcr.io/mlflow/mlflow:v2.14.1
          command: [mlflow, server, --host, 0.0.0.0]
`,
      'train.yaml': deployment('trainer', { MLFLOW_TRACKING_URI: 'mlflow.mlops.svc.cluster.local:5000' }),
    });
    const [flow] = flowsBetween(m, 'app', 'mlflow');
    assert.equal(flow.kind, 'tracking');
    assert.equal(flow.protocol, 'http');
    assert.equal(flow.join?.kind, 'service-name');
  });
});
