// Image build hints from compose, skaffold, CI workflows, Makefiles and scripts, and the image to
// Dockerfile joins they make possible.

import * as assert from 'node:assert/strict';
import { extractBuildHints, isBuildFile } from '../../src/core/threat-model/build-hints';
import { namesFromDockerfilePath } from '../../src/core/threat-model/joins';
import { buildThreatModel } from '../../src/core/threat-model';
import { churnScenario } from './fixtures';

const at = (text: string, h: { loc: { start: number; end: number } }) => text.slice(h.loc.start, h.loc.end);

describe('image build hints', () => {
  it('recognises build files by path', () => {
    for (const p of ['docker-compose.yml', 'deploy/compose.prod.yaml', 'skaffold.yaml', '.github/workflows/images.yml', '.gitlab-ci.yml', 'cloudbuild.yaml', 'Makefile', 'tools/build.sh', 'images.mk'])
      assert.ok(isBuildFile(p), p);
    for (const p of ['dvc.yaml', 'k8s/deploy.yaml', 'README.md', '.github/dependabot.yml']) assert.ok(!isBuildFile(p), p);
  });

  it('reads docker-compose services that build and tag an image', () => {
    const text =
      'services:\n  trainer:\n    build:\n      context: ./training\n      dockerfile: docker/Dockerfile.gpu\n      target: runtime\n    image: ghcr.io/acme/churn-trainer:2.1\n  api:\n    build: ./serving\n    image: "ghcr.io/acme/churn-api"\n  db:\n    image: postgres:16\n';
    const hints = extractBuildHints('deploy/docker-compose.yml', text);
    assert.deepEqual(
      hints.map((h) => [h.image, h.dockerfile, h.target, h.source]),
      [
        ['ghcr.io/acme/churn-trainer:2.1', 'deploy/training/docker/Dockerfile.gpu', 'runtime', 'compose'],
        ['ghcr.io/acme/churn-api', 'deploy/serving/Dockerfile', undefined, 'compose'],
      ],
    );
    assert.equal(at(text, hints[0]), 'ghcr.io/acme/churn-trainer:2.1');
  });

  it('reads skaffold artifacts', () => {
    const text =
      'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: europe-docker.pkg.dev/acme/ml/serve\n      context: serving\n      docker:\n        dockerfile: Dockerfile.prod\n';
    const [h] = extractBuildHints('skaffold.yaml', text);
    assert.deepEqual([h.image, h.dockerfile, h.source], ['europe-docker.pkg.dev/acme/ml/serve', 'serving/Dockerfile.prod', 'skaffold']);
  });

  it('reads GitHub Actions build-push steps and docker build commands in run scripts', () => {
    const text = [
      'env:',
      '  REGISTRY: ghcr.io/acme',
      'jobs:',
      '  images:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: training',
      '          tags: |',
      '            ghcr.io/acme/trainer:latest',
      '            ghcr.io/acme/trainer:${{ github.sha }}',
      '      - run: |',
      '          docker build -t $REGISTRY/evaluator:1 -f docker/eval.Dockerfile .',
      '          docker buildx build --push --platform linux/amd64 --tag=${REGISTRY}/server:2 serving/',
      '',
    ].join('\n');
    const hints = extractBuildHints('.github/workflows/images.yml', text);
    assert.deepEqual(hints.map((h) => [h.image, h.dockerfile]).sort(), [
      ['ghcr.io/acme/evaluator:1', 'docker/eval.Dockerfile'],
      ['ghcr.io/acme/server:2', 'serving/Dockerfile'],
      ['ghcr.io/acme/trainer:latest', 'training/Dockerfile'],
    ]);
    const evaluator = hints.find((h) => h.image.includes('evaluator'))!;
    assert.equal(at(text, evaluator), '$REGISTRY/evaluator:1');
  });

  it('reads Cloud Build argument lists', () => {
    const text = "steps:\n  - name: gcr.io/cloud-builders/docker\n    args: ['build', '-t', 'gcr.io/acme-ml/trainer:v3', '-f', 'train/Dockerfile', 'train']\n";
    const [h] = extractBuildHints('cloudbuild.yaml', text);
    assert.deepEqual([h.image, h.dockerfile], ['gcr.io/acme-ml/trainer:v3', 'train/Dockerfile']);
    assert.equal(at(text, h), "'gcr.io/acme-ml/trainer:v3'");
  });

  it('resolves Makefile variables, follows line continuations and drops what stays unresolved', () => {
    const text = [
      'IMAGE ?= registry.example.com/ml/trainer',
      'TAG := 1.2',
      '',
      'build:',
      '\tdocker build \\',
      '\t  --build-arg BASE=python:3.11 \\',
      '\t  -t $(IMAGE):$(TAG) -f docker/trainer/Dockerfile .',
      '\tdocker build -t $(UNKNOWN)/x:1 .',
      '\tdocker build -t outside:1 ../other',
      '',
    ].join('\n');
    const hints = extractBuildHints('Makefile', text);
    assert.deepEqual(
      hints.map((h) => [h.image, h.dockerfile, h.source]),
      [['registry.example.com/ml/trainer:1.2', 'docker/trainer/Dockerfile', 'makefile']],
    );
    assert.equal(at(text, hints[0]), '$(IMAGE):$(TAG)');
  });

  it('resolves Dockerfile paths relative to the script directory', () => {
    const [h] = extractBuildHints('tools/build.sh', '#!/bin/sh\nset -e\nNAME=acme/etl\ndocker build -t "$NAME:7" ../etl\n');
    assert.deepEqual([h.image, h.dockerfile, h.source], ['acme/etl:7', 'etl/Dockerfile', 'script']);
  });

  it('never throws on malformed files', () => {
    assert.deepEqual(extractBuildHints('docker-compose.yml', 'services: [unclosed\n  - {'), []);
    assert.deepEqual(extractBuildHints('Makefile', 'docker build -t'), []);
    assert.deepEqual(extractBuildHints('.gitlab-ci.yml', '\u0000\u0001binary'), []);
  });

  it('names images after Dockerfile paths', () => {
    assert.deepEqual(namesFromDockerfilePath('docker/trainer/Dockerfile'), ['trainer']);
    assert.deepEqual(namesFromDockerfilePath('serving/docker/Dockerfile'), ['serving']);
    assert.deepEqual(namesFromDockerfilePath('Dockerfile.Batch_Scorer'), ['batch-scorer']);
    assert.deepEqual(namesFromDockerfilePath('docker/serve.Dockerfile'), ['serve']);
    assert.deepEqual(namesFromDockerfilePath('Dockerfile', 'churn-model'), ['churn-model']);
    assert.deepEqual(namesFromDockerfilePath('Dockerfile'), []);
  });

  it('joins a step image to the Dockerfile a build file tags it from, even when names differ', () => {
    const s = churnScenario();
    const img = s.facts.images.find((i) => i.repository === 'ml/trainer')!;
    img.repository = 'ml/churn-train-gpu';
    const text = 'build:\n\tdocker build -t registry.example.com/ml/churn-train-gpu:1.2 -f docker/trainer/Dockerfile .\n';
    const m = buildThreatModel({ facts: s.facts, findings: [], buildHints: extractBuildHints('Makefile', text) });
    const push = m.flows.find((f) => f.kind === 'image-push')!;
    assert.equal(push.join!.reason, 'Makefile builds registry.example.com/ml/churn-train-gpu:1.2 from docker/trainer/Dockerfile');
    assert.ok(push.evidence.some((l) => l.file === 'Makefile'));
  });

  it('notes an image that matches several Dockerfiles instead of guessing', () => {
    const s = churnScenario();
    const other = {
      ...s.facts.workloads.find((w) => w.kind === 'image-build')!,
      id: 'df:other',
      loc: { file: 'trainer/Dockerfile', start: 0, end: 4 },
      anchor: { file: 'trainer/Dockerfile', start: 0, end: 4 },
    };
    s.facts.workloads.push(other);
    const m = buildThreatModel({ facts: s.facts, findings: [] });
    assert.ok(m.notes.some((n) => /matches several Dockerfiles \(docker\/trainer\/Dockerfile, trainer\/Dockerfile\)/.test(n.message)));
    assert.equal(m.flows.filter((f) => f.kind === 'image-push').length, 0);
  });
});
