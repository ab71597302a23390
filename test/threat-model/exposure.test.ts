// Network and identity controls as evidence, through the format readers: Service type, Ingress
// TLS, allow-lists and authentication, NetworkPolicy, Istio mTLS and AuthorizationPolicy, and
// serving visibility. Each case adds or removes one control and checks what changes.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { threatModelForWorkspace } from '../../src/core/threat-model/workspace';
import type { Element, ThreatModel } from '../../src/core/threat-model/model';

const dirs: string[] = [];

async function modelOf(files: Record<string, string>): Promise<ThreatModel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-exp-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return (await threatModelForWorkspace({}, { engine: createEngine(), root: dir })).model;
}

const MLFLOW = `apiVersion: apps/v1
kind: Deployment
metadata: {name: mlflow, namespace: mlops}
spec:
  selector: {matchLabels: {app: mlflow}}
  template:
    metadata: {labels: {app: mlflow}}
    spec:
      serviceAccountName: mlflow
      containers:
        - name: server
          image: ghcr.io/mlflow/mlflow:v2.14.1
          command: [mlflow, server, --host, 0.0.0.0, --port, "5000"]
`;

const TRAINER = `apiVersion: batch/v1
kind: Job
metadata: {name: train, namespace: mlops}
spec:
  template:
    metadata: {labels: {app: train}}
    spec:
      serviceAccountName: trainer
      containers:
        - name: train
          image: registry.example.com/train:1.0.0
          env:
            - name: MLFLOW_TRACKING_URI
              value: http://mlflow.mlops.svc.cluster.local:5000
`;

function service(type: string, extra = ''): string {
  return `apiVersion: v1
kind: Service
metadata: {name: mlflow, namespace: mlops}
spec:
  type: ${type}
  selector: {app: mlflow}
  ports: [{port: 5000}]
${extra}`;
}

const NETPOL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: mlflow-clients, namespace: mlops}
spec:
  podSelector: {matchLabels: {app: mlflow}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: train}}
