// Inference of the data-flow diagram from multi-format facts: elements, flows, boundaries,
// cross-file joins, kept locations and stable ids.

import * as assert from 'node:assert/strict';
import { buildThreatModel } from '../../src/core/threat-model';
import type { Element, Flow, ThreatModel } from '../../src/core/threat-model/model';
import type { Facts } from '../../src/core/facts/model';
import { churnScenario, DOCKERFILE, DVC_LOCK, KFP, KSERVE, type Files } from './fixtures';

function el(m: ThreatModel, name: string, role?: string): Element {
  const found = m.elements.filter((e) => e.name === name && (!role || e.role === role));
  assert.equal(found.length, 1, `expected one element "${name}"${role ? ` (${role})` : ''}, found ${found.length}`);
  return found[0];
}

function flow(m: ThreatModel, kind: string, from: Element, to: Element): Flow {
  const f = m.flows.find((x) => x.kind === kind && x.source === from.id && x.target === to.id);
  assert.ok(f, `expected a ${kind} flow ${from.name} → ${to.name}`);
  return f;
}

function boundaryPath(m: ThreatModel, id: string | undefined): string[] {
  const out: string[] = [];
  while (id) {
    const b = m.boundaries.find((x) => x.id === id)!;
    out.push(b.name);
    id = b.parent;
  }
  return out;
}

const text = (files: Files, loc: { file: string; start: number; end: number }) => files.texts[loc.file].slice(loc.start, loc.end);

