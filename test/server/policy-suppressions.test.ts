// The language server applies the suppression policy of `.mlsec.yaml` as the CLI does: entries
// suppress what they match, an expired entry stops suppressing and is reported in the file.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';
import { testEngine } from '../helpers/test-engine';
import { ScanStatusNotification } from '../../src/server/protocol';

const DOCKERFILE = 'FROM python:latest\nUSER root\n';
const entry = (expires: string) => `suppressions:\n  - rule: test/latest-tag\n    path: "*Dockerfile"\n    reason: pinned by the release job\n    by: platform-team\n    expires: "${expires}"\n`;

describe('language server: policy suppressions', function () {
  let root: string;
  let client: LspTestClient;

  async function start(config: string): Promise<void> {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-policy-'));
    fs.writeFileSync(path.join(root, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(root, '.mlsec.yaml'), config);
    client = LspTestClient.inProcess(testEngine());
    await client.initialize([root]);
    await client.waitForNotification(ScanStatusNotification, (p) => (p as { state: string }).state === 'done');
  }

  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const codes = (d: Diagnostic[]) => d.map((x) => x.code).sort();

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('hides what an active entry matches, in the workspace scan and in an open buffer', async () => {
    await start(entry('2999-12-31'));
    const disk = await client.waitForDiagnostics(uri('Dockerfile'), (d) => d.some((x) => x.code === 'test/root-user'));
    assert.deepEqual(codes(disk), ['test/root-user']);
    await client.open(uri('Dockerfile'), 'FROM python:latest\nRUN true\nUSER root\n', 'dockerfile');
    const open = await client.waitForDiagnostics(uri('Dockerfile'), (d) => d.some((x) => x.code === 'test/root-user' && x.range.start.line === 2));
    assert.deepEqual(codes(open), ['test/root-user']);
  });

  it('reports an expired entry in .mlsec.yaml and lets the finding through', async () => {
    await start(entry('2020-01-01'));
    const file = await client.waitForDiagnostics(uri('Dockerfile'), (d) => d.some((x) => x.code === 'test/latest-tag'));
    assert.deepEqual(codes(file), ['test/latest-tag', 'test/root-user']);
    const config = await client.waitForDiagnostics(uri('.mlsec.yaml'), (d) => d.length > 0);
    assert.equal(config.length, 1);
    assert.equal(config[0].code, 'mlsec/invalid-suppression');
    assert.match(config[0].message, /expired/i);
    assert.equal(config[0].range.start.line, 1, 'at the entry');
  });

  it('clears the expired-entry report once the entry is renewed on disk', async () => {
    await start(entry('2020-01-01'));
    await client.waitForDiagnostics(uri('.mlsec.yaml'), (d) => d.length === 1);
    fs.writeFileSync(path.join(root, '.mlsec.yaml'), entry('2999-12-31'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.mlsec.yaml'), type: 2 }] });
    await client.waitForDiagnostics(uri('.mlsec.yaml'), (d) => d.length === 0);
    const file = await client.waitForDiagnostics(uri('Dockerfile'), (d) => !d.some((x) => x.code === 'test/latest-tag'));
    assert.deepEqual(codes(file), ['test/root-user']);
  });

  it('clears the expired-entry report when the configuration file is deleted', async () => {
    await start(entry('2020-01-01'));
    await client.waitForDiagnostics(uri('.mlsec.yaml'), (d) => d.length === 1);
    fs.rmSync(path.join(root, '.mlsec.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.mlsec.yaml'), type: 3 }] });
    await client.waitForDiagnostics(uri('.mlsec.yaml'), (d) => d.length === 0);
  });

  it('with inlineSuppressions: false, a suppression comment suppresses nothing and is reported', async () => {
    await start('inlineSuppressions: false\n');
    await client.open(uri('Dockerfile'), '# mlsec-ignore: test/latest-tag -- fine\nFROM python:latest\n', 'dockerfile');
    const d = await client.waitForDiagnostics(uri('Dockerfile'), (x) => x.some((y) => y.code === 'mlsec/invalid-suppression'));
    assert.deepEqual(codes(d), ['mlsec/invalid-suppression', 'test/latest-tag']);
    const comment = d.find((x) => x.code === 'mlsec/invalid-suppression')!;
    assert.equal(comment.range.start.line, 0);
    assert.match(comment.message, /inlineSuppressions: false/);
  });
});
