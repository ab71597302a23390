// The threat model of a realistic multi-format repository read by the real format readers: a
// training image built by a Makefile, a compiled KFP pipeline, a KServe InferenceService and an
// MLflow Deployment. Checks elements, flows, boundaries, the cross-file joins, source locations,
// and threat statuses that follow fixes in the files.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { threatDragonValidator } from '../helpers/threat-dragon';
import type { Flow, ThreatModel } from '../../src/core/threat-model/model';
import { exportThreatModelForWorkspace, threatModelForWorkspace } from '../../src/core/threat-model/workspace';

const ROOT = path.resolve(__dirname, '../../..');
const REPO = path.join(ROOT, 'test/fixtures/threat-model/fraud-platform');

async function modelOf(dir: string): Promise<ThreatModel> {
  return (await threatModelForWorkspace({}, { engine: createEngine(), root: dir })).model;
}

function names(m: ThreatModel) {
  const name = (id: string) => m.elements.find((e) => e.id === id)?.name ?? id;
  const boundary = (id: string | undefined) => m.boundaries.find((b) => b.id === id)?.name;
  return { name, boundary, flow: (f: Flow) => `${f.kind}: ${name(f.source)} -> ${name(f.target)}` };
}

function findFlow(m: ThreatModel, kind: string, source: string, target: string): Flow {
  const { flow } = names(m);
  const f = m.flows.find((x) => flow(x) === `${kind}: ${source} -> ${target}`);
  assert.ok(f, `no flow ${kind}: ${source} -> ${target}; flows: ${m.flows.map(flow).join('; ')}`);
  return f;
}

function threatOn(m: ThreatModel, template: string, target: string) {
  const t = m.threats.find((x) => x.template === template && x.targets[0] === target);
  assert.ok(t, `no ${template} on ${target}`);
  return t;
}

