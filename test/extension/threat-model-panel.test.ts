// The threat-model panel against a stand-in for the `vscode` API: what it registers, the webview it
// creates (resource roots, CSP), the request it sends, and how it answers webview messages.

import * as assert from 'node:assert/strict';
import Module from 'node:module';
import * as path from 'node:path';
import { buildThreatModel } from '../../src/core/threat-model';
import { churnScenario } from '../threat-model/fixtures';

interface Uri {
  scheme: string;
  path: string;
  toString(): string;
}

function uri(p: string, scheme = 'file'): Uri {
  return { scheme, path: p, toString: () => `${scheme}://${p}` };
}

class Emitter<T> {
  handlers: ((v: T) => unknown)[] = [];
  event = (h: (v: T) => unknown) => {
    this.handlers.push(h);
    return { dispose: () => (this.handlers = this.handlers.filter((x) => x !== h)) };
  };
  async fire(v: T) {
    for (const h of this.handlers) await h(v);
  }
}

function fakeVscode() {
  const log = {
    commands: new Map<string, () => unknown>(),
    serializers: new Map<string, { deserializeWebviewPanel(p: unknown, s: unknown): Promise<void> }>(),
    panels: [] as FakePanel[],
    opened: [] as unknown[],
    shown: [] as { doc: unknown; options: { selection: { start: number; end: number } } }[],
    warnings: [] as string[],
    infos: [] as string[],
    errors: [] as string[],
    written: [] as { path: string; text: string }[],
    saveDialogs: [] as { defaultUri: Uri; filters: unknown }[],
    saveTo: undefined as string | undefined,
  };
  class FakePanel {
    disposed = false;
    revealed = 0;
    readonly dispose$ = new Emitter<void>();
    readonly message$ = new Emitter<unknown>();
    readonly posted: { type: string; message?: string; model?: unknown }[] = [];
    readonly webview = {
      options: {} as { enableScripts?: boolean; localResourceRoots?: Uri[] },
      html: '',
      cspSource: 'https://webview.test',
      asWebviewUri: (u: Uri) => uri(u.path, 'https'),
      postMessage: async (m: { type: string }) => {
        this.posted.push(m);
        return true;
      },
      onDidReceiveMessage: this.message$.event,
    };
    onDidDispose = this.dispose$.event;
    column: number | undefined;
    constructor(
      readonly viewType: string,
      readonly options: unknown,
    ) {}
    reveal() {
      this.revealed++;
    }
    dispose() {
      if (this.disposed) return;
      this.disposed = true;
      void this.dispose$.fire();
    }
  }
  const saves = new Emitter<unknown>();
  const folders = new Emitter<unknown>();
  const api = {
    ViewColumn: { One: 1, Active: -1, Beside: -2 },
    Uri: { joinPath: (base: Uri, ...parts: string[]) => uri(path.posix.join(base.path, ...parts), base.scheme), file: (p: string) => uri(p) },
    Range: class {
      constructor(
        readonly start: number,
        readonly end: number,
      ) {}
    },
    window: {
      createWebviewPanel: (viewType: string, _title: string, column: number, options: unknown) => {
        const p = new FakePanel(viewType, options);
        p.column = column;
        log.panels.push(p);
        return p;
      },
      registerWebviewPanelSerializer: (viewType: string, s: { deserializeWebviewPanel(p: unknown, s: unknown): Promise<void> }) => {
        log.serializers.set(viewType, s);
        return { dispose() {} };
      },
      showTextDocument: async (doc: unknown, options: { selection: { start: number; end: number } }) => {
        log.shown.push({ doc, options });
      },
      showWarningMessage: async (m: string) => {
        log.warnings.push(m);
      },
      showInformationMessage: async (m: string) => {
        log.infos.push(m);
      },
      showErrorMessage: async (m: string) => {
        log.errors.push(m);
      },
      showSaveDialog: async (o: { defaultUri: Uri; filters: unknown }) => {
        log.saveDialogs.push(o);
        return log.saveTo === undefined ? undefined : uri(log.saveTo);
      },
    },
    commands: {
      registerCommand: (id: string, fn: () => unknown) => {
        log.commands.set(id, fn);
        return { dispose() {} };
      },
    },
    workspace: {
      workspaceFolders: [{ uri: uri('/repo'), name: 'repo', index: 0 }],
      onDidSaveTextDocument: saves.event,
      onDidChangeWorkspaceFolders: folders.event,
      fs: {
        writeFile: async (u: Uri, bytes: Uint8Array) => {
          log.written.push({ path: u.path, text: new TextDecoder().decode(bytes) });
        },
      },
      asRelativePath: (u: Uri) => path.posix.relative('/repo', u.path),
      openTextDocument: async (u: Uri) => {
        log.opened.push(u.path);
        if (u.path.endsWith('missing.yaml')) throw new Error('file not found');
        return { uri: u, positionAt: (o: number) => o };
      },
    },
  };
  return { api, log, FakePanel };
}

