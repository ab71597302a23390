// The language server shows the findings a baseline file records (the `mlsec.baseline` setting)
// as hints with a note, the rest at their severity, matching fingerprints as `mlsec scan` does.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { defaultConfig } from '../../src/core/config';
import { formatBaseline, toBaseline } from '../../src/core/report/baseline';
import { scanWorkspace } from '../../src/core/workspace/scan';
import { ScanStatusNotification } from '../../src/server/protocol';
import { LspTestClient } from '../helpers/lsp-client';
import { testEngine } from '../helpers/test-engine';

const DOCKERFILE = 'FROM python:latest\nUSER root\n';

describe('language server: baselined findings', function () {
  let root: string;
  let client: LspTestClient;

  /** A baseline of the folder's current findings of `rule`, written as `mlsec scan --write-baseline` writes it. */
  async function writeBaseline(rule: string): Promise<void> {
    const result = await scanWorkspace(testEngine(), root, { config: defaultConfig() });
    const baseline = toBaseline(result.findings, (p) => result.index.source(p));
    baseline.entries = baseline.entries.filter((e) => e.ruleId === rule);
    assert.equal(baseline.entries.length, 1);
    fs.writeFileSync(path.join(root, 'mlsec-baseline.json'), formatBaseline(baseline));
  }

  async function start(settings: Record<string, unknown>): Promise<void> {
    client = LspTestClient.inProcess(testEngine());
    client.settings = settings;
    await client.initialize([root]);
    await client.waitForNotification(ScanStatusNotification, (p) => (p as { state: string }).state === 'done');
  }

  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const byCode = (d: Diagnostic[], code: string) => d.find((x) => x.code === code);

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-baseline-'));
    fs.writeFileSync(path.join(root, 'Dockerfile'), DOCKERFILE);
  });

  afterEach(async () => {
    await client?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows a baselined finding as a hint that says so, and the others at their severity', async () => {
    await writeBaseline('test/latest-tag');
    await start({ baseline: 'mlsec-baseline.json' });
    const d = await client.waitForDiagnostics(uri('Dockerfile'), (x) => x.length === 2);
    const latest = byCode(d, 'test/latest-tag')!;
    assert.equal(latest.severity, DiagnosticSeverity.Hint);
    assert.match(latest.message, /Baselined: recorded in mlsec-baseline\.json/);
    const rootUser = byCode(d, 'test/root-user')!;
    assert.equal(rootUser.severity, DiagnosticSeverity.Error);
    assert.doesNotMatch(rootUser.message, /Baselined/);
  });

  it('keeps a finding baselined in an open buffer after lines are inserted above it', async () => {
    await writeBaseline('test/root-user');
    await start({ baseline: 'mlsec-baseline.json' });
    await client.open(uri('Dockerfile'), 'FROM python:latest\nRUN true\nRUN true\nUSER root\n', 'dockerfile');
    const d = await client.waitForDiagnostics(uri('Dockerfile'), (x) => byCode(x, 'test/root-user')?.range.start.line === 3);
    assert.equal(byCode(d, 'test/root-user')!.severity, DiagnosticSeverity.Hint);
    assert.notEqual(byCode(d, 'test/latest-tag')!.severity, DiagnosticSeverity.Hint);
  });

  it('shows every finding at its severity without the setting', async () => {
    await writeBaseline('test/latest-tag');
    await start({});
    const d = await client.waitForDiagnostics(uri('Dockerfile'), (x) => x.length === 2);
    assert.ok(d.every((x) => x.severity !== DiagnosticSeverity.Hint && !/Baselined/.test(x.message)));
  });

  it('follows the baseline file when it changes on disk', async () => {
    await writeBaseline('test/latest-tag');
    await start({ baseline: 'mlsec-baseline.json' });
    await client.waitForDiagnostics(uri('Dockerfile'), (x) => byCode(x, 'test/latest-tag')?.severity === DiagnosticSeverity.Hint);
    await writeBaseline('test/root-user');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('mlsec-baseline.json'), type: 2 }] });
    const d = await client.waitForDiagnostics(uri('Dockerfile'), (x) => byCode(x, 'test/root-user')?.severity === DiagnosticSeverity.Hint);
    assert.notEqual(byCode(d, 'test/latest-tag')!.severity, DiagnosticSeverity.Hint);
  });

  it('refuses a baseline outside the folder and one that is not a baseline, saying why in the log', async () => {
    await start({ baseline: '../elsewhere.json' });
    await client.waitForLog(/mlsec\.baseline: \.\.\/elsewhere\.json was not read: it leads out of the workspace/);
    await client.stop();
    fs.writeFileSync(path.join(root, 'mlsec-baseline.json'), '{"version": 1}');
    await start({ baseline: 'mlsec-baseline.json' });
    await client.waitForLog(/mlsec-baseline\.json is not an mlsec baseline/);
    const d = await client.waitForDiagnostics(uri('Dockerfile'), (x) => x.length === 2);
    assert.ok(d.every((x) => x.severity !== DiagnosticSeverity.Hint));
  });
});