describe('threat model inference', () => {
  const s = churnScenario();
  const m = buildThreatModel({ facts: s.facts, findings: s.findings });

  it('draws the processes of every format in their zones', () => {
    assert.equal(el(m, DOCKERFILE).role, 'image-build');
    assert.deepEqual(boundaryPath(m, el(m, DOCKERFILE).boundary), ['Image build (CI)']);
    assert.deepEqual(boundaryPath(m, el(m, 'train', 'pipeline-step').boundary), ['Kubernetes cluster', 'AWS account']);
    assert.deepEqual(boundaryPath(m, el(m, 'churn').boundary), ['namespace serving', 'Kubernetes cluster', 'AWS account']);
    assert.equal(el(m, 'churn').role, 'inference-service');
    assert.deepEqual(boundaryPath(m, el(m, 'prepare').boundary), ['Developer workstation']);
    assert.equal(el(m, 'train', 'dvc-stage').kind, 'process');
  });

  it('draws stores and outside parties with their trust zones', () => {
    assert.deepEqual(boundaryPath(m, el(m, 's3://acme-dvc').boundary), ['s3://acme-dvc', 'AWS account']);
    assert.deepEqual(boundaryPath(m, el(m, 's3://acme-models').boundary), ['s3://acme-models', 'AWS account']);
    assert.deepEqual(boundaryPath(m, el(m, 'Docker Hub').boundary), ['Internet']);
    assert.deepEqual(boundaryPath(m, el(m, 'Hugging Face Hub').boundary), ['Hugging Face Hub', 'Internet']);
    assert.deepEqual(boundaryPath(m, el(m, 'registry.example.com').boundary), ['Organisation registry registry.example.com']);
    assert.deepEqual(boundaryPath(m, el(m, 'pypi.internal.example.com').boundary), ['Organisation registry pypi.internal.example.com']);
    assert.deepEqual(boundaryPath(m, el(m, 'MLflow tracking server (mlflow.mlops.svc.cluster.local)').boundary), ['namespace mlops', 'Kubernetes cluster', 'AWS account']);
    assert.equal(el(m, 'Kubernetes Secrets').role, 'secret-store');
    assert.equal(el(m, 'Clients of churn').kind, 'external-entity');
    assert.match(m.boundaries.find((b) => b.kind === 'cluster')!.note ?? '', /only cloud account/);
  });

  it('draws image pulls, installs, downloads, secrets, tracking and inference flows', () => {
    const base = flow(m, 'image-pull', el(m, 'Docker Hub'), el(m, DOCKERFILE));
    assert.deepEqual(base.integrity, { digest: false, pinned: true });
    const extra = flow(m, 'package-install', el(m, 'pypi.internal.example.com'), el(m, DOCKERFILE));
    assert.match(extra.name, /extra index/);
    assert.equal(flow(m, 'package-install', el(m, 'PyPI'), el(m, 'evaluate')).name, 'package install at step start');
    assert.deepEqual(flow(m, 'download', el(m, 'Hugging Face Hub'), el(m, DOCKERFILE)).integrity, { checksum: false });
    flow(m, 'secret-mount', el(m, 'Kubernetes Secrets'), el(m, 'train', 'pipeline-step'));
    const tracking = flow(m, 'tracking', el(m, 'train', 'pipeline-step'), el(m, 'MLflow tracking server (mlflow.mlops.svc.cluster.local)'));
    assert.equal(tracking.encrypted, false);
    flow(m, 'inference-request', el(m, 'Clients of churn'), el(m, 'churn'));
    flow(m, 'inference-response', el(m, 'churn'), el(m, 'Clients of churn'));
    flow(m, 'data-read', el(m, 's3://acme-dvc'), el(m, 'prepare'));
  });

  it('derives the boundaries a flow crosses', () => {
    const f = flow(m, 'image-pull', el(m, 'Docker Hub'), el(m, DOCKERFILE));
    const names = f.crosses.map((id) => m.boundaries.find((b) => b.id === id)!.name).sort();
    assert.deepEqual(names, ['Image build (CI)', 'Internet']);
    assert.deepEqual(flow(m, 'secret-mount', el(m, 'Kubernetes Secrets'), el(m, 'train', 'pipeline-step')).crosses, []);
  });

  it('joins the image a pipeline step runs to the Dockerfile that builds it', () => {
    const train = el(m, 'train', 'pipeline-step');
    assert.equal(train.builtBy, el(m, DOCKERFILE).id);
    const push = flow(m, 'image-push', el(m, DOCKERFILE), el(m, 'registry.example.com'));
    assert.equal(push.join?.kind, 'image-build');
    assert.match(push.join!.reason, /trainer matches the Dockerfile path docker\/trainer\/Dockerfile/);
    assert.ok(push.evidence.some((l) => l.file === KFP && text(s.files, l) === 'registry.example.com/ml/trainer:1.2'));
  });

  it('joins a DVC output to the stage that reads it', () => {
    const f = flow(m, 'artifact-handover', el(m, 'prepare'), el(m, 'train', 'dvc-stage'));
    assert.equal(f.join?.kind, 'lineage');
    assert.ok(f.controls.some((c) => c.kind === 'hashes-recorded'));
    assert.deepEqual(
      f.evidence.map((l) => text(s.files, l)),
      ['path: data/clean.csv', 'path: data/clean.csv'],
    );
    assert.ok(f.evidence.every((l) => l.file === DVC_LOCK));
  });

  it('joins the model KServe loads to the stage that writes it', () => {
    const publish = flow(m, 'model-publish', el(m, 'train', 'dvc-stage'), el(m, 's3://acme-models'));
    assert.equal(publish.join?.kind, 'model-uri');
    const load = flow(m, 'model-load', el(m, 's3://acme-models'), el(m, 'churn'));
    assert.ok(load.evidence.some((l) => l.file === KSERVE && text(s.files, l) === 's3://acme-models/churn/model.pkl'));
    const formats = load.assets.map((a) => m.assets.find((x) => x.id === a)!.format);
    assert.ok(formats.includes('pickle'));
  });

  it('links task dependencies when no artifact lineage says more', () => {
    const f = flow(m, 'artifact-handover', el(m, 'train', 'pipeline-step'), el(m, 'evaluate'));
    assert.equal(f.join?.kind, 'task-dependency');
  });

  it('keeps the locations every element and flow was inferred from', () => {
    for (const e of m.elements) assert.ok(e.evidence.length > 0, `${e.name} has no evidence`);
    for (const f of m.flows) assert.ok(f.evidence.length > 0, `${f.name} has no evidence`);
    const pull = flow(m, 'image-pull', el(m, 'Docker Hub'), el(m, DOCKERFILE));
    assert.deepEqual(
      pull.evidence.map((l) => [l.file, text(s.files, l)]),
      [[DOCKERFILE, 'python:3.11-slim']],
    );
  });

  it('gives the same ids after edits elsewhere in the files', () => {
    const shifted = churnScenario({}, '# generated by the release job\n# do not edit\n');
    const m2 = buildThreatModel({ facts: shifted.facts, findings: shifted.findings });
    assert.notDeepEqual(m2.flows[0].evidence, m.flows[0].evidence);
    assert.deepEqual(
      m2.elements.map((e) => e.id),
      m.elements.map((e) => e.id),
    );
    assert.deepEqual(
      m2.flows.map((f) => f.id),
      m.flows.map((f) => f.id),
    );
    assert.deepEqual(
      m2.threats.map((t) => [t.id, t.status]),
      m.threats.map((t) => [t.id, t.status]),
    );
  });

  it('is deterministic whatever the order of the facts', () => {
    const reversed = churnScenario();
    const facts = reversed.facts as unknown as Record<string, unknown[]>;
    for (const k of Object.keys(facts)) if (Array.isArray(facts[k])) facts[k].reverse();
    const m2 = buildThreatModel({ facts: reversed.facts as Facts, findings: [...reversed.findings].reverse() });
    assert.equal(JSON.stringify(m2), JSON.stringify(m));
  });

  it('summarises counts and notes nothing unexpected', () => {
    assert.equal(m.summary.elements, m.elements.length);
    assert.equal(m.summary.flows, m.flows.length);
    const total = Object.values(m.summary.threats).reduce((a, b) => a + b, 0);
    assert.equal(total, m.threats.length);
    assert.deepEqual(m.notes, []);
  });
});
