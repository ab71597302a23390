// The language server with the real engine publishes findings for every registered format
// (Dockerfile, Kubernetes, DVC, MLflow, requirements, model files, Sigstore bundles), both for
// files on disk (the workspace scan, binary model files at line 1) and for open documents.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { createEngine } from '../../src/core';
import { readers } from '../../src/core/formats';
import { LspTestClient } from '../helpers/lsp-client';
import * as fx from '../helpers/model-fixtures';

interface Sample {
  file: string;
  content: string | Buffer;
  /** A rule the sample triggers, and the 0-based line where. */
  rule: string;
  line: number;
  /** The editor's language id, for formats whose open buffers are analysed as they are edited. */
  languageId?: string;
}

/** One sample per reader id: a reader added to the registry needs a sample here. */
const SAMPLES: Record<string, Sample> = {
  dockerfile: {
    file: 'docker/train.Dockerfile',
    content: 'FROM python:3.12-slim\nRUN curl -k https://example.com/x -o /tmp/x\n',
    rule: 'transport/tls-verification-disabled',
    line: 1,
    languageId: 'dockerfile',
  },
  kubernetes: {
    file: 'deploy/serving.yaml',
    content: [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: fraud-detector',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: server',
      '          image: registry.example.com/fraud-detector:1.4.0',
      '          securityContext:',
      '            privileged: true',
      '',
    ].join('\n'),
    rule: 'container/privileged',
    line: 11,
    languageId: 'yaml',
  },
  dvc: {
    file: '.dvc/config',
    content: '[core]\n    remote = mirror\n[\'remote "mirror"\']\n    url = http://dvc-cache.build.example:8080/churn\n',
    rule: 'transport/plaintext-http',
    line: 3,
    languageId: 'ini',
  },
  mlflow: { file: 'MLproject', content: 'name: churn\n\ndocker_env:\n  image: ghcr.io/acme/churn-trainer:latest\n', rule: 'supply-chain/unpinned-image', line: 3, languageId: 'yaml' },
  requirements: { file: 'requirements.txt', content: 'torch==2.3.1\npandas\n', rule: 'supply-chain/unpinned-package', line: 1, languageId: 'pip-requirements' },
  'model-file': { file: 'models/classifier.pkl', content: fx.osSystemP0(), rule: 'model/unsafe-deserialization', line: 0 },
  python: { file: 'train/load.py', content: 'import torch\n\nstate = torch.load("checkpoints/resnet50.pt")\n', rule: 'model/unsafe-load-call', line: 2, languageId: 'python' },
  feast: {
    file: 'feature_repo/feature_store.yaml',
    content: 'project: credit\nonline_store:\n  type: postgres\n  host: pg.features.svc\n  password: Xk29-pq-live-value\n',
    rule: 'secrets/hardcoded-credential',
    line: 4,
    languageId: 'yaml',
  },
  compose: {
    file: 'deploy/docker-compose.yml',
    content: 'services:\n  trainer:\n    image: ghcr.io/acme/trainer:1.2.0\n    privileged: true\n',
    rule: 'container/privileged',
    line: 3,
    languageId: 'yaml',
  },
  ci: {
    file: '.github/workflows/train.yml',
    content: 'on: push\njobs:\n  train:\n    runs-on: ubuntu-latest\n    steps:\n      - run: curl -fsSL https://get.example.com/setup.sh | bash\n',
    rule: 'supply-chain/remote-script-execution',
    line: 5,
    languageId: 'yaml',
  },
  'sigstore-bundle': { file: 'models/classifier.pkl.sigstore.json', content: '{"mediaType": "not a bundle"}\n', rule: 'model/signature-invalid', line: 0 },
};

const at = (rule: string, line: number) => (d: Diagnostic[]) => d.some((x) => x.code === rule && x.range.start.line === line);

describe('language server: every format', function () {
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-formats-'));
    for (const s of Object.values(SAMPLES)) {
      fs.mkdirSync(path.dirname(path.join(root, s.file)), { recursive: true });
      fs.writeFileSync(path.join(root, s.file), s.content);
    }
    client = LspTestClient.inProcess(createEngine());
    await client.initialize([root]);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('has a sample for every registered reader', () => {
    assert.deepEqual(readers.map((r) => r.id).sort(), Object.keys(SAMPLES).sort());
  });

  for (const [id, s] of Object.entries(SAMPLES)) {
    it(`publishes ${id} findings of files on disk`, async () => {
      const d = await client.waitForDiagnostics(uri(s.file), at(s.rule, s.line), `${s.rule} on line ${s.line + 1}`);
      const f = d.find((x) => x.code === s.rule)!;
      assert.equal(f.source, 'mlsec');
      assert.match(f.codeDescription?.href ?? '', new RegExp(`${s.rule}\\.md$`));
    });
  }

  for (const [id, s] of Object.entries(SAMPLES).filter(([, x]) => x.languageId)) {
    it(`analyses an open ${id} document as it is edited`, async () => {
      const text = String(s.content);
      await client.open(uri(s.file), text, s.languageId);
      await client.waitForDiagnostics(uri(s.file), at(s.rule, s.line));
      // Two blank lines on top move the finding down by two in the published diagnostics.
      await client.change(uri(s.file), `\n\n${text}`);
      await client.waitForDiagnostics(uri(s.file), at(s.rule, s.line + 2));
      await client.close(uri(s.file));
      await client.waitForDiagnostics(uri(s.file), at(s.rule, s.line));
    });
  }
});
