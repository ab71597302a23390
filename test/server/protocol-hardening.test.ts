// The language server as a child process over stdio, sent what a broken or hostile client sends:
// malformed parameters for every method it handles (each request answered with InvalidParams,
// each notification dropped with a log line, no handler failing), then valid requests that still
// work; and broken framing, after which the process ends with a non-zero code.

import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, StreamMessageReader, StreamMessageWriter, type Message } from 'vscode-languageserver/node';
import { PARAMS } from '../../src/server/params';
import { CLIENT_CAPABILITIES } from '../helpers/lsp-client';
import type { ServerStatus } from '../../src/server/protocol';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'out', 'src', 'server', 'server.js');

interface Answer {
  id: number;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A client that writes raw JSON-RPC messages, so parameters no typed client would send can be sent. */
class RawClient {
  readonly child: ChildProcess;
  readonly logs: string[] = [];
  private readonly writer: StreamMessageWriter;
  private readonly waiting = new Map<number, (a: Answer) => void>();
  private readonly logWaiters: { pattern: RegExp; resolve: () => void }[] = [];
  private nextId = 1;

  constructor() {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', () => undefined);
    this.writer = new StreamMessageWriter(this.child.stdin!);
    new StreamMessageReader(this.child.stdout!).listen((m) => this.received(m));
  }

  private received(m: Message): void {
    const msg = m as unknown as { id?: number; method?: string; params?: { type?: number; message?: string; items?: unknown[] } } & Answer;
    if (msg.method === 'window/logMessage') {
      const line = msg.params?.message ?? '';
      this.logs.push(line);
      for (const w of this.logWaiters.filter((x) => x.pattern.test(line))) w.resolve();
      return;
    }
    if (msg.method !== undefined && msg.id !== undefined) {
      // A request from the server (configuration, registrations, progress): answer it plainly.
      const result = msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => ({})) : null;
      void this.writer.write({ jsonrpc: '2.0', id: msg.id, result } as Message);
      return;
    }
    if (msg.method === undefined && typeof msg.id === 'number') this.waiting.get(msg.id)?.(msg);
  }

  request(method: string, params: unknown): Promise<Answer> {
    const id = this.nextId++;
    const answer = new Promise<Answer>((resolve) => this.waiting.set(id, resolve));
    void this.writer.write({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) } as Message);
    return answer;
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.writer.write({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) } as Message);
  }

  waitForLog(pattern: RegExp): Promise<void> {
    if (this.logs.some((l) => pattern.test(l))) return Promise.resolve();
    return new Promise((resolve) => this.logWaiters.push({ pattern, resolve }));
  }
}

const REQUESTS = new Set([
  'initialize',
  'shutdown',
  'textDocument/willSaveWaitUntil',
  'textDocument/codeAction',
  'codeAction/resolve',
  'textDocument/hover',
  'mlsec/scanWorkspace',
  'mlsec/listRules',
  'mlsec/serverStatus',
  'mlsec/verifyModel',
  'mlsec/threatModel',
  'mlsec/exportThreatModel',
]);

const doc = (uri: string) => ({ textDocument: { uri } });

/** Malformed parameters for every method the server checks, a few per method. */
const MALFORMED: Record<string, unknown[]> = {
  initialize: [null, 5, { capabilities: 'all' }, { capabilities: {}, workspaceFolders: [{ uri: 7 }] }],
  initialized: [5, 'x'],
  shutdown: [5],
  exit: ['now'],
  'textDocument/didOpen': [null, { textDocument: { uri: 'file:///a', languageId: 'x', version: 1 } }, { textDocument: { uri: 'file://host/a', languageId: 'x', version: 1, text: '' } }],
  'textDocument/didChange': [
    { textDocument: { uri: 'file:///a', version: 2 }, contentChanges: null },
    { textDocument: { uri: 'file:///a', version: 2 }, contentChanges: [{ range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } }, text: '' }] },
  ],
  'textDocument/didClose': [null, { textDocument: {} }],
  'textDocument/didSave': [{ textDocument: { uri: 3 } }],
  'textDocument/willSave': [{ textDocument: { uri: 'file:///a' } }],
  'textDocument/willSaveWaitUntil': [{ textDocument: { uri: 'file:///a' }, reason: 'manual' }],
  'textDocument/codeAction': [
    null,
    { ...doc('file://host/etc/passwd'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } },
    { ...doc('file:///a'), range: {}, context: { diagnostics: [] } },
  ],
  'codeAction/resolve': [null, { title: 'x', data: { uri: 'file:///a', version: 1, kind: 'fix' } }, { title: 'x', data: 'fix' }],
  'textDocument/hover': [
    { ...doc('file://host/a'), position: { line: 0, character: 0 } },
    { ...doc('file:///a'), position: { line: '0', character: 0 } },
  ],
  'workspace/didChangeConfiguration': [7],
  'workspace/didChangeWatchedFiles': [{ changes: [{ uri: 'file:///a', type: 9 }] }, { changes: null }],
  'workspace/didChangeWorkspaceFolders': [{ event: null }, { event: { added: null, removed: [] } }],
  '$/setTrace': [{ value: 'loud' }],
  '$/cancelRequest': [{ id: null }],
  'mlsec/scanWorkspace': [5],
  'mlsec/cancelScan': ['all'],
  'mlsec/listRules': [true],
  'mlsec/serverStatus': [1],
  'mlsec/verifyModel': [null, { uri: 'file://host/model.pkl' }, { uri: 42 }],
  'mlsec/threatModel': [{ folder: 'file://host/x' }, 'x'],
  'mlsec/exportThreatModel': [{ format: 'pdf' }, null],
};

