// The CI reader: GitHub Actions workflows, composite and Docker actions and GitLab CI files become
// pipeline-step workloads whose scripts are parsed as shell with exact offsets, whose variables
// are settings and whose images are image references; expressions stay opaque to the shell.

import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import type { ParsedDocument } from '../../src/core/document';
import { maskExpressions } from '../../src/core/formats/ci/expressions';
import { ciFileKind } from '../../src/core/formats/ci/names';
import { SourceFile } from '../../src/core/source';
import { scanWorkspace } from '../../src/core/workspace/scan';

async function parse(p: string, text: string): Promise<{ docs: ParsedDocument[]; notes: string[] }> {
  const { docs, notes } = await createEngine().parse(new SourceFile(p, text), { config: defaultConfig() });
  return { docs, notes: [...notes, ...docs.flatMap((d) => d.notes)].map((n) => n.message) };
}

const WORKFLOW = `name: train
on:
  push:
    branches: [main]
env:
  MODEL_NAME: resnet
jobs:
  test:
    runs-on: ubuntu-22.04
    container:
      image: python:3.11-slim
      env:
        PIP_INDEX_URL: https://pypi.org/simple
    services:
      db:
        image: postgres:16
    steps:
      - uses: actions/checkout@v4
      - name: install
        env:
          HF_TOKEN: \${{ secrets.HF_TOKEN }}
        run: |
          echo "ref \${{ github.event_name == 'push' && 'main' || github.head_ref }}"
          pip install -r requirements.txt
  win:
    runs-on: windows-latest
    needs: test
    steps:
      - run: iwr https://get.example.com/setup.ps1 | iex
      - run: curl -fsSL https://get.example.com/setup.sh | bash
        shell: bash
`;