`;

const server = (m: ThreatModel): Element => m.elements.find((e) => e.role === 'tracking-server')!;
const controls = (e: { controls: { kind: string; text: string }[] }) => e.controls.map((c) => `${c.kind}: ${c.text}`);

describe('threat model: network and identity controls as evidence', function () {
  this.timeout(30_000);
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('rates a ClusterIP MLflow server behind a NetworkPolicy as cluster-internal, and a LoadBalancer one as public', async () => {
    const internal = await modelOf({ 'mlflow.yaml': MLFLOW, 'svc.yaml': service('ClusterIP'), 'netpol.yaml': NETPOL });
    const el = server(internal);
    assert.equal(el.properties.publicNetwork, false);
    assert.deepEqual(
      controls(el).filter((c) => c.startsWith('private-network')),
      ['private-network: Service mlflow is ClusterIP: reachable only inside the cluster'],
    );

    const open = await modelOf({ 'mlflow.yaml': MLFLOW, 'svc.yaml': service('LoadBalancer') });
    assert.equal(server(open).properties.publicNetwork, true);
    assert.deepEqual(
      controls(server(open)).filter((c) => c.startsWith('private-network')),
      [],
    );
  });

  it('reads a NetworkPolicy that admits only named pods, and ignores one that admits everyone', async () => {
    const m = await modelOf({ 'mlflow.yaml': MLFLOW, 'netpol.yaml': NETPOL });
    assert.deepEqual(controls(server(m)), ['private-network: NetworkPolicy mlflow-clients admits only pods app=train']);
    const any = await modelOf({ 'mlflow.yaml': MLFLOW, 'netpol.yaml': NETPOL.replace('    - from:\n        - podSelector: {matchLabels: {app: train}}\n', '    - {}\n') });
    assert.deepEqual(controls(server(any)), []);
  });

  it('makes an Ingress public unless it has a source allow-list, and reads its TLS and authentication', async () => {
    const ingress = (annotations: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: mlflow
  namespace: mlops
  annotations:
${annotations}
spec:
  tls: [{hosts: [mlflow.example.com], secretName: mlflow-tls}]
  rules:
    - host: mlflow.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: mlflow, port: {number: 5000}}}
`;
    const open = await modelOf({ 'mlflow.yaml': MLFLOW, 'svc.yaml': service('ClusterIP'), 'ing.yaml': ingress('    kubernetes.io/ingress.class: nginx') });
    const el = server(open);
    assert.equal(el.properties.publicNetwork, true, 'the Ingress exposes the ClusterIP Service');
    assert.deepEqual(
      controls(el).filter((c) => c.startsWith('private-network')),
      [],
    );
    const request = open.flows.find((f) => f.target === el.id && f.kind === 'inference-request')!;
    assert.deepEqual(controls(request), ['tls: Ingress mlflow terminates TLS']);

    const guarded = await modelOf({
      'mlflow.yaml': MLFLOW,
      'svc.yaml': service('ClusterIP'),
      'ing.yaml': ingress('    nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8\n    nginx.ingress.kubernetes.io/auth-url: https://oauth2.example.com/oauth2/auth'),
    });
    const g = server(guarded);
    assert.equal(g.properties.publicNetwork, false);
    assert.ok(controls(g).includes('private-network: Ingress mlflow admits only 10.0.0.0/8'));
    assert.ok(controls(g).includes('authenticated: Ingress mlflow authenticates requests (https://oauth2.example.com/oauth2/auth)'));
  });

  it('encrypts and authenticates flows between workloads of a STRICT mTLS namespace, and not under PERMISSIVE', async () => {
    const peer = (mode: string) => `apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: mlops}
spec:
  mtls: {mode: ${mode}}
`;
    const tracking = (m: ThreatModel) => m.flows.find((f) => f.kind === 'tracking' && f.target === server(m).id)!;
    const strict = await modelOf({ 'mlflow.yaml': MLFLOW, 'train.yaml': TRAINER, 'peer.yaml': peer('STRICT') });
    const f = tracking(strict);
    assert.equal(f.encrypted, true);
    assert.deepEqual(f.controls.map((c) => c.kind).sort(), ['authenticated', 'tls']);

    const permissive = await modelOf({ 'mlflow.yaml': MLFLOW, 'train.yaml': TRAINER, 'peer.yaml': peer('PERMISSIVE') });
    assert.deepEqual(
      tracking(permissive).controls.map((c) => c.kind),
      [],
    );
  });

  it('reads an AuthorizationPolicy that admits only named principals as authentication and a private endpoint', async () => {
    const m = await modelOf({
      'mlflow.yaml': MLFLOW,
      'authz.yaml': `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: mlflow-callers, namespace: mlops}
spec:
  selector: {matchLabels: {app: mlflow}}
  action: ALLOW
  rules:
    - from:
        - source: {principals: [cluster.local/ns/mlops/sa/trainer]}
`,
    });
    const el = server(m);
    assert.ok(controls(el).includes('authenticated: AuthorizationPolicy mlflow-callers admits only principal cluster.local/ns/mlops/sa/trainer'));
    assert.equal(el.properties.publicNetwork, false);
  });

  it('reads KServe cluster-local visibility as a private endpoint', async () => {
    const isvc = (labels: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: scorer
  namespace: serving
  labels: {${labels}}
spec:
  predictor:
    model:
      modelFormat: {name: sklearn}
      storageUri: s3://models/scorer
`;
    const local = await modelOf({ 'isvc.yaml': isvc('networking.kserve.io/visibility: cluster-local') });
    const el = local.elements.find((e) => e.role === 'inference-service')!;
    assert.deepEqual(controls(el), ['private-network: visibility cluster-local: served only inside the cluster']);
    assert.equal(el.properties.publicNetwork, false);
    const exposed = await modelOf({ 'isvc.yaml': isvc('team: fraud') });
    assert.deepEqual(controls(exposed.elements.find((e) => e.role === 'inference-service')!), []);
  });
});