describe('threat model of a multi-format repository', function () {
  this.timeout(60_000);
  let dir: string;
  let model: ThreatModel;

  before(async () => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-fraud-')), 'fraud-platform');
    fs.cpSync(REPO, dir, { recursive: true });
    model = await modelOf(dir);
  });
  after(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('draws processes, stores and outside parties of every format in their boundaries', () => {
    const { boundary } = names(model);
    const drawn = new Set(model.elements.map((e) => `${e.kind} ${e.role} "${e.name}" in ${boundary(e.boundary) ?? 'no boundary'}`));
    for (const expected of [
      'process image-build "docker/trainer/Dockerfile" in Image build (CI)',
      'process pipeline-step "train" in Kubernetes cluster',
      'process pipeline-step "evaluate" in Kubernetes cluster',
      'process tracking-server "mlflow" in namespace mlops',
      'process inference-service "predictor-model" in namespace serving',
      'store object-store "s3://fraud-models" in s3://fraud-models',
      'store object-store "s3://fraud-data" in s3://fraud-data',
      'store artifact-store "s3://fraud-mlflow-artifacts" in s3://fraud-mlflow-artifacts',
      'store tracking-backend "postgresql postgres.mlops.svc.cluster.local/mlflow" in namespace mlops',
      'store secret-store "Kubernetes Secrets" in Kubernetes cluster',
      'external-entity container-registry "Docker Hub" in Internet',
      'external-entity package-index "PyPI" in Internet',
      'external-entity model-hub "Hugging Face Hub" in Hugging Face Hub',
      'external-entity container-registry "registry.example.com" in Organisation registry registry.example.com',
      'external-entity package-index "pypi.internal.example.com" in Organisation registry pypi.internal.example.com',
    ]) {
      assert.ok(drawn.has(expected), `missing ${expected}\n${[...drawn].join('\n')}`);
    }
    // Exactly one tracking server: the URL the pipeline uses is the Deployment's in-cluster name.
    assert.equal(model.elements.filter((e) => e.role === 'tracking-server').length, 1);
  });

  it('nests the boundaries: namespaces in the cluster, the cluster in the only cloud account', () => {
    const { boundary } = names(model);
    const parent = (name: string) => boundary(model.boundaries.find((b) => b.name === name)?.parent);
    assert.equal(parent('namespace mlops'), 'Kubernetes cluster');
    assert.equal(parent('namespace serving'), 'Kubernetes cluster');
    assert.equal(parent('Kubernetes cluster'), 'AWS account');
    assert.equal(parent('s3://fraud-models'), 'AWS account');
    assert.equal(parent('Hugging Face Hub'), 'Internet');
  });

  it('draws pulls, installs, downloads, data, tracking, model and inference flows', () => {
    for (const [kind, source, target] of [
      ['image-pull', 'Docker Hub', 'docker/trainer/Dockerfile'],
      ['package-install', 'pypi.internal.example.com', 'docker/trainer/Dockerfile'],
      ['package-install', 'PyPI', 'evaluate'],
      ['download', 'Hugging Face Hub', 'docker/trainer/Dockerfile'],
      ['image-pull', 'registry.example.com', 'train'],
      ['secret-mount', 'Kubernetes Secrets', 'train'],
      ['data-read', 's3://fraud-data', 'train'],
      ['model-publish', 'train', 's3://fraud-models'],
      ['model-load', 's3://fraud-models', 'predictor-model'],
      ['tracking', 'mlflow', 'postgresql postgres.mlops.svc.cluster.local/mlflow'],
      ['tracking', 'mlflow', 's3://fraud-mlflow-artifacts'],
      ['inference-request', 'Clients of predictor-model', 'predictor-model'],
      ['inference-response', 'predictor-model', 'Clients of predictor-model'],
    ] as const) {
      findFlow(model, kind, source, target);
    }
    const pull = findFlow(model, 'image-pull', 'registry.example.com', 'train');
    assert.ok(pull.crosses.length > 0, 'the pull from the organisation registry crosses into the cluster');
    assert.equal(model.flows.filter((f) => f.kind === 'data-write' && names(model).name(f.target) === 's3://fraud-models').length, 0, 'loading a model is not a write');
  });

  it('joins across files: the image a step runs, the tracking service, the model serving loads', () => {
    const push = findFlow(model, 'image-push', 'docker/trainer/Dockerfile', 'registry.example.com');
    assert.equal(push.join?.kind, 'image-build');
    assert.equal(push.join?.reason, 'Makefile builds registry.example.com/ml/fraud-trainer:1.4.0 from docker/trainer/Dockerfile');
    const tracking = findFlow(model, 'tracking', 'train', 'mlflow');
    assert.equal(tracking.join?.kind, 'service-name');
    assert.deepEqual([...new Set(tracking.join!.evidence.map((l) => l.file))], ['pipelines/fraud-training.yaml', 'deploy/mlflow.yaml']);
    const load = findFlow(model, 'model-load', 's3://fraud-models', 'predictor-model');
    assert.equal(load.join?.reason, 'train writes s3://fraud-models/fraud/model.joblib, which the serving deployment loads');
    const publish = findFlow(model, 'model-publish', 'train', 's3://fraud-models');
    assert.ok(
      load.assets.every((a) => publish.assets.includes(a)),
      'the published model is the loaded one',
    );
    assert.equal(findFlow(model, 'artifact-handover', 'train', 'evaluate').join?.kind, 'task-dependency');
  });

  it('keeps source locations on every element and flow, and lands every finding on the diagram', () => {
    for (const x of [...model.elements, ...model.flows]) {
      assert.ok(x.evidence.length > 0, `${x.name} has no source location`);
      for (const l of x.evidence) {
        const text = fs.readFileSync(path.join(dir, l.file), 'utf8');
        assert.ok(l.start >= 0 && l.end <= text.length && l.start <= l.end, `${x.name}: ${l.file} ${l.start}-${l.end}`);
      }
    }
    assert.ok(model.findings.length > 15);
    for (const f of model.findings) assert.ok(f.targets.length > 0, `${f.ruleId} at ${f.loc.file}:${f.range.start.line + 1} lands on nothing`);
    const sa = model.findings.filter((f) => f.ruleId === 'container/default-service-account');
    assert.deepEqual(sa.map((f) => f.targets.map(names(model).name)).sort(), [['mlflow'], ['predictor-model']]);
  });

  it('changes statuses when the files are fixed, keeping threat ids', async () => {
    const mlflow = model.elements.find((e) => e.name === 'mlflow')!;
    const pull = findFlow(model, 'image-pull', 'registry.example.com', 'train');
    const spoofing = threatOn(model, 'stride.process.spoofing', mlflow.id);
    const substitution = threatOn(model, 'supply-chain.image-substitution', pull.id);
    assert.equal(spoofing.status, 'open');
    assert.deepEqual(
      spoofing.findings.map((f) => f.ruleId),
      ['serving/unauthenticated-ml-service'],
    );
    assert.equal(substitution.status, 'open');

    const edit = (file: string, from: string, to: string) => {
      const p = path.join(dir, file);
      const text = fs.readFileSync(p, 'utf8');
      assert.ok(text.includes(from), `${file} has ${from}`);
      fs.writeFileSync(p, text.replace(from, to));
    };
    edit('deploy/mlflow.yaml', 'command: [mlflow, server, --host', 'command: [mlflow, server, --app-name, basic-auth, --host');
    edit('pipelines/fraud-training.yaml', 'fraud-trainer:1.4.0', `fraud-trainer:1.4.0@sha256:${'4e'.repeat(32)}`);
    const fixed = await modelOf(dir);
    const spoofingAfter = fixed.threats.find((t) => t.id === spoofing.id);
    const substitutionAfter = fixed.threats.find((t) => t.id === substitution.id);
    assert.equal(spoofingAfter?.status, 'mitigated');
    assert.equal(spoofingAfter.mitigations[0].kind, 'authenticated');
    assert.equal(spoofingAfter.mitigations[0].loc?.file, 'deploy/mlflow.yaml');
    assert.equal(substitutionAfter?.status, 'mitigated');
    assert.equal(fixed.elements.length, model.elements.length, 'fixes change statuses, not the diagram');
  });

  it('exports the repository as a Threat Dragon model that validates, and as Markdown with locations', async function () {
    const md = await exportThreatModelForWorkspace({ format: 'markdown' }, { engine: createEngine(), root: REPO });
    assert.equal(md.fileName, 'threat-model.md');
    assert.match(md.text, /deploy\/mlflow\.yaml:\d+ serving\/unauthenticated-ml-service/);
    const td = await exportThreatModelForWorkspace({ format: 'threat-dragon' }, { engine: createEngine(), root: REPO });
    const errors = threatDragonValidator();
    if (!errors) {
      console.log('    skipped the schema check: ../shared is not present');
      return;
    }
    assert.equal(errors(JSON.parse(td.text)), undefined);
  });
});
