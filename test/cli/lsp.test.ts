// `mlsec lsp --stdio` driven by a minimal client that announces no optional capability and no
// workspace folders, only a rootUri (or a rootPath), as simple LSP editors do.

import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type CodeAction, type InitializeResult, type ShowDocumentParams } from 'vscode-languageserver/node';
import { ServerCommands } from '../../src/server/protocol';
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

  /** Starts the server on a copy of the example, opens serve.Dockerfile and returns its code actions. */
  async function actionsOfMinimalClient(capabilities: object, body: (client: LspTestClient, actions: CodeAction[], init: InitializeResult) => Promise<void>): Promise<void> {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-lsp-'));
    fs.cpSync(EXAMPLE, ws, { recursive: true });
    const client = start();
    try {
      const init = (await client.connection.sendRequest('initialize', { processId: null, rootUri: pathToFileURL(ws).href, capabilities })) as InitializeResult;
      await client.connection.sendNotification('initialized', {});
      const file = path.join(ws, 'docker', 'serve.Dockerfile');
      const uri = pathToFileURL(file).href;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: fs.readFileSync(file, 'utf8') } });
      const diagnostics = await client.waitForDiagnostics(uri, (x) => x.some((y) => y.code === 'container/runs-as-root'));
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics },
      })) as CodeAction[];
      await body(client, actions, init);
      assert.equal(await client.stop(), 0);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  }

  it('offers code actions that name no command to a client that announced none', async () => {
    await actionsOfMinimalClient({}, async (_client, actions, init) => {
      assert.ok(
        actions.some((a) => a.edit),
        'fixes and suppressions carry their edits',
      );
      assert.deepEqual(
        actions.filter((a) => a.command).map((a) => a.title),
        [],
      );
      assert.equal(init.capabilities.executeCommandProvider, undefined);
      await Promise.resolve();
    });
  });

  it("opens a rule's page with window/showDocument for a client that supports it", async () => {
    await actionsOfMinimalClient({ window: { showDocument: { support: true } } }, async (client, actions, init) => {
      assert.deepEqual(init.capabilities.executeCommandProvider?.commands, [ServerCommands.showRuleDocs]);
      const docs = actions.find((a) => a.title === 'Show documentation for container/runs-as-root');
      assert.deepEqual(docs?.command, { title: docs?.title, command: ServerCommands.showRuleDocs, arguments: ['container/runs-as-root'] });
      const shown = new Promise<ShowDocumentParams>((resolve) => client.connection.onRequest('window/showDocument', (p: ShowDocumentParams) => (resolve(p), { success: true })));
      await client.connection.sendRequest('workspace/executeCommand', { command: docs!.command!.command, arguments: docs!.command!.arguments });
      const p = await shown;
      assert.match(p.uri, /runs-as-root/);
      assert.equal(p.external, !p.uri.startsWith('file:'));
    });
  });

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