describe('threat-model panel', () => {
  const fake = fakeVscode();
  type PanelModule = typeof import('../../src/extension/threat-model-panel');
  let mod: PanelModule;
  const moduleApi = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const original = moduleApi._resolveFilename;
  const model = buildThreatModel({ facts: churnScenario().facts, findings: churnScenario().findings });
  const requests: { method: string; params: unknown }[] = [];
  const listeners: ((p: { folder: string }) => void)[] = [];
  let fail = false;
  const client = {
    sendRequest: async <R>(method: string, params: unknown): Promise<R> => {
      requests.push({ method, params });
      if (fail) throw new Error('server stopped');
      if (method === 'mlsec/exportThreatModel') {
        const format = (params as { format: string }).format;
        return { folder: 'file:///repo', model, format, fileName: format === 'markdown' ? 'threat-model.md' : 'threat-model.json', text: `${format} export\n` } as R;
      }
      return { folder: 'file:///repo', model } as R;
    },
    onNotification: (_method: string, handler: (p: { folder: string }) => void) => {
      listeners.push(handler);
      return { dispose: () => listeners.splice(listeners.indexOf(handler), 1) };
    },
  };
  const context = { extensionUri: uri('/ext'), subscriptions: [] as { dispose(): unknown }[] };

  before(() => {
    moduleApi._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
    };
    require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: fake.api } as unknown as NodeJS.Module;
    mod = require('../../src/extension/threat-model-panel') as PanelModule;
    mod.registerThreatModelPanel(context as never, client);
  });

  after(() => {
    moduleApi._resolveFilename = original;
    delete require.cache.vscode;
  });

  it('registers the command and a serializer for the panel', () => {
    assert.ok(fake.log.commands.has('mlsec.openThreatModel'));
    assert.ok(fake.log.serializers.has('mlsec.threatModel'));
    assert.equal(context.subscriptions.length, 2);
  });

  it('opens one webview limited to the bundle folder, with a strict CSP and a fresh script nonce', () => {
    fake.log.commands.get('mlsec.openThreatModel')!();
    fake.log.commands.get('mlsec.openThreatModel')!();
    assert.equal(fake.log.panels.length, 1, 'the second command reveals the same panel');
    const p = fake.log.panels[0];
    assert.equal(p.revealed, 1);
    assert.deepEqual(
      p.webview.options.localResourceRoots!.map((u) => u.path),
      ['/ext/dist/webview'],
    );
    assert.equal(p.webview.options.enableScripts, true);
    assert.equal(p.column, -1, 'opens in the active editor group, at full width');
    assert.equal((p.options as { retainContextWhenHidden?: boolean }).retainContextWhenHidden, true, 'kept alive while hidden, so returning does not lay out again');
    const html = p.webview.html;
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)![1];
    assert.ok(nonce.length >= 16);
    assert.match(html, new RegExp(`<script nonce="${nonce.replace(/[+/=]/g, '\\$&')}" src="https:///ext/dist/webview/threat-model.js">`));
    assert.doesNotMatch(html, /\son[a-z]+=/i, 'no inline handlers');
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });

  it('asks the server for the model when the webview is ready and posts it', async () => {
    const p = fake.log.panels[0];
    await p.message$.fire({ type: 'ready' });
    assert.deepEqual(requests.at(-1), { method: 'mlsec/threatModel', params: { folder: 'file:///repo' } });
    assert.deepEqual(
      p.posted.map((m) => m.type),
      ['loading', 'model'],
    );
    assert.equal(p.posted[1].model, model);
  });

  it('reports a server failure to the webview instead of throwing', async () => {
    const p = fake.log.panels[0];
    fail = true;
    await p.message$.fire({ type: 'refresh' });
    fail = false;
    assert.equal(p.posted.at(-1)!.type, 'error');
    assert.match(p.posted.at(-1)!.message!, /server stopped/);
  });

  it('opens the source at the range a finding names', async () => {
    const p = fake.log.panels[0];
    await p.message$.fire({ type: 'openSource', loc: { file: 'docker/trainer/Dockerfile', start: 5, end: 21 } });
    assert.equal(fake.log.opened.at(-1), '/repo/docker/trainer/Dockerfile');
    const sel = fake.log.shown.at(-1)!.options.selection;
    assert.deepEqual([sel.start, sel.end], [5, 21]);
    assert.equal((fake.log.shown.at(-1)!.options as { viewColumn?: number }).viewColumn, -2, 'beside the panel, which stays visible');
  });

  it('ignores locations outside the folder and malformed messages', async () => {
    const p = fake.log.panels[0];
    const before = fake.log.opened.length;
    for (const loc of [
      { file: '../../etc/passwd', start: 0, end: 1 },
      { file: '/etc/passwd', start: 0, end: 1 },
      { file: 'a\\..\\b', start: 0, end: 1 },
      { file: 'ok.yaml', start: -1, end: 2 },
      { file: 'ok.yaml', start: 5, end: 1 },
    ]) {
      await p.message$.fire({ type: 'openSource', loc });
    }
    await p.message$.fire({ type: 'openSource' });
    await p.message$.fire('ready');
    await p.message$.fire({ type: 'eval', code: 'x' });
    assert.equal(fake.log.opened.length, before);
  });

  it('warns instead of failing when a file cannot be opened', async () => {
    await fake.log.panels[0].message$.fire({ type: 'openSource', loc: { file: 'missing.yaml', start: 0, end: 0 } });
    assert.match(fake.log.warnings.at(-1)!, /cannot open missing\.yaml/);
  });

  it('exports in the format the webview asks for, to the file the user picks', async () => {
    const p = fake.log.panels[0];
    fake.log.saveTo = '/repo/docs/threat-model.md';
    await p.message$.fire({ type: 'export', format: 'markdown' });
    assert.deepEqual(requests.at(-1), { method: 'mlsec/exportThreatModel', params: { folder: 'file:///repo', format: 'markdown' } });
    assert.equal(fake.log.saveDialogs.at(-1)!.defaultUri.path, '/repo/threat-model.md');
    assert.deepEqual(fake.log.saveDialogs.at(-1)!.filters, { Markdown: ['md'] });
    assert.deepEqual(fake.log.written.at(-1), { path: '/repo/docs/threat-model.md', text: 'markdown export\n' });
    assert.match(fake.log.infos.at(-1)!, /exported the threat model \(Markdown\) to docs\/threat-model\.md/);
  });

  it('writes nothing when the save dialog is cancelled, and reports a failed export', async () => {
    const p = fake.log.panels[0];
    const written = fake.log.written.length;
    fake.log.saveTo = undefined;
    await p.message$.fire({ type: 'export', format: 'threat-dragon' });
    assert.deepEqual(requests.at(-1)!.params, { folder: 'file:///repo', format: 'threat-dragon' });
    assert.equal(fake.log.written.length, written);
    fail = true;
    await p.message$.fire({ type: 'export', format: 'json' });
    fail = false;
    assert.match(fake.log.errors.at(-1)!, /could not export the threat model: server stopped/);
    const sent = requests.length;
    await p.message$.fire({ type: 'export', format: 'pdf' });
    await p.message$.fire({ type: 'export' });
    assert.equal(requests.length, sent, 'unknown formats are ignored');
  });

  it('listens for model changes from the server and stops when the panel closes', () => {
    assert.equal(listeners.length, 1);
    fake.log.panels[0].dispose();
    assert.equal(listeners.length, 0);
  });

  it('restores a panel after a reload through the serializer, with a new nonce', async () => {
    const old = fake.log.panels[0].webview.html;
    const restored = new fake.FakePanel('mlsec.threatModel', {});
    await fake.log.serializers.get('mlsec.threatModel')!.deserializeWebviewPanel(restored, {});
    assert.match(restored.webview.html, /threat-model\.js/);
    assert.notEqual(/nonce-([^']+)/.exec(restored.webview.html)![1], /nonce-([^']+)/.exec(old)![1]);
    assert.deepEqual(
      restored.webview.options.localResourceRoots!.map((u) => u.path),
      ['/ext/dist/webview'],
    );
    await restored.message$.fire({ type: 'ready' });
    assert.equal(restored.posted.at(-1)!.type, 'model');
    restored.dispose();
  });
});
