// The language server resolves configuration as `mlsec scan` does: the nearest .mlsec.yaml above
// a file applies (with what it extends), in the workspace scan and in open buffers.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { ScanStatusNotification } from '../../src/server/protocol';
import { LspTestClient } from '../helpers/lsp-client';
import { testEngine } from '../helpers/test-engine';

const DOCKERFILE = 'FROM python:latest\nUSER root\n';

describe('language server: nested configuration', function () {
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-nested-'));
    const files: Record<string, string> = {
      Dockerfile: DOCKERFILE,
      'pkg/.mlsec.yaml': 'extends: ../shared/base.yaml\nrules:\n  test/root-user: off\n',
      'shared/base.yaml': 'suppressions:\n  - rule: test/latest-tag\n    path: "nothing"\n    reason: old\n    by: team\n    expires: "2020-01-01"\n',
      'pkg/Dockerfile': DOCKERFILE,
      'pkg/sub/Dockerfile': DOCKERFILE,
    };
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    client = LspTestClient.inProcess(testEngine());
    await client.initialize([root]);
    await client.waitForNotification(ScanStatusNotification, (p) => (p as { state: string }).state === 'done');
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('applies the nearest configuration in the workspace scan', async () => {
    assert.deepEqual(codes(await client.waitForDiagnostics(uri('Dockerfile'), (d) => d.length === 2)), ['test/latest-tag', 'test/root-user']);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri('pkg/Dockerfile'), (d) => d.length > 0)), ['test/latest-tag']);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri('pkg/sub/Dockerfile'), (d) => d.length > 0)), ['test/latest-tag']);
  });

  it('applies it to an open buffer, and reports an expired entry in the parent file it is written in', async () => {
    await client.open(uri('pkg/sub/Dockerfile'), 'FROM python:latest\nRUN true\nUSER root\n', 'dockerfile');
    const d = await client.waitForDiagnostics(uri('pkg/sub/Dockerfile'), (x) => x.some((y) => y.range.start.line === 0) && x.length === 1);
    assert.deepEqual(codes(d), ['test/latest-tag']);
    const base = await client.waitForDiagnostics(uri('shared/base.yaml'), (x) => x.length === 1);
    assert.equal(base[0].code, 'mlsec/invalid-suppression');
    assert.equal(base[0].range.start.line, 1);
  });

  it('reports an extends cycle on the configuration file', async () => {
    fs.writeFileSync(path.join(root, 'shared/base.yaml'), 'extends: ../pkg/.mlsec.yaml\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('shared/base.yaml'), type: 2 }] });
    const d = await client.waitForDiagnostics(uri('shared/base.yaml'), (x) => x.some((y) => /cycle/.test(y.message)));
    assert.equal(d[0].code, 'mlsec/config');
  });
});
