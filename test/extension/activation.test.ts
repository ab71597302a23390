// Where the extension wakes up and which Python files the engine reads: the activation events
// include the Python files KFP pipelines are written in, and the engine parses only Python files
// that import a library it has rules for, never those of an installed environment.

import * as assert from 'node:assert/strict';
import { promises as fsp, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import { SourceFile } from '../../src/core/source';
import { scanWorkspace } from '../../src/core/workspace/scan';
import { DOCUMENT_SELECTOR } from '../../src/extension/document-selector';

const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { activationEvents: string[] };
const globs = pkg.activationEvents.filter((e) => e.startsWith('workspaceContains:')).map((e) => e.slice('workspaceContains:'.length));
const activates = (rel: string) => globs.some((g) => picomatch(g, { dot: true })(rel));

const selected = (rel: string) => DOCUMENT_SELECTOR.some((s) => s.pattern !== undefined && picomatch(s.pattern, { dot: true })(rel));
const DOCKERFILE_NAMES = [
  'Dockerfile',
  'docker/Dockerfile-cuda',
  'Dockerfile-arm64',
  'Dockerfile.gpu',
  'Dockerfile_dev',
  'serve.Dockerfile',
  'ci/train.dockerfile',
  'build.docker',
  'Containerfile',
  'Containerfile.arm64',
  'x/Containerfile-rocm',
  'x.containerfile',
];

const PIPELINE = 'from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n\n@dsl.pipeline\ndef p():\n    train()\n';
const LOADER = 'import torch\n\nmodel = torch.load("model.pt")\n';
const PLAIN = 'import os\n\ndef main():\n    return os.getcwd()\n';

describe('activation and the Python file filter', () => {
  it('activates on an opened Python file and on a workspace with Python pipeline files', () => {
    assert.ok(pkg.activationEvents.includes('onLanguage:python'));
    for (const rel of ['pipelines/train_pipeline.py', 'pipeline.py', 'kfp/components/train_component.py', 'src/my_pipelines.py']) assert.ok(activates(rel), `${rel} activates`);
    for (const rel of ['src/utils.py', 'train.py', 'setup.py']) assert.ok(!activates(rel), `${rel} alone does not activate`);
  });

  it('activates on, selects and reads every Dockerfile name variant, and nothing merely near one', () => {
    const engine = createEngine();
    for (const rel of DOCKERFILE_NAMES) {
      assert.ok(activates(rel), `${rel} activates`);
      assert.ok(selected(rel), `${rel} is selected for the server`);
      assert.ok(engine.wants(rel), `${rel} is read`);
    }
    for (const rel of ['docs/dockerfiles.txt', 'docs/docker.md', '.docker', 'Dockerfiles/README.md']) assert.ok(!engine.wants(rel), `${rel} is not read`);
  });

  it('parses a Python file only when it imports a library with rules', async () => {
    const engine = createEngine();
    const config = defaultConfig();
    const formats = async (text: string) => (await engine.parse(new SourceFile('x.py', text), { config })).docs.map((d) => d.format);
    assert.ok(engine.wants('src/x.py') && engine.wants('tool.pyw'));
    assert.deepEqual(await formats(PLAIN), []);
    assert.deepEqual(await formats(LOADER), ['python']);
    assert.deepEqual(await formats(PIPELINE), ['python', 'kfp']);
    assert.deepEqual(await formats('import torchvision_utils\nfrom kfpx import y\n'), [], 'a name that only starts like a library is not it');
  });

  it('reads no Python file of an installed environment or a virtualenv in the workspace', async () => {
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-activation-'));
    try {
      const files: Record<string, string> = {
        'pipelines/train_pipeline.py': PIPELINE,
        'train.py': LOADER,
        'util.py': PLAIN,
        'env/lib/python3.11/site-packages/torch/serialization.py': LOADER,
        '.venv/lib/python3.11/site-packages/kfp/dsl/x.py': PIPELINE,
      };
      for (const [rel, text] of Object.entries(files)) {
        await fsp.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await fsp.writeFile(path.join(root, rel), text);
      }
      const result = await scanWorkspace(createEngine(), root, { config: defaultConfig() });
      assert.deepEqual(result.index.paths().sort(), ['pipelines/train_pipeline.py', 'train.py']);
    } finally {
      await fsp.rm(root, { recursive: true, force: true });
    }
  });
});

describe('activation and discovery of docker-compose files', () => {
  it('activates on a workspace with a compose file of any of its names', () => {
    for (const rel of ['docker-compose.yml', 'deploy/docker-compose.override.yaml', 'docker-compose-gpu.yml', 'compose.yaml', 'infra/compose.prod.yml']) assert.ok(activates(rel), `${rel} activates`);
  });

  it('reads compose files in a workspace scan as the compose format', async () => {
    const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-compose-'));
    try {
      const files: Record<string, string> = {
        'docker-compose.yml': 'services:\n  web:\n    image: nginx:latest\n',
        'ops/compose.prod.yaml': 'services:\n  web:\n    privileged: true\n',
        'compose.notes.yaml': 'title: not a compose file\n',
      };
      for (const [rel, text] of Object.entries(files)) {
        await fsp.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
        await fsp.writeFile(path.join(root, rel), text);
      }
      const result = await scanWorkspace(createEngine(), root, { config: defaultConfig() });
      const formats = result.index
        .paths()
        .sort()
        .map(
          (p) =>
            `${p}: ${result.index
              .get(p)
              .map((d) => d.format)
              .join(',')}`,
        );
      assert.deepEqual(
        result.index
          .ofFormat('compose')
          .map((d) => d.file.path)
          .sort(),
        ['docker-compose.yml', 'ops/compose.prod.yaml'],
        formats.join('\n'),
      );
      assert.deepEqual(result.findings.map((f) => `${f.loc.file}: ${f.ruleId}`).sort(), ['docker-compose.yml: supply-chain/unpinned-image', 'ops/compose.prod.yaml: container/privileged']);
    } finally {
      await fsp.rm(root, { recursive: true, force: true });
    }
  });
});
