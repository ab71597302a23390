// `mlsec lsp --stdio` driven by a minimal client that announces no optional capability and no
// workspace folders, only a rootUri (or a rootPath), as simple LSP editors do.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { rootFolderUris } from '../../src/server/service';
import { LspTestClient } from '../helpers/lsp-client';
import { REPO, run } from './helpers';

const CLI = path.join(REPO, 'out', 'src', 'cli', 'main.js');
const EXAMPLE = path.join(REPO, 'examples', 'ml-repo');

function start(): LspTestClient {
  const child = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr.on('data', () => undefined);
  return new LspTestClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), child);
}

describe('mlsec lsp --stdio', function () {
  this.timeout(60000);

  for (const root of ['rootUri', 'rootPath'] as const) {
    it(`scans the one root a client without workspace folders gives as ${root}`, async () => {
      const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-'));
      fs.cpSync(EXAMPLE, ws, { recursive: true });
      const client = start();
      try {
        const init = (await client.connection.sendRequest('initialize', {
          processId: null,
          ...(root === 'rootUri' ? { rootUri: pathToFileURL(ws).href } : { rootUri: null, rootPath: ws }),
          capabilities: {},
        })) as { capabilities: { textDocumentSync: unknown } };
        assert.ok(init.capabilities.textDocumentSync);
        await client.connection.sendNotification('initialized', {});
        const uri = pathToFileURL(path.join(ws, 'docker', 'serve.Dockerfile')).href;
        const d = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'container/runs-as-root'));
        assert.equal(d.find((x) => x.code === 'container/runs-as-root')!.source, 'mlsec');
        assert.equal(await client.stop(), 0);
      } finally {
        fs.rmSync(ws, { recursive: true, force: true });
      }
    });
  }

  it('chooses workspace folders first, then rootUri, then rootPath', () => {
    assert.deepEqual(rootFolderUris({ workspaceFolders: [{ uri: 'file:///a', name: 'a' }], rootUri: 'file:///b' }), ['file:///a']);
    assert.deepEqual(rootFolderUris({ workspaceFolders: null, rootUri: 'file:///b' }), ['file:///b']);
    assert.deepEqual(rootFolderUris({ rootUri: null, rootPath: '/c' }), [pathToFileURL('/c').href]);
    assert.deepEqual(rootFolderUris({ rootUri: null }), []);
  });

  it('refuses other transports', async () => {
    const r = await run(['lsp'], { cwd: REPO });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs --stdio/);
  });
});
