// The language server over LSP with a test engine: workspace scan, open buffers, code actions
// (fixes, suppressions, documentation, fix all), stale fixes, settings and `.mlsec.yaml`.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, DiagnosticTag, type CodeAction, type Diagnostic, type TextDocumentEdit } from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';
import { testEngine } from '../helpers/test-engine';
import { RULE_DOCS_BASE_URL } from '../../src/core/report/links';
import { Commands, ScanStatusNotification, ScanWorkspaceRequest, ServerStatusRequest, type ScanSummary, type ServerStatus } from '../../src/server/protocol';

function workspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

const uriIn = (root: string, rel: string) => pathToFileURL(path.join(root, rel)).href;
const has = (rule: string) => (d: Diagnostic[]) => d.some((x) => x.code === rule);
const lacks = (rule: string) => (d: Diagnostic[]) => !d.some((x) => x.code === rule);

/** Applies the text edits of a resolved action to a document's text. */
function applyAction(action: CodeAction, uri: string, text: string): string {
  const changes = (action.edit?.documentChanges ?? []).filter((c): c is TextDocumentEdit => 'textDocument' in c && c.textDocument.uri === uri);
  assert.ok(changes.length, `the action "${action.title}" edits ${uri}`);
  return TextDocument.applyEdits(
    TextDocument.create(uri, 'dockerfile', 1, text),
    changes.flatMap((c) => c.edits),
  );
}