/** Starts a server process and resolves with its exit code. */
function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('language server: malformed parameters and broken framing', function () {
  this.timeout(60000);
  let ws: string;

  before(() => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-protocol-'));
    fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM python:3.12\nUSER root\n');
  });
  after(() => fs.rmSync(ws, { recursive: true, force: true }));

  it('has malformed cases for every method it checks', () => {
    assert.deepEqual(Object.keys(PARAMS).sort(), Object.keys(MALFORMED).sort());
  });

  it('answers InvalidParams to malformed requests, drops malformed notifications, and keeps serving', async () => {
    const client = new RawClient();
    try {
      for (const params of MALFORMED.initialize) {
        const a = await client.request('initialize', params);
        assert.equal(a.error?.code, ErrorCodes.InvalidParams, `initialize ${JSON.stringify(params)}`);
      }
      const folder = pathToFileURL(ws).href;
      const init = await client.request('initialize', {
        processId: null,
        rootUri: folder,
        workspaceFolders: [
          { uri: folder, name: 'ws' },
          { uri: 'file://host/share', name: 'remote' },
        ],
        capabilities: CLIENT_CAPABILITIES,
      });
      assert.ok(init.result, 'a valid initialize still works after malformed ones');
      for (const params of MALFORMED.initialized) await client.notify('initialized', params);
      await client.notify('initialized', {});
      const dockerfile = pathToFileURL(path.join(ws, 'Dockerfile')).href;
      await client.notify('textDocument/didOpen', { textDocument: { uri: dockerfile, languageId: 'dockerfile', version: 1, text: 'FROM python:3.12\nUSER root\n' } });
      await client.waitForLog(/Scanned .*: \d+ files/);
      for (const [method, cases] of Object.entries(MALFORMED)) {
        if (method === 'initialize' || method === 'initialized') continue;
        for (const params of cases) {
          const what = `${method} ${JSON.stringify(params)}`;
          if (REQUESTS.has(method)) {
            const a = await client.request(method, params);
            assert.equal(a.error?.code, ErrorCodes.InvalidParams, what);
            assert.match(a.error.message, new RegExp(`^${method.replace(/[$/]/g, '\\$&')}: params`), what);
          } else {
            await client.notify(method, params);
            await client.waitForLog(new RegExp(`^ignored ${method.replace(/[$/]/g, '\\$&')}: params`));
          }
        }
      }
      assert.ok(client.logs.some((l) => /ignored workspace folder "file:\/\/host\/share"/.test(l)));
      const status = await client.request('mlsec/serverStatus', undefined);
      assert.equal((status.result as ServerStatus).failures, 0, 'no handler failed');
      assert.ok((status.result as ServerStatus).indexedFiles > 0);
      const actions = await client.request('textDocument/codeAction', {
        ...doc(dockerfile),
        range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } },
        context: { diagnostics: [] },
      });
      assert.ok(Array.isArray(actions.result), 'a valid request still works');
      assert.equal(client.child.exitCode, null, 'the process is alive (a malformed exit did not end it)');
      assert.equal((await client.request('shutdown', undefined)).error, undefined);
      await client.notify('exit', undefined);
      assert.equal(await exitOf(client.child), 0);
    } finally {
      client.child.kill();
    }
  });

  const BROKEN: [string, Buffer][] = [
    ['a negative Content-Length', Buffer.from('Content-Length: -5\r\n\r\n{}')],
    ['a Content-Length that is not a number', Buffer.from('Content-Length: twelve\r\n\r\n{}')],
    ['a header block without Content-Length', Buffer.from('Content-Type: application/vscode-jsonrpc\r\n\r\n{}')],
    ['an oversized Content-Length', Buffer.from('Content-Length: 99999999999\r\n\r\n{}')],
    ['a header line without a colon', Buffer.from('Content-Length 2\r\n\r\n{}')],
    ['a body that is not JSON', Buffer.from('Content-Length: 5\r\n\r\nhello')],
    ['a JSON body that is not a message', Buffer.from('Content-Length: 7\r\n\r\n[1,2,3]')],
    ['a header that never ends', Buffer.alloc(16 * 1024, 'a')],
  ];
  for (const [what, bytes] of BROKEN) {
    it(`ends with a non-zero code on ${what}`, async () => {
      const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', () => undefined);
      child.stdin.write(bytes);
      const code = await exitOf(child);
      assert.equal(code, 1);
      assert.match(stderr, /closing the connection/);
    });
  }
});
