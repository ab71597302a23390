// The language server as a child process over stdio with the real engine: it reports real
// findings on the example repository, and survives hostile documents while it keeps answering.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { LspTestClient } from '../helpers/lsp-client';
import { longDockerfile } from '../helpers/documents';
import { ListRulesRequest, ServerStatusRequest, type RuleInfo, type ServerStatus } from '../../src/server/protocol';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'out', 'src', 'server', 'server.js');
const EXAMPLE = path.join(ROOT, 'examples', 'ml-repo');

describe('language server over stdio', function () {
  this.timeout(60000);
  let ws: string;
  let client: LspTestClient;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-stdio-'));
    fs.cpSync(EXAMPLE, ws, { recursive: true });
    client = LspTestClient.child(SERVER);
    await client.initialize([ws]);
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, 'the server exits cleanly when asked');
    fs.rmSync(ws, { recursive: true, force: true });
  });

  it("reports the example repository's serving image problems from the workspace scan", async () => {
    const uri = pathToFileURL(path.join(ws, 'docker', 'serve.Dockerfile')).href;
    const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'container/runs-as-root'));
    const root = d.find((x) => x.code === 'container/runs-as-root')!;
    assert.equal(root.source, 'mlsec');
    assert.equal(root.range.start.line, 12, 'on the USER root line');
    // The image holds AWS's documentation example key: reported, at low severity (Information).
    assert.ok(d.some((x) => x.code === 'secrets/hardcoded-credential' && x.severity === DiagnosticSeverity.Information));
    const rules: RuleInfo[] = await client.connection.sendRequest(ListRulesRequest);
    assert.ok(rules.some((r) => r.id === 'container/runs-as-root' && r.docsPath === 'docs/rules/container/runs-as-root.md'));
  });

  it('survives binary garbage, a YAML alias bomb and a 2,000-line Dockerfile, and keeps answering', async () => {
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const docs: [string, string, string][] = [
      ['Dockerfile.garbage', garbage.toString('latin1'), 'dockerfile'],
      ['garbage.Dockerfile', garbage.toString('latin1').replace(/\0/g, '\u0001'), 'dockerfile'],
      ['Dockerfile.nul', `FROM x\n\0\0\0${garbage.toString('binary')}`, 'dockerfile'],
      ['bomb.yaml', `${bomb.join('\n')}\n`, 'yaml'],
      ['.mlsec.yaml', `${bomb.join('\n')}\nrules: *l\n`, 'yaml'],
      ['long.Dockerfile', longDockerfile(), 'dockerfile'],
    ];
    for (const [name, text, lang] of docs) {
      await client.open(pathToFileURL(path.join(ws, name)).href, text, lang);
    }
    const longUri = pathToFileURL(path.join(ws, 'long.Dockerfile')).href;
    const long = await client.waitForDiagnostics(longUri, (x) => x.some((y) => y.code === 'transport/tls-verification-disabled'));
    assert.ok(long.filter((x) => x.code === 'transport/tls-verification-disabled').length > 100);
    const configDiags = await client.waitForDiagnostics(pathToFileURL(path.join(ws, '.mlsec.yaml')).href, (x) => x.length > 0);
    assert.equal(configDiags[0].code, 'mlsec/config');
    await client.waitForLog(/Dockerfile\.nul: skipped: binary content/);
    // Still answering, and still analysing edits.
    const status: ServerStatus = await client.connection.sendRequest(ServerStatusRequest);
    assert.ok(status.indexedFiles > 0);
    await client.change(longUri, 'FROM python:3.12-slim\nUSER 1000\n');
    await client.waitForDiagnostics(longUri, (x) => !x.some((y) => y.code === 'transport/tls-verification-disabled'));
    assert.equal(client.child?.exitCode, null, 'the server process is alive');
  });
});
