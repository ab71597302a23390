// The language server with the real engine on model artifacts: findings on binary model files
// are published at line 1, and the model signature verification request answers with a message
// and shows a failure as diagnostics that go away when the files change.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, FileChangeType, type Diagnostic } from 'vscode-languageserver/node';
import { createEngine } from '../../src/core';
import { VerifyModelRequest, type VerifyModelResult } from '../../src/server/protocol';
import { LspTestClient } from '../helpers/lsp-client';
import * as fx from '../helpers/model-fixtures';
import { newKey, signModel } from '../helpers/signing';

const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);
const lacks = (rule: string) => (d: Diagnostic[]) => !d.some((x) => x.code === rule);

describe('language server: model artifacts', function () {
  const key = newKey();
  const signed = { 'model.safetensors': fx.validSafetensors(), 'config.json': '{"layers": 2}' };
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const write = (rel: string, data: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), data);
  };
  const verify = (rel: string): Promise<VerifyModelResult> => client.connection.sendRequest(VerifyModelRequest, { uri: rel ? uri(rel) : pathToFileURL(root).href });

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-models-'));
    write('.mlsec.yaml', 'models:\n  trust:\n    publicKeys: [keys/release.pem]\n');
    write('keys/release.pem', key.pem);
    for (const [name, data] of Object.entries(signed)) write(`models/bert/${name}`, data);
    write('models/bert/model.sig', signModel('bert', signed, key));
    write('loose/model.pt', fx.torchZip(fx.torchStateDictPickle()));
    write('evil.pkl', fx.osSystemP0());
    client = LspTestClient.inProcess(createEngine());
    await client.initialize([root]);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes findings of binary model files at line 1', async () => {
    const d = await client.waitForDiagnostics(uri('evil.pkl'), has('model/unsafe-deserialization'));
    const f = d.find((x) => x.code === 'model/unsafe-deserialization')!;
    assert.equal(f.severity, DiagnosticSeverity.Error);
    assert.deepEqual(f.range.start, { line: 0, character: 0 });
    assert.match(f.message, /os\.system|posix\.system/);
  });

  it('answers a verified folder with a message and no diagnostics', async () => {
    await client.waitForDiagnostics(uri('evil.pkl'), has('model/unsafe-deserialization'));
    const r = await verify('models/bert');
    assert.equal(r.verified, true, r.message);
    assert.match(r.message, /Verified: models\/bert is signed by the public key in keys\/release\.pem/);
    assert.equal(r.problems, 0);
    assert.deepEqual(client.diagnostics.get(uri('models/bert/model.sig')) ?? [], []);
  });

  it('shows a tampered folder as a diagnostic on its signature until the files change', async () => {
    await client.waitForDiagnostics(uri('evil.pkl'), has('model/unsafe-deserialization'));
    write('models/bert/config.json', '{"layers": 3}');
    const r = await verify('models/bert');
    assert.equal(r.verified, false);
    assert.equal(r.problems, 1);
    assert.match(r.message, /models\/bert failed signature verification: .*Problems panel/);
    const d = await client.waitForDiagnostics(uri('models/bert/model.sig'), has('model/signature-invalid'));
    const invalid = d.filter((x) => x.code === 'model/signature-invalid');
    assert.equal(invalid.length, 1, 'the scan finding and the verification answer show once');
    assert.equal(invalid[0].severity, DiagnosticSeverity.Error);
    assert.deepEqual(
      invalid[0].relatedInformation?.map((x) => x.location.uri),
      [uri('models/bert/config.json')],
    );

    // Restoring the file and telling the server clears the answer; a new scan of the folder agrees.
    write('models/bert/config.json', signed['config.json']);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('models/bert/config.json'), type: FileChangeType.Changed }] });
    await client.waitForDiagnostics(uri('models/bert/model.sig'), lacks('model/signature-invalid'));
    assert.equal((await verify('models/bert')).verified, true);
  });

  it('shows an unsigned model as a visible problem, not a hint, and verifies the whole folder', async () => {
    await client.waitForDiagnostics(uri('evil.pkl'), has('model/unsafe-deserialization'));
    const r = await verify('loose/model.pt');
    assert.equal(r.verified, false);
    assert.match(r.message, /has no signature/);
    const d = await client.waitForDiagnostics(uri('loose/model.pt'), (x) => x.some((y) => y.code === 'model/unsigned-model' && y.severity === DiagnosticSeverity.Warning));
    assert.ok(!d.some((y) => y.code === 'model/unsigned-model' && y.severity === DiagnosticSeverity.Hint), 'the hint of the scan is replaced');
    assert.deepEqual(d.find((y) => y.code === 'model/unsigned-model')!.range.start, { line: 0, character: 0 });

    const all = await verify('');
    assert.equal(all.verified, false);
    assert.ok(
      all.details.some((l) => l.startsWith('Verified: models/bert')),
      all.details.join('\n'),
    );
  });

  it('refuses a path outside the workspace folders and a path that does not exist', async () => {
    const outside = await client.connection.sendRequest<VerifyModelResult>(VerifyModelRequest, { uri: pathToFileURL(os.tmpdir()).href });
    assert.equal(outside.verified, false);
    assert.match(outside.message, /inside an open workspace folder/);
    const missing = await verify('models/none');
    assert.equal(missing.verified, false);
    assert.match(missing.message, /does not exist/);
  });
});
