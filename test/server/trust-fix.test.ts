// The "Trust the key" quick fix over LSP, on a copy of the example repository whose .mlsec.yaml
// trusts no key: the diagnostic of the signed model's model.sig offers it, the resolved edit
// changes .mlsec.yaml at the right place (a file the server does not analyse), and once the file
// is saved the diagnostic goes while the tampered copy's stays.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver/node';
import { createEngine } from '../../src/core';
import { parseConfig } from '../../src/core/config';
import { LspTestClient } from '../helpers/lsp-client';

const EXAMPLE = path.resolve(__dirname, '../../../examples/ml-repo');
const RULE = 'model/signature-invalid';
const CONFIG = '# Example policy\nignore:\n  - reports/**\n';

describe('language server: trust fix for a model signature', function () {
  this.timeout(60_000);
  let root: string;
  let client: LspTestClient;
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-trust-'));
    fs.cpSync(EXAMPLE, root, { recursive: true });
    fs.writeFileSync(path.join(root, '.mlsec.yaml'), CONFIG);
    client = LspTestClient.inProcess(createEngine());
    await client.initialize([root]);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('offers the fix on the diagnostic, edits .mlsec.yaml, and the diagnostic goes once it is saved', async () => {
    const sig = uri('models/fraud-scorer/model.sig');
    const text = fs.readFileSync(path.join(root, 'models/fraud-scorer/model.sig'), 'utf8');
    await client.open(sig, text);
    const diags = (await client.waitForDiagnostics(sig, (d) => d.some((x) => x.code === RULE))).filter((d: Diagnostic) => d.code === RULE);
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: sig }, range: diags[0].range, context: { diagnostics: diags } });
    const trust = actions.find((a) => a.title === 'Trust the key keys/model-signing.example.pub.pem in .mlsec.yaml');
    assert.ok(trust, actions.map((a) => a.title).join('; '));
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', trust);
    const changes = (resolved.edit?.documentChanges ?? []) as TextDocumentEdit[];
    assert.deepEqual(
      changes.map((c) => [c.textDocument.uri, c.textDocument.version]),
      [[uri('.mlsec.yaml'), null]],
    );
    const after = TextDocument.applyEdits(TextDocument.create(uri('.mlsec.yaml'), 'yaml', 1, CONFIG), changes[0].edits);
    assert.ok(after.startsWith(CONFIG), after);
    const loaded = parseConfig(after, new Set());
    assert.deepEqual(loaded.errors, []);
    assert.deepEqual(loaded.config.models.trust?.publicKeys, ['keys/model-signing.example.pub.pem']);

    fs.writeFileSync(path.join(root, '.mlsec.yaml'), after);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.mlsec.yaml'), type: 2 }] });
    await client.waitForDiagnostics(sig, (d) => !d.some((x) => x.code === RULE), 'no signature diagnostic');
    const tampered = await client.waitForDiagnostics(uri('models/fraud-scorer-tampered/model.sig'), (d) => d.some((x) => x.code === RULE && /differs from the signed manifest/.test(x.message)));
    assert.equal(tampered.filter((d) => d.code === RULE).length, 1);
  });
});
