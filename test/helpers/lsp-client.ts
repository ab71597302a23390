// A minimal LSP client for tests: talks to the mlsec language server in-process over streams or
// as a child process over stdio, records published diagnostics and waits on them by event.

import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { createConnection, createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ClientCapabilities, type Diagnostic, type ProtocolConnection } from 'vscode-languageserver/node';
import type { Engine } from '../../src/core/engine';
import { CheckedReader } from '../../src/server/checked-reader';
import { MlsecService } from '../../src/server/service';
import { Commands, ScanStatusNotification } from '../../src/server/protocol';

export const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true, changeAnnotationSupport: {} },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false },
    codeAction: { resolveSupport: { properties: ['edit'] }, dataSupport: true },
    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true },
  },
  window: { workDoneProgress: true },
};

export interface Published {
  uri: string;
  diagnostics: Diagnostic[];
}

export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly logs: { type: number; message: string }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  private readonly events = new EventEmitter();
  private readonly versions = new Map<string, number>();
  settings: Record<string, unknown> = {};

  constructor(
    readonly connection: ProtocolConnection,
    readonly child?: ChildProcess,
  ) {
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.events.emit('diagnostics', p);
    });
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
      this.events.emit('log', p);
    });
    connection.onNotification(ScanStatusNotification, (params: unknown) => {
      this.notifications.push({ method: ScanStatusNotification, params });
      this.events.emit('notification', { method: ScanStatusNotification, params });
    });
    connection.listen();
  }

  /** Starts the service in this process, with the given engine. */
  static inProcess(engine: Engine): LspTestClient {
    const up = new PassThrough();
    const down = new PassThrough();
    const writer = new StreamMessageWriter(down);
    const server = createConnection(new CheckedReader(new StreamMessageReader(up), writer), writer);
    new MlsecService(server, { engine, debounceMs: 20, folderDebounceMs: 40 }).listen();
    return new LspTestClient(createProtocolConnection(new StreamMessageReader(down), new StreamMessageWriter(up)));
  }

  /** Starts a server script as a child process speaking LSP over stdio. */
  static child(serverScript: string): LspTestClient {
    const child = spawn(process.execPath, [serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', () => undefined);
    return new LspTestClient(createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), child);
  }

  async initialize(folders: string[]): Promise<void> {
    const workspaceFolders = folders.map((f) => ({ uri: pathToFileURL(f).href, name: f }));
    await this.connection.sendRequest('initialize', {
      processId: null,
      rootUri: workspaceFolders[0]?.uri ?? null,
      workspaceFolders,
      capabilities: CLIENT_CAPABILITIES,
      // As the VS Code extension announces the commands it implements.
      initializationOptions: { clientCommands: Object.values(Commands) },
    });
    await this.connection.sendNotification('initialized', {});
  }

  async open(uri: string, text: string, languageId = 'plaintext'): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces the whole text; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return version;
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics of `uri` (already published or to come) that satisfy `ok`. */
  waitForDiagnostics(uri: string, ok: (d: Diagnostic[]) => boolean, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.waitFor(
      'diagnostics',
      () => {
        const d = this.diagnostics.get(uri);
        return d && ok(d) ? d : undefined;
      },
      `${what} for ${uri}`,
    );
  }

  /** Resolves when a log line matching `pattern` has been (or is) logged. */
  waitForLog(pattern: RegExp): Promise<string> {
    return this.waitFor('log', () => this.logs.find((l) => pattern.test(l.message))?.message, `a log line matching ${pattern}`);
  }

  waitForNotification(method: string, ok: (params: unknown) => boolean = () => true): Promise<unknown> {
    return this.waitFor('notification', () => this.notifications.find((n) => n.method === method && ok(n.params))?.params, method);
  }

  private waitFor<T>(event: string, check: () => T | undefined, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const now = check();
      if (now !== undefined) return resolve(now);
      const onExit = (code: number | null) => {
        this.events.off(event, onEvent);
        reject(new Error(`the server exited (code ${code}) while waiting for ${what}`));
      };
      const onEvent = () => {
        const v = check();
        if (v === undefined) return;
        this.events.off(event, onEvent);
        this.child?.off('exit', onExit);
        resolve(v);
      };
      this.events.on(event, onEvent);
      this.child?.once('exit', onExit);
    });
  }

  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    if (!this.child) {
      this.connection.dispose();
      return 0;
    }
    const exited = new Promise<number | null>((resolve) => this.child!.once('exit', (code) => resolve(code)));
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