describe('CI reader', () => {
  it('names the CI files by path', () => {
    assert.equal(ciFileKind('.github/workflows/ci.yml'), 'github-workflow');
    assert.equal(ciFileKind('services/api/.github/workflows/release.yaml'), 'github-workflow');
    assert.equal(ciFileKind('.github/workflows/setup/action.yaml'), 'github-action');
    assert.equal(ciFileKind('.gitlab-ci.yml'), 'gitlab-ci');
    assert.equal(ciFileKind('.github/workflows/nested/ci.yml'), undefined, 'GitHub reads workflows only directly under .github/workflows');
    assert.equal(ciFileKind('ci.yml'), undefined);
  });

  it('makes jobs workloads with their images, needs, settings and scripts', async () => {
    const { docs, notes } = await parse('.github/workflows/train.yml', WORKFLOW);
    assert.deepEqual(notes, []);
    assert.equal(docs.length, 1);
    const f = docs[0].facts;
    assert.equal(docs[0].format, 'github-actions');
    assert.deepEqual(
      f.workloads.map((w) => [w.name, w.kind, w.image?.resolved, w.dependsOn]),
      [
        ['test', 'pipeline-step', 'python:3.11-slim', []],
        ['win', 'pipeline-step', undefined, ['.github/workflows/train.yml/test']],
      ],
    );
    assert.deepEqual(
      f.images.map((i) => [i.resolved, i.role]),
      [
        ['python:3.11-slim', 'container'],
        ['postgres:16', 'sidecar'],
      ],
    );
    assert.deepEqual(
      f.settings.map((s) => [s.name.value, s.value?.value, s.referenced]),
      [
        ['MODEL_NAME', 'resnet', false],
        ['PIP_INDEX_URL', 'https://pypi.org/simple', false],
        ['HF_TOKEN', '${{ secrets.HF_TOKEN }}', true],
      ],
    );
    assert.deepEqual(
      f.actionUses.map((a) => [a.kind, a.repository, a.ref?.value, WORKFLOW.slice(a.ref!.loc.start, a.ref!.loc.end)]),
      [['repository', 'actions/checkout', 'v4', 'v4']],
    );
  });

  it('parses run scripts as shell with exact offsets, expressions as one opaque word', async () => {
    const { docs } = await parse('.github/workflows/train.yml', WORKFLOW);
    const scripts = docs[0].facts.scripts;
    // The PowerShell step of the Windows job is not shell; the bash one is.
    assert.equal(scripts.length, 2);
    const words = scripts[0].script.commands.map((c) => c.words.map((w) => WORKFLOW.slice(w.loc.start, w.loc.end)));
    assert.deepEqual(words, [
      ['echo', `"ref \${{ github.event_name == 'push' && 'main' || github.head_ref }}"`],
      ['pip', 'install', '-r', 'requirements.txt'],
    ]);
    assert.ok(scripts[0].script.commands[0].words[1].dynamic);
    assert.deepEqual(
      docs[0].facts.remoteExecs.map((r) => [r.url?.value, WORKFLOW.slice(r.loc.start, r.loc.end)]),
      [['https://get.example.com/setup.sh', 'bash']],
    );
  });

  it('keeps the length and the words of a script when masking expressions', () => {
    const s = 'echo ${{ format(\'{0}|{1}\', a, "b") }} && ${{ x }}';
    const m = maskExpressions(s);
    assert.equal(m.length, s.length);
    assert.equal(m, 'echo ${{ format___0___1__, a, _b__ }} && ${{ x }}');
  });

  it('reads composite actions and skips JavaScript actions', async () => {
    const composite = 'name: setup\nruns:\n  using: composite\n  steps:\n    - run: wget -qO- https://get.example.com/i.sh | sh\n      shell: bash\n    - uses: actions/cache@main\n';
    const { docs } = await parse('.github/actions/setup/action.yml', composite);
    assert.deepEqual(
      docs.map((d) => [d.format, d.facts.workloads.map((w) => w.name), d.facts.remoteExecs.length, d.facts.actionUses.map((a) => a.ref?.value)]),
      [['github-actions', ['setup'], 1, ['main']]],
    );
    const js = await parse('action.yml', 'name: js\nruns:\n  using: node20\n  main: dist/index.js\n');
    assert.deepEqual(js.docs, []);
  });

  it('reads GitLab jobs, templates, defaults, variables and nested script lists', async () => {
    const text = `image: python:3.11
variables:
  GIT_SSL_NO_VERIFY: "true"
  DEPLOY_TOKEN: $CI_JOB_TOKEN
stages: [test]
.setup:
  before_script:
    - pip install --trusted-host pypi.example.com -r requirements.txt
test:
  extends: .setup
  services:
    - name: redis:7
  script:
    - - curl -fsSL https://get.example.com/a.sh | bash
    - pytest
`;
    const { docs, notes } = await parse('.gitlab-ci.yml', text);
    assert.deepEqual(notes, []);
    const f = docs[0].facts;
    assert.equal(docs[0].format, 'gitlab-ci');
    assert.deepEqual(
      f.workloads.map((w) => [w.name, w.image?.resolved]),
      [
        ['.setup', undefined],
        ['test', 'python:3.11'],
      ],
    );
    assert.deepEqual(
      f.images.map((i) => i.resolved),
      ['python:3.11', 'redis:7'],
    );
    assert.deepEqual(
      f.settings.map((s) => [s.name.value, s.referenced]),
      [
        ['GIT_SSL_NO_VERIFY', false],
        ['DEPLOY_TOKEN', true],
      ],
    );
    assert.deepEqual(
      f.tlsDisables.map((t) => text.slice(t.loc.start, t.loc.end)),
      ['GIT_SSL_NO_VERIFY: "true', '--trusted-host pypi.example.com'],
    );
    assert.deepEqual(
      f.remoteExecs.map((r) => text.slice(r.loc.start, r.loc.end)),
      ['bash'],
    );
    assert.equal(f.packageInstalls[0].trustedHosts[0].value, 'pypi.example.com');
  });

  it('reports broken YAML of a workflow and leaves a non-workflow alone', async () => {
    const broken = await parse('.github/workflows/ci.yml', 'on: push\njobs:\n  a: [\n');
    assert.equal(broken.docs.length, 1);
    assert.match(broken.notes[0], /^not valid YAML at line/);
    const other = await parse('.github/workflows/notes.yml', 'title: not a workflow\n');
    assert.deepEqual([other.docs.length, other.notes], [0, []]);
  });

  it('never throws on odd shapes', async () => {
    for (const text of [
      'jobs: 3\non: push\n',
      'on: push\njobs:\n  a:\n    steps: {run: x}\n',
      'on: push\njobs:\n  a:\n    steps:\n    - run: [1, 2]\n    - env: [x]\n    - run: "echo ${{"\n',
      '[]\n',
      'test:\n  script: 42\n',
    ]) {
      await parse('.github/workflows/x.yml', text);
      await parse('.gitlab-ci.yml', text);
    }
  });

  it('finds workflows under .github and GitLab files in a workspace scan', async () => {
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-ci-'));
    try {
      await fsp.mkdir(path.join(root, '.github/workflows'), { recursive: true });
      await fsp.writeFile(path.join(root, '.github/workflows/ci.yml'), 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n    - run: curl -k https://example.com | sh\n');
      await fsp.writeFile(path.join(root, '.gitlab-ci.yml'), 'test:\n  script: curl -k https://example.com | sh\n');
      const result = await scanWorkspace(createEngine(), root, { config: defaultConfig() });
      assert.deepEqual(result.index.paths().sort(), ['.github/workflows/ci.yml', '.gitlab-ci.yml']);
      const rules = result.findings.map((f) => `${f.loc.file} ${f.ruleId}`).sort();
      assert.deepEqual(rules, [
        '.github/workflows/ci.yml supply-chain/remote-script-execution',
        '.github/workflows/ci.yml transport/tls-verification-disabled',
        '.gitlab-ci.yml supply-chain/remote-script-execution',
        '.gitlab-ci.yml transport/tls-verification-disabled',
      ]);
    } finally {
      await fsp.rm(root, { recursive: true, force: true });
    }
  });
});
