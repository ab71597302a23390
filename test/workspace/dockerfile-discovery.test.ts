// Dockerfiles are found under their common variant names, and a file named like one but holding
// something else (a Markdown note, a YAML manifest) is left to its own reader.

import * as assert from 'node:assert/strict';
import { createEngine, defaultConfig, scanWorkspace } from '../../src/core';
import { dockerfileNameMatch, looksLikeDockerfile } from '../../src/core/formats/dockerfile/naming';
import { removeWorkspaces, workspace } from '../cli/helpers';

const DOCKERFILE = 'FROM python:latest\nRUN curl https://sh.rustup.rs | bash\n';
const VARIANTS = [
  'Dockerfile-cuda',
  'docker/Dockerfile-arm64',
  'Dockerfile.gpu',
  'serve.Dockerfile',
  'train.docker',
  'Containerfile',
  'Containerfile.arm64',
  'build/Containerfile-rocm',
  'ci/x.containerfile',
];

describe('Dockerfile discovery', () => {
  after(removeWorkspaces);

  it('claims exact names outright and variant names after a look at the content', () => {
    for (const p of ['Dockerfile', 'a/Containerfile', 'serve.Dockerfile', 'ci/train.dockerfile', 'x.containerfile']) assert.equal(dockerfileNameMatch(p), 'yes', p);
    for (const p of ['Dockerfile-cuda', 'Dockerfile.gpu', 'Dockerfile.md', 'Dockerfile_dev', 'a/train.docker', 'Containerfile.arm64', 'Containerfile-rocm'])
      assert.equal(dockerfileNameMatch(p), 'maybe', p);
    for (const p of ['Dockerfile.md/README', 'dockerfiles.txt', 'src/docker.py', '.docker', 'docker', 'Dockerfiles/README.md', 'Dockerfile-']) assert.equal(dockerfileNameMatch(p), 'no', p);
  });

  it('reads as a Dockerfile only text whose first statement is FROM or ARG', () => {
    assert.ok(looksLikeDockerfile(DOCKERFILE));
    assert.ok(looksLikeDockerfile('\uFEFF# syntax=docker/dockerfile:1\n\n# base\r\nARG V=3.11\nfrom python:${V}\n'));
    assert.ok(!looksLikeDockerfile('Notes\n\nFROM python is what we use.\n'));
    assert.ok(!looksLikeDockerfile('# Build notes\nThe image starts FROM python.\n'));
    assert.ok(!looksLikeDockerfile('ARG X=1\nRUN echo no base\n'));
    assert.ok(!looksLikeDockerfile('apiVersion: v1\nkind: Pod\n'));
    assert.ok(!looksLikeDockerfile(''));
  });

  it('scans every variant name and finds the commands in each', async () => {
    const files: Record<string, string> = {};
    for (const p of VARIANTS) files[p] = DOCKERFILE;
    const r = await scanWorkspace(createEngine(), workspace(files), { config: defaultConfig() });
    const pipe = new Set(r.findings.filter((f) => f.ruleId === 'supply-chain/remote-script-execution').map((f) => f.loc.file));
    assert.deepEqual([...pipe].sort(), [...VARIANTS].sort());
    for (const p of VARIANTS) assert.equal(r.index.get(p)[0]?.format, 'dockerfile', p);
  });

  it('leaves Markdown and YAML named like Dockerfiles to their own readers', async () => {
    const ws = workspace({
      'Dockerfile.md': '# How we build\n\nThe image starts `FROM python` and adds tools.\n',
      'Dockerfile.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: python:latest\n',
      'notes.docker': 'see Dockerfile-cuda\n',
    });
    const r = await scanWorkspace(createEngine(), ws, { config: defaultConfig() });
    assert.deepEqual(r.index.get('Dockerfile.md'), []);
    assert.deepEqual(r.index.get('notes.docker'), []);
    assert.notEqual(r.index.get('Dockerfile.yaml')[0]?.format, 'dockerfile');
    assert.ok(!r.notes.some((n) => /Dockerfile\.md|notes\.docker/.test(n.file ?? '') && n.level !== 'info'), JSON.stringify(r.notes));
  });
});
