// The language server's threat-model requests with the real engine: the model of a folder from
// its current analysis (editor buffers included), the exports, and the change notification the
// panel refreshes on.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createEngine } from '../../src/core';
import { THREAT_MODEL_CHANGED, THREAT_MODEL_EXPORT_REQUEST, THREAT_MODEL_REQUEST, type ThreatModelExportResult, type ThreatModelResult } from '../../src/core/threat-model/protocol';
import { LspTestClient } from '../helpers/lsp-client';

const ROOT = path.resolve(__dirname, '../../..');
const EXAMPLE = path.join(ROOT, 'examples', 'ml-repo');

describe('language server: threat model', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspTestClient;
  const changed: string[] = [];

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-tm-lsp-'));
    fs.cpSync(EXAMPLE, ws, { recursive: true });
    client = LspTestClient.inProcess(createEngine());
    client.connection.onNotification(THREAT_MODEL_CHANGED, (p: { folder: string }) => void changed.push(p.folder));
    await client.initialize([ws]);
    await client.waitForDiagnostics(pathToFileURL(path.join(ws, 'docker', 'serve.Dockerfile')).href, (d) => d.length > 0);
  });

  after(async () => {
    await client.stop();
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it('answers with the model of the folder, its findings landing on the diagram', async () => {
    const folder = pathToFileURL(ws).href;
    const r: ThreatModelResult = await client.connection.sendRequest(THREAT_MODEL_REQUEST, { folder });
    assert.equal(r.folder, folder);
    assert.equal(r.model.format, 'mlsec-threat-model');
    assert.ok(r.model.elements.some((e) => e.name === 'MLflow model server (image of docker/serve.Dockerfile)'));
    const root = r.model.findings.find((f) => f.ruleId === 'container/runs-as-root' && f.loc.file === 'docker/serve.Dockerfile');
    assert.ok(root && root.targets.length > 0);
  });

  it('follows an edited buffer and tells the client the model changed', async () => {
    const uri = pathToFileURL(path.join(ws, 'docker', 'serve.Dockerfile')).href;
    const text = fs.readFileSync(path.join(ws, 'docker', 'serve.Dockerfile'), 'utf8');
    const before = changed.length;
    await client.open(uri, text.replace('FROM python:3.11-slim', `FROM python:3.11-slim@sha256:${'7c'.repeat(32)}`), 'dockerfile');
    await client.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'supply-chain/unpinned-image' && x.range.start.line === 1));
    const deadline = Date.now() + 20000;
    while (changed.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(changed.length > before, 'a change notification arrives');
    assert.equal(changed.at(-1), pathToFileURL(ws).href);
    const r: ThreatModelResult = await client.connection.sendRequest(THREAT_MODEL_REQUEST, {});
    const sub = r.model.threats.find((t) => t.template === 'supply-chain.image-substitution' && t.title === 'Image substitution on base image Docker Hub → docker/serve.Dockerfile');
    assert.equal(sub?.status, 'mitigated', 'the unsaved buffer counts');
  });

  it('renders the exports the panel saves', async () => {
    const r: ThreatModelExportResult = await client.connection.sendRequest(THREAT_MODEL_EXPORT_REQUEST, { folder: pathToFileURL(ws).href, format: 'markdown' });
    assert.equal(r.fileName, 'threat-model.md');
    assert.match(r.text, /^# Threat model of /);
    assert.match(r.text, /```mermaid\nflowchart LR\n/);
    const td: ThreatModelExportResult = await client.connection.sendRequest(THREAT_MODEL_EXPORT_REQUEST, { format: 'threat-dragon' });
    assert.equal(JSON.parse(td.text).version, '2.3.0');
  });
});