describe('language server', function () {
  let root: string;
  let client: LspTestClient;
  const disk = {
    Dockerfile: 'FROM python:latest\nRUN pip install torch\n  USER root\nUSER root\n',
    'base.Dockerfile': 'FROM ubuntu:22.04\n',
    'sub/worker.Dockerfile': '# syntax=docker/dockerfile:1\nFROM busybox:latest\n',
    'big.Dockerfile': `FROM alpine:latest\n${'# padding\n'.repeat(200)}`,
    '.mlsec.yaml': 'rules:\n  test/root-user: critical\n',
  };

  beforeEach(async () => {
    root = workspace(disk);
    client = LspTestClient.inProcess(testEngine());
    client.settings = { maxFileSize: 1000 };
    await client.initialize([root]);
  });

  afterEach(async () => {
    await client.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('publishes findings of files that are not open, with code, docs link, severity, related locations and tags', async () => {
    const worker = await client.waitForDiagnostics(uriIn(root, 'sub/worker.Dockerfile'), has('test/latest-tag'));
    assert.equal(worker.length, 1);
    const d = worker[0];
    assert.equal(d.source, 'mlsec');
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.codeDescription?.href, `${RULE_DOCS_BASE_URL}test/latest-tag.md`);
    assert.deepEqual(d.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 19 } });
    const main = await client.waitForDiagnostics(uriIn(root, 'Dockerfile'), has('test/root-user'));
    const root1 = main.find((x) => x.code === 'test/root-user')!;
    // .mlsec.yaml raises the rule to critical, which is an error in the editor.
    assert.equal(root1.severity, DiagnosticSeverity.Error);
    assert.deepEqual(root1.tags, [DiagnosticTag.Deprecated]);
    assert.equal(root1.relatedInformation?.[0].location.uri, uriIn(root, 'base.Dockerfile'));
    const status = (await client.waitForNotification(ScanStatusNotification, (p) => (p as { state: string }).state === 'done')) as { summary: ScanSummary };
    assert.equal(status.summary.cancelled, false);
    assert.equal(status.summary.files, 3, 'three files read, the big one skipped');
  });

  it('skips a file over the size limit with one log line', async () => {
    const line = await client.waitForLog(/big\.Dockerfile: skipped: .* over the 1000-byte size limit/);
    assert.match(line, /maxFileSize/);
    await client.waitForDiagnostics(uriIn(root, 'Dockerfile'), has('test/latest-tag'));
    assert.equal(client.diagnostics.get(uriIn(root, 'big.Dockerfile')), undefined);
    await client.connection.sendRequest(ScanWorkspaceRequest);
    assert.equal(client.logs.filter((l) => /big\.Dockerfile/.test(l.message)).length, 2, 'one line per scan');
  });

  it('analyses the in-memory text of an open document as it changes', async () => {
    const uri = uriIn(root, 'Dockerfile');
    await client.waitForDiagnostics(uri, has('test/latest-tag'));
    await client.open(uri, 'FROM python:3.12\n', 'dockerfile');
    await client.waitForDiagnostics(uri, (d) => d.length === 0, 'no findings in the clean buffer');
    await client.change(uri, 'FROM python:3.12\nFROM node:latest\n');
    const d = await client.waitForDiagnostics(uri, has('test/latest-tag'));
    assert.equal(d[0].range.start.line, 1);
    await client.close(uri);
    // Closed, the file on disk is the truth again.
    await client.waitForDiagnostics(uri, has('test/root-user'));
  });

  it('offers fixes, suppressions and documentation, and applies a fix only at its version', async () => {
    const uri = uriIn(root, 'Dockerfile');
    const text = disk.Dockerfile;
    await client.open(uri, text, 'dockerfile');
    const diags = await client.waitForDiagnostics(uri, has('test/latest-tag'));
    const latest = diags.filter((d) => d.code === 'test/latest-tag');
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: latest[0].range,
      context: { diagnostics: latest },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        'Pin the tag to 1.0',
        'Remove the tag',
        'Fix all safe mlsec issues in this file',
        'Suppress test/latest-tag on this line',
        'Suppress test/latest-tag in this file',
        'Show documentation for test/latest-tag',
      ],
      'fix all is in the quick-fix menu as soon as the file has a safe fix',
    );
    assert.equal(actions[0].isPreferred, true);
    assert.equal(actions[1].isPreferred, undefined);
    assert.deepEqual(actions[5].command?.arguments, ['test/latest-tag']);
    assert.equal(actions[0].edit, undefined, 'edits are computed on resolve');

    const safe: CodeAction = await client.connection.sendRequest('codeAction/resolve', actions[0]);
    const edit = safe.edit?.documentChanges?.[0] as TextDocumentEdit;
    assert.equal(edit.textDocument.version, 1);
    const fixed = applyAction(safe, uri, text);
    assert.equal(fixed, text.replace(':latest', ':1.0'));

    const review: CodeAction = await client.connection.sendRequest('codeAction/resolve', actions[1]);
    const annotation = Object.values(review.edit?.changeAnnotations ?? {})[0];
    assert.equal(annotation?.needsConfirmation, false, 'a review fix applies in one step, without an unticked preview');
    assert.equal(annotation?.label, 'Remove the tag');
    assert.equal(applyAction(review, uri, text), text.replace(':latest', ''));

    await client.change(uri, `${text}# edited\n`);
    const stale: CodeAction = await client.connection.sendRequest('codeAction/resolve', actions[0]);
    assert.equal(stale.edit, undefined);
    assert.equal(stale.command?.command, Commands.staleFix);

    await client.change(uri, fixed);
    await client.waitForDiagnostics(uri, lacks('test/latest-tag'));
  });

  it('suppresses on the line with its indentation, and in the file after parser directives', async () => {
    const uri = uriIn(root, 'Dockerfile');
    const text = disk.Dockerfile;
    await client.open(uri, text, 'dockerfile');
    const diags = (await client.waitForDiagnostics(uri, has('test/root-user'))).filter((d) => d.code === 'test/root-user');
    assert.equal(diags.length, 2);
    const indented = diags.find((d) => d.range.start.line === 2)!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: indented.range,
      context: { diagnostics: [indented] },
    });
    const line = actions.find((a) => a.title === 'Suppress test/root-user on this line')!;
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', line);
    const after = applyAction(resolved, uri, text);
    assert.equal(after.split('\n')[2], '  # mlsec-ignore: test/root-user -- reason');
    const at = after.split('\n')[2].indexOf('reason');
    assert.deepEqual(resolved.command?.arguments, [{ uri, line: 2, start: at, end: at + 'reason'.length }]);
    await client.change(uri, after.replace('-- reason', '-- the entrypoint drops privileges'));
    const left = await client.waitForDiagnostics(uri, (d) => d.filter((x) => x.code === 'test/root-user').length === 1);
    assert.equal(left.find((x) => x.code === 'test/root-user')!.range.start.line, 4);

    const worker = uriIn(root, 'sub/worker.Dockerfile');
    const wtext = disk['sub/worker.Dockerfile'];
    await client.open(worker, wtext, 'dockerfile');
    const wd = await client.waitForDiagnostics(worker, has('test/latest-tag'));
    const wactions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: worker },
      range: wd[0].range,
      context: { diagnostics: wd },
    });
    const fileWide: CodeAction = await client.connection.sendRequest(
      'codeAction/resolve',
      wactions.find((a) => a.title === 'Suppress test/latest-tag in this file')!,
    );
    assert.equal(applyAction(fileWide, worker, wtext), '# syntax=docker/dockerfile:1\n# mlsec-ignore-file: test/latest-tag -- reason\nFROM busybox:latest\n');
  });

  it('fixes all safe findings for source.fixAll.mlsec', async () => {
    const uri = uriIn(root, 'Dockerfile');
    const text = 'FROM a:latest AS one\nFROM b:latest\nUSER root\n';
    await client.open(uri, text, 'dockerfile');
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.mlsec'] },
    });
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [['Fix all mlsec issues', 'source.fixAll.mlsec']],
    );
    const resolved: CodeAction = await client.connection.sendRequest('codeAction/resolve', actions[0]);
    assert.equal(applyAction(resolved, uri, text), 'FROM a:1.0 AS one\nFROM b:1.0\nUSER root\n', 'guided fixes are not applied in bulk');
  });

  it('answers a hover on a finding with its severity, fix and rule link, and none elsewhere', async () => {
    const uri = uriIn(root, 'Dockerfile');
    const text = 'FROM a:latest\n# nothing here\n';
    await client.open(uri, text, 'dockerfile');
    await client.waitForDiagnostics(uri, has('test/latest-tag'));
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })) as { contents: { kind: string; value: string } } | null;
    assert.equal(hover?.contents.kind, 'markdown');
    assert.match(hover!.contents.value, /^\*\*Medium\*\* · `test\/latest-tag`/);
    assert.match(hover!.contents.value, /\*\*Fix:\*\* Pin the tag to 1\.0 \(quick fix\)/);
    assert.match(hover!.contents.value, /\[Rule documentation\]\(https:\/\/[^)]+test\/latest-tag\.md\)/);
    assert.equal(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } }), null);
  });

  it('lets editor settings override .mlsec.yaml for the rules they name', async () => {
    const uri = uriIn(root, 'Dockerfile');
    await client.waitForDiagnostics(uri, has('test/root-user'));
    client.settings = { rules: { 'test/latest-tag': 'off', 'test/root-user': 'low' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const d = await client.waitForDiagnostics(uri, lacks('test/latest-tag'));
    assert.ok(d.every((x) => x.code === 'test/root-user' && x.severity === DiagnosticSeverity.Information));
  });

  it('validates .mlsec.yaml, from disk and while it is edited', async () => {
    const uri = uriIn(root, '.mlsec.yaml');
    await client.open(uri, 'rules:\n  test/nope: off\nextra: 1\n', 'yaml');
    const d = await client.waitForDiagnostics(uri, (x) => x.length > 0);
    assert.equal(d[0].source, 'mlsec');
    assert.equal(d[0].severity, DiagnosticSeverity.Error);
    assert.match(d[0].message, /unknown key "extra"/);
    assert.equal(d[0].range.start.line, 2);
    await client.change(uri, 'rules:\n  test/root-user: high\n');
    await client.waitForDiagnostics(uri, (x) => x.length === 0);
  });

  it('picks up files created on disk from watched-file events', async () => {
    await client.waitForNotification(ScanStatusNotification, (p) => (p as { state: string }).state === 'done');
    fs.writeFileSync(path.join(root, 'new.Dockerfile'), 'FROM redis:latest\n');
    const uri = uriIn(root, 'new.Dockerfile');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 1 }] });
    await client.waitForDiagnostics(uri, has('test/latest-tag'));
    fs.rmSync(path.join(root, 'new.Dockerfile'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
    await client.waitForDiagnostics(uri, (d) => d.length === 0);
    const status: ServerStatus = await client.connection.sendRequest(ServerStatusRequest);
    assert.equal(status.failures, 0);
  });
});
