// The mlsec language service: keeps each workspace folder's index current from editor buffers and
// watched files, publishes findings as diagnostics (open documents debounced, the whole workspace
// in a cancellable background scan), validates `.mlsec.yaml`, and answers code actions and the
// mlsec requests. Every handler catches and logs its own failures so the server keeps serving.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type Position,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES, parseConfig, type ConfigError } from '../core/config';
import { DocumentIndex } from '../core/document';
import type { Engine } from '../core/engine';
import type { Finding, Note } from '../core/model';
import { ruleDocRelPath, ruleDocsUrl } from '../core/report/links';
import { SourceFile } from '../core/source';
import { loadWorkspaceConfig, readForAnalysis, scanWorkspace, type LoadedWorkspaceConfig } from '../core/workspace/scan';
import { listCodeActions, resolveCodeAction, resolveFixAll, staleAction, FIX_ALL_KIND, type ActionData } from './code-actions';
import { findDocsRoot, ruleLinker } from './docs-links';
import { trialReanalyse } from './fix-all';
import { hoverFor } from './hover';
import { DIAGNOSTIC_SOURCE, toDiagnostic, type EditTarget } from './convert';
import { Folder, folderFor, type FileResult } from './folder';
import {
  CancelScanNotification,
  ListRulesRequest,
  ScanStatusNotification,
  ScanWorkspaceRequest,
  ServerStatusRequest,
  VerifyModelRequest,
  type RuleInfo,
  type ScanStatus,
  type ScanSummary,
  type ServerStatus,
  type VerifyModelParams,
  type VerifyModelResult,
} from './protocol';
import { normalizeSettings, toConfigOverrides, type EditorSettings } from './settings';
import { verifyModel } from './verify-model';
import {
  THREAT_MODEL_CHANGED,
  THREAT_MODEL_EXPORT_REQUEST,
  THREAT_MODEL_REQUEST,
  type ThreatModelChangedParams,
  type ThreatModelExportParams,
  type ThreatModelParams,
} from '../core/threat-model/protocol';
import { exportThreatModelForWorkspace, threatModelForWorkspace, type WorkspaceThreatModelOptions } from '../core/threat-model/workspace';
import { appendAll } from '../core/collections';

export interface ServiceOptions {
  engine: Engine;
  /** Delay between the last change of a document and its analysis. */
  debounceMs?: number;
  /** Delay before the whole folder is re-analysed after a change (cross-file findings). */
  folderDebounceMs?: number;
}

const PROGRESS_INTERVAL_MS = 150;

/** What publishes diagnostics: the analysis, `.mlsec.yaml` validation, and model verification. */
type Producer = 'findings' | 'config' | 'verification';

/** Quiet time after the last publication before the client hears that a threat model changed. */
const THREAT_MODEL_SETTLE_MS = 300;

export class MlsecService {
  readonly documents = new TextDocuments(TextDocument);
  private readonly engine: Engine;
  private readonly debounceMs: number;
  private readonly folderDebounceMs: number;
  private folders: Folder[] = [];
  private readonly adHoc = new Map<string, Folder>();
  /** What was last published per URI, by producer, so unchanged diagnostics are not resent. */
  private readonly published = new Map<string, Record<Producer, Diagnostic[]> & { key: string }>();
  /** Failed model verifications the user ran, by folder and path, with their diagnostics by URI. */
  private readonly verifications = new Map<string, { folder: Folder; rel: string; byUri: Map<string, Diagnostic[]> }>();
  private readonly docTimers = new Map<string, NodeJS.Timeout>();
  private readonly docRuns = new Map<string, Promise<void>>();
  private readonly folderTimers = new Map<Folder, NodeJS.Timeout>();
  private readonly threatModelTimers = new Map<Folder, NodeJS.Timeout>();
  private readonly loggedSkips = new Set<string>();
  /** Links a rule id to its page: the one bundled with the server when it ships, else the web page. */
  private readonly ruleLink = ruleLinker(findDocsRoot(__dirname));
  private caps = { resolve: false, annotations: false, configuration: false, progress: false, dynamicWatch: false, dynamicConfig: false };
  private failures = 0;
  private folderEvents = false;
  private shuttingDown = false;

  constructor(
    private readonly connection: Connection,
    options: ServiceOptions,
  ) {
    this.engine = options.engine;
    this.debounceMs = options.debounceMs ?? 200;
    this.folderDebounceMs = options.folderDebounceMs ?? 600;
  }

  /** Registers every handler on the connection and starts listening. */
  listen(): void {
    const c = this.connection;
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void this.guard('initialized', () => this.initialized(), undefined));
    c.onShutdown(() => {
      this.shuttingDown = true;
      for (const f of this.allFolders()) if (f.scan) f.scan.cancelled = true;
      for (const t of [...this.docTimers.values(), ...this.folderTimers.values(), ...this.threatModelTimers.values()]) clearTimeout(t);
    });
    this.documents.onDidOpen((e) => this.scheduleDocument(e.document.uri, 0));
    this.documents.onDidChangeContent((e) => this.scheduleDocument(e.document.uri, this.debounceMs));
    this.documents.onDidClose((e) => void this.guard('close', () => this.closed(e.document.uri), undefined));
    c.onDidChangeConfiguration(() => void this.guard('configuration change', () => this.reloadAll(), undefined));
    c.onDidChangeWatchedFiles((p) => void this.guard('file change', () => this.filesChanged(p.changes), undefined));
    c.onCodeAction((p) => this.guard('code action', () => this.codeActions(p.textDocument.uri, p.context), []));
    c.onCodeActionResolve((a) => this.guard('code action resolve', () => this.resolve(a), a));
    c.onHover((p) => this.guard('hover', () => this.hover(p.textDocument.uri, p.position), null));
    c.onRequest(ScanWorkspaceRequest, () => this.guard('workspace scan', () => this.scanAll(), emptySummary()));
    c.onNotification(CancelScanNotification, () => {
      for (const f of this.allFolders()) if (f.scan) f.scan.cancelled = true;
    });
    c.onRequest(ListRulesRequest, () => this.guard('rule list', () => this.listRules(), []));
    c.onRequest(VerifyModelRequest, (p: VerifyModelParams) =>
      this.guard('model verification', () => this.verifyModel(p), {
        verified: false,
        message: 'mlsec: model signature verification failed with an internal error; see the mlsec output.',
        details: [],
        problems: 0,
      }),
    );
    // Threat-model failures reach the panel as request errors, which it shows in place of the diagram.
    c.onRequest(THREAT_MODEL_REQUEST, (p: ThreatModelParams) => threatModelForWorkspace(p, this.threatModelOptions(p.folder)).then(({ folder, model }) => ({ folder, model })));
    c.onRequest(THREAT_MODEL_EXPORT_REQUEST, (p: ThreatModelExportParams) => exportThreatModelForWorkspace(p, this.threatModelOptions(p.folder)));
    c.onRequest(ServerStatusRequest, (): ServerStatus => ({
      indexedFiles: this.allFolders().reduce((n, f) => n + f.index.paths().length, 0),
      maxRssKb: process.resourceUsage().maxRSS,
      heapUsedBytes: process.memoryUsage().heapUsed,
      failures: this.failures,
    }));
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const cap = params.capabilities;
    this.caps = {
      resolve: !!cap.textDocument?.codeAction?.resolveSupport?.properties.includes('edit'),
      annotations: !!cap.workspace?.workspaceEdit?.changeAnnotationSupport,
      configuration: !!cap.workspace?.configuration,
      progress: !!cap.window?.workDoneProgress,
      dynamicWatch: !!cap.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      dynamicConfig: !!cap.workspace?.didChangeConfiguration?.dynamicRegistration,
    };
    this.folderEvents = !!cap.workspace?.workspaceFolders;
    const folderUris = rootFolderUris(params);
    this.folders = folderUris.filter((u) => u.startsWith('file:')).map((u) => new Folder(u));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mlsec' },
    };
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.caps.dynamicConfig) await c.client.register(DidChangeConfigurationNotification.type, { section: 'mlsec' });
    if (this.caps.dynamicWatch) {
      await c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    }
    // Asking for folder events from a client that never announced them throws, and would stop here.
    if (this.folderEvents) c.workspace.onDidChangeWorkspaceFolders((e) =>
      void this.guard('workspace folders', async () => {
        for (const gone of e.removed) {
          const f = this.folders.find((x) => x.uri === gone.uri);
          if (!f) continue;
          if (f.scan) f.scan.cancelled = true;
          this.folders = this.folders.filter((x) => x !== f);
          this.clearFolder(f);
        }
        for (const added of e.added) {
          if (!added.uri.startsWith('file:')) continue;
          const f = new Folder(added.uri);
          this.folders.push(f);
          await this.reload(f);
        }
      }, undefined),
    );
    await this.reloadAll();
  }

  private allFolders(): Folder[] {
    return [...this.folders, ...this.adHoc.values()];
  }

  /** Runs a handler step, logging and counting a failure instead of letting it escape. */
  private async guard<T>(what: string, fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.failures++;
      this.connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  // Configuration ---------------------------------------------------------------------------

  private async fetchSettings(f: Folder): Promise<EditorSettings> {
    if (!this.caps.configuration) return normalizeSettings({});
    const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: f.uri, section: 'mlsec' });
    return normalizeSettings(raw);
  }

  private async loadConfig(f: Folder): Promise<LoadedWorkspaceConfig> {
    return loadWorkspaceConfig(f.root, this.engine.knownRuleIds());
  }

  private async reloadAll(): Promise<void> {
    await Promise.all(this.allFolders().map((f) => this.reload(f)));
  }

  /** Re-reads settings and `.mlsec.yaml`, then scans the folder again (or its open documents). */
  private async reload(f: Folder): Promise<void> {
    const settings = await this.fetchSettings(f);
    const fileConfig = await this.loadConfig(f);
    const { overrides, problems } = toConfigOverrides(settings, this.engine.knownRuleIds());
    for (const p of problems) this.connection.console.warn(p);
    this.connection.console.info(`${f.root}: configuration from ${fileConfig.path ?? 'the defaults (no .mlsec.yaml)'}.`);
    f.configure(settings, fileConfig, overrides);
    // The trust policy may have changed, so earlier verification answers no longer hold.
    this.clearVerifications(f, () => true);
    if (fileConfig.path && fileConfig.text !== undefined) {
      this.publishConfigErrors(f.uriOf(fileConfig.path), fileConfig.path, fileConfig.text, fileConfig.errors);
    }
    if (!f.enabled) {
      if (f.scan) f.scan.cancelled = true;
      this.clearFolder(f);
      return;
    }
    if (f.scansWorkspace) await this.scanFolder(f);
    else await this.analyseOpenOnly(f);
  }

  private publishConfigErrors(uri: string, rel: string, text: string, errors: ConfigError[]): void {
    const src = new SourceFile(rel, text);
    const diags = errors.map(
      (e): Diagnostic => ({
        range: src.rangeOf({ start: e.start ?? 0, end: e.end ?? e.start ?? 0 }),
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        code: 'mlsec/config',
        message: `Invalid mlsec configuration: ${e.message}`,
      }),
    );
    this.publish(uri, 'config', diags);
  }

  // Publishing ------------------------------------------------------------------------------

  private publish(uri: string, producer: Producer, diags: Diagnostic[]): void {
    const prev = this.published.get(uri) ?? { findings: [], config: [], verification: [], key: '' };
    const next = { ...prev, [producer]: diags };
    // A verification the user ran restates some scan findings more visibly; show each once.
    const same = (d: Diagnostic) => `${d.code}|${d.range.start.line}:${d.range.start.character}|${d.message}`;
    const verified = new Set(next.verification.map(same));
    const all = [...next.config, ...next.findings.filter((d) => !verified.has(same(d))), ...next.verification];
    const key = JSON.stringify(all);
    if (key === prev.key) return;
    next.key = key;
    if (all.length) this.published.set(uri, next);
    else this.published.delete(uri);
    void this.connection.sendDiagnostics({ uri, diagnostics: all }).catch(() => undefined);
  }

  private clearFolder(f: Folder): void {
    this.clearVerifications(f, () => true);
    for (const rel of f.results.keys()) this.publish(f.uriOf(rel), 'findings', []);
    f.results.clear();
    f.index = new DocumentIndex();
  }

  /**
   * Publishes the findings of the given files (all indexed files and every file published
   * before when `files` is omitted). `versions` holds the open-document versions the analysis
   * saw; a file whose document has moved on since is left for the analysis already scheduled.
   */
  private publishFindings(f: Folder, findings: Finding[], versions: Map<string, number>, files?: Iterable<string>): void {
    const byFile = new Map<string, Finding[]>();
    for (const x of findings) byFile.set(x.loc.file, [...(byFile.get(x.loc.file) ?? []), x]);
    const targets = new Set(files ?? [...f.index.paths(), ...f.results.keys(), ...byFile.keys()]);
    for (const rel of targets) {
      const uri = f.uriOf(rel);
      const open = this.documents.get(f.openUris.get(rel) ?? uri);
      if (open && versions.get(rel) !== open.version) continue;
      const source = f.index.source(rel);
      const list = byFile.get(rel) ?? [];
      if (!source) {
        f.results.delete(rel);
        this.publish(uri, 'findings', []);
        continue;
      }
      f.results.set(rel, { source, version: f.versionOf(rel, source), findings: list });
      this.publish(
        uri,
        'findings',
        list.map((x) => toDiagnostic(x, (r) => f.uriOf(r), (r) => f.index.source(r), this.ruleLink)),
      );
    }
    this.threatModelChanged(f);
  }

  /**
   * What the threat model of a folder is built from: the folder's current index (editor buffers
   * included) and the findings last published, so the diagram matches the Problems panel.
   */
  private threatModelOptions(uri: string | undefined): WorkspaceThreatModelOptions {
    const f = uri ? (this.folders.find((x) => x.isRoot(uri)) ?? folderFor(this.folders, uri)) : this.folders[0];
    if (!f) throw new Error('Open a folder to see its threat model.');
    const findings = [...f.results.values()].flatMap((r) => r.findings);
    return { engine: this.engine, root: f.root, config: f.config, ...(f.index.paths().length ? { analysis: { index: f.index, findings, io: f.io } } : {}) };
  }

  /** Tells the client, once the analysis settles, that the folder's threat model changed. */
  private threatModelChanged(f: Folder): void {
    const pending = this.threatModelTimers.get(f);
    if (pending) clearTimeout(pending);
    this.threatModelTimers.set(
      f,
      setTimeout(() => {
        this.threatModelTimers.delete(f);
        if (!this.shuttingDown) void this.connection.sendNotification(THREAT_MODEL_CHANGED, { folder: f.uri } satisfies ThreatModelChangedParams).catch(() => undefined);
      }, THREAT_MODEL_SETTLE_MS),
    );
  }

  private openVersions(f: Folder): Map<string, number> {
    const m = new Map<string, number>();
    for (const [rel, uri] of f.openUris) {
      const d = this.documents.get(uri);
      if (d) m.set(rel, d.version);
    }
    return m;
  }

  private logNotes(notes: readonly Note[]): void {
    for (const n of notes) {
      const line = n.file ? `${n.file}: ${n.message}` : n.message;
      if (n.level === 'error') this.connection.console.error(line);
      else if (n.level === 'warning') this.connection.console.warn(line);
      else this.connection.console.info(line);
    }
  }

  // Whole-folder work -----------------------------------------------------------------------

  private async scanAll(): Promise<ScanSummary> {
    const summaries = await Promise.all(this.folders.filter((f) => f.enabled).map((f) => this.scanFolder(f)));
    return summaries.reduce(
      (a, s) => ({
        files: a.files + s.files,
        findings: a.findings + s.findings,
        skipped: a.skipped + s.skipped,
        cancelled: a.cancelled || s.cancelled,
        durationMs: Math.max(a.durationMs, s.durationMs),
      }),
      emptySummary(),
    );
  }

  /** Reads, parses and analyses every file of the folder, with progress, then publishes. */
  private async scanFolder(f: Folder): Promise<ScanSummary> {
    if (f.scan) f.scan.cancelled = true;
    const signal = { cancelled: false };
    f.scan = signal;
    const started = Date.now();
    const progress = await this.beginProgress(signal);
    let last = 0;
    this.sendStatus({ state: 'started', done: 0, total: 0 });
    try {
      const result = await scanWorkspace(this.engine, f.root, {
        config: f.config,
        signal,
        onProgress: (done, total) => {
          const now = Date.now();
          if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
          last = now;
          progress?.report(Math.floor((done / Math.max(total, 1)) * 100), `${done}/${total} files`);
          this.sendStatus({ state: 'progress', done, total });
        },
      });
      if (this.shuttingDown || f.scan !== signal) return { ...emptySummary(), cancelled: true };
      this.logNotes(result.notes);
      f.index = result.index;
      // Open editor buffers win over what is on disk.
      let overlaid = false;
      for (const [rel, uri] of f.openUris) {
        const doc = this.documents.get(uri);
        if (!doc) continue;
        const indexed = f.index.source(rel);
        if (indexed && indexed.text === doc.getText()) f.sourceVersions.set(indexed, doc.version);
        else overlaid = (await this.parseBuffer(f, rel, doc)) || overlaid;
      }
      const versions = this.openVersions(f);
      const findings = overlaid ? (await this.engine.analyze(f.index, { config: f.config, io: f.io })).findings : result.findings;
      f.generation++;
      this.publishFindings(f, findings, versions);
      const skipped = result.notes.filter((n) => n.message.startsWith('skipped') || n.message.startsWith('cannot read')).length;
      const summary = { files: f.index.paths().length, findings: findings.length, skipped, cancelled: signal.cancelled, durationMs: Date.now() - started };
      this.connection.console.info(
        `${signal.cancelled ? 'Cancelled the scan of' : 'Scanned'} ${f.root}: ${summary.files} files, ${summary.findings} findings, ${summary.skipped} skipped, in ${summary.durationMs} ms.`,
      );
      this.sendStatus({ state: 'done', done: summary.files, total: summary.files, summary });
      return summary;
    } finally {
      progress?.done();
      if (f.scan === signal) f.scan = undefined;
      if (signal.cancelled) this.sendStatus({ state: 'done', done: 0, total: 0, summary: { ...emptySummary(), cancelled: true } });
    }
  }

  private async beginProgress(signal: { cancelled: boolean }): Promise<WorkDoneProgressServerReporter | undefined> {
    if (!this.caps.progress) return undefined;
    try {
      const p = await this.connection.window.createWorkDoneProgress();
      p.begin('mlsec: scanning the workspace', 0, undefined, true);
      p.token.onCancellationRequested(() => (signal.cancelled = true));
      return p;
    } catch {
      return undefined;
    }
  }

  private sendStatus(s: ScanStatus): void {
    void this.connection.sendNotification(ScanStatusNotification, s).catch(() => undefined);
  }

  /** With workspace scanning off, only open documents are indexed and analysed. */
  private async analyseOpenOnly(f: Folder): Promise<void> {
    if (f.scan) f.scan.cancelled = true;
    const stale = [...f.results.keys()];
    f.index = new DocumentIndex();
    for (const [rel, uri] of f.openUris) {
      const doc = this.documents.get(uri);
      if (doc) await this.parseBuffer(f, rel, doc);
    }
    await this.analyseFolder(f, stale);
  }

  private scheduleFolder(f: Folder): void {
    clearTimeout(this.folderTimers.get(f));
    this.folderTimers.set(
      f,
      setTimeout(() => {
        this.folderTimers.delete(f);
        void this.guard('folder analysis', () => this.analyseFolder(f), undefined);
      }, this.folderDebounceMs),
    );
  }

  /** Runs the rules over the whole index (no re-reading) and publishes what changed. */
  private async analyseFolder(f: Folder, alsoClear: string[] = []): Promise<void> {
    const generation = ++f.generation;
    const versions = this.openVersions(f);
    const result = await this.engine.analyze(f.index, { config: f.config, io: f.io });
    if (generation !== f.generation || this.shuttingDown) return;
    this.logNotes(result.notes.filter((n) => n.file === ''));
    this.publishFindings(f, result.findings, versions, [...f.index.paths(), ...f.results.keys(), ...alsoClear]);
  }

  // Open documents --------------------------------------------------------------------------

  private folderOf(uri: string): { folder: Folder; rel: string } | undefined {
    let folder = folderFor(this.folders, uri);
    if (!folder) {
      if (!uri.startsWith('file:')) return undefined;
      const dirUri = pathToFileURL(path.dirname(fileURLToPath(uri))).href;
      folder = this.adHoc.get(dirUri);
      if (!folder) {
        folder = new Folder(dirUri, true);
        this.adHoc.set(dirUri, folder);
      }
    }
    const rel = folder.relOf(uri);
    return rel === undefined ? undefined : { folder, rel };
  }

  private scheduleDocument(uri: string, delay: number): void {
    clearTimeout(this.docTimers.get(uri));
    this.docTimers.set(
      uri,
      setTimeout(() => {
        this.docTimers.delete(uri);
        void this.runDocument(uri);
      }, delay),
    );
  }

  /** Analyses a document now (cancelling its pending timer) and returns when it is done. */
  private runDocument(uri: string): Promise<void> {
    clearTimeout(this.docTimers.get(uri));
    this.docTimers.delete(uri);
    const previous = this.docRuns.get(uri) ?? Promise.resolve();
    const run = previous.then(() => this.guard(`analysis of ${uri}`, () => this.analyseDocument(uri), undefined));
    this.docRuns.set(uri, run);
    void run.then(() => {
      if (this.docRuns.get(uri) === run) this.docRuns.delete(uri);
    });
    return run;
  }

  private isConfigFile(rel: string): boolean {
    return CONFIG_FILE_NAMES.includes(rel);
  }

  /**
   * Parses an open document's buffer into the folder index. Returns false (and removes the path
   * from the index) when the buffer is not analysed: binary, over the size limit, ignored.
   */
  private async parseBuffer(f: Folder, rel: string, doc: TextDocument): Promise<boolean> {
    const text = doc.getText();
    const skip = (why: string) => {
      const key = `${f.uri}|${rel}|${why}`;
      if (!this.loggedSkips.has(key)) {
        this.loggedSkips.add(key);
        this.connection.console.info(`${rel}: skipped: ${why}`);
      }
      f.index.delete(rel);
      return false;
    };
    if (this.engine.isBinaryPath(rel)) return false;
    if (f.isIgnored(rel)) return skip('matches an ignore pattern');
    const size = Buffer.byteLength(text, 'utf8');
    if (size > f.config.maxFileSize) return skip(`${size} bytes is over the ${f.config.maxFileSize}-byte size limit (maxFileSize)`);
    if (text.slice(0, 8192).includes('\0')) return skip('binary content (NUL bytes) in a file mlsec reads as text');
    const source = new SourceFile(rel, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    f.sourceVersions.set(source, doc.version);
    const { docs, notes } = await this.engine.parse(source, { config: f.config, io: f.io });
    this.logNotes(notes);
    f.index.delete(rel);
    for (const d of docs) f.index.add(d);
    return docs.length > 0;
  }

  private async analyseDocument(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    const where = this.folderOf(uri);
    if (!doc || !where) return;
    const { folder: f, rel } = where;
    const isNew = !f.openUris.has(rel);
    f.openUris.set(rel, doc.uri);
    if (f.adHoc && isNew) await this.configureAdHoc(f);
    if (this.isConfigFile(rel)) {
      this.publishConfigErrors(doc.uri, rel, doc.getText(), parseConfig(doc.getText(), this.engine.knownRuleIds()).errors);
    }
    if (!f.enabled || !this.engine.wants(rel)) return;
    const version = doc.version;
    const parsed = await this.parseBuffer(f, rel, doc);
    if (this.documents.get(uri)?.version !== version) return;
    if (!parsed) {
      this.publishFindings(f, [], new Map([[rel, version]]), [rel]);
      return;
    }
    const result = await this.engine.analyze(f.index, { config: f.config, io: f.io, targets: new Set([rel]) });
    if (this.documents.get(uri)?.version !== version) return;
    this.logNotes(result.notes.filter((n) => n.file === rel));
    this.publishFindings(f, result.findings, new Map([[rel, version]]), [rel]);
    if (f.index.paths().length > 1) this.scheduleFolder(f);
  }

  private async configureAdHoc(f: Folder): Promise<void> {
    const settings = await this.fetchSettings(f);
    const { overrides } = toConfigOverrides(settings, this.engine.knownRuleIds());
    f.configure(settings, await this.loadConfig(f), overrides);
  }

  private async closed(uri: string): Promise<void> {
    clearTimeout(this.docTimers.get(uri));
    this.docTimers.delete(uri);
    const where = this.folderOf(uri);
    if (!where) return;
    const { folder: f, rel } = where;
    f.openUris.delete(rel);
    if (this.isConfigFile(rel) && !f.fileConfig.path) this.publish(uri, 'config', []);
    if (f.adHoc) {
      if (f.openUris.size === 0) {
        this.clearFolder(f);
        this.adHoc.delete(f.uri);
      }
      return;
    }
    if (!f.scansWorkspace || !this.engine.wants(rel)) {
      f.index.delete(rel);
      this.publishFindings(f, [], new Map(), [rel]);
      return;
    }
    // The file on disk is the truth again.
    await this.reread(f, rel);
    await this.analyseFolder(f);
  }

  /** Replaces a path's documents in the index with what is on disk now (none when it is gone). */
  private async reread(f: Folder, rel: string): Promise<void> {
    f.index.delete(rel);
    if (f.isIgnored(rel)) return;
    const { file, note } = await readForAnalysis(this.engine, f.io, rel, f.config);
    if (note) this.logNotes([note]);
    if (!file) return;
    const { docs, notes } = await this.engine.parse(file, { config: f.config, io: f.io });
    this.logNotes(notes);
    for (const d of docs) f.index.add(d);
  }

  private async filesChanged(changes: { uri: string; type: FileChangeType }[]): Promise<void> {
    const touched = new Set<Folder>();
    const reload = new Set<Folder>();
    for (const ch of changes) {
      const f = folderFor(this.folders, ch.uri);
      const rel = f?.relOf(ch.uri);
      if (!f || rel === undefined) continue;
      this.clearVerifications(f, (v) => v.rel === '' || rel === v.rel || rel.startsWith(`${v.rel}/`) || v.byUri.has(ch.uri));
      if (!f.enabled) continue;
      if (this.isConfigFile(rel) || rel === '.gitignore' || rel.endsWith('/.gitignore')) {
        reload.add(f);
        continue;
      }
      if (!f.scansWorkspace || !this.engine.wants(rel) || f.openUris.has(rel)) continue;
      if (ch.type === FileChangeType.Deleted) f.index.delete(rel);
      else await this.reread(f, rel);
      touched.add(f);
    }
    for (const f of reload) await this.reload(f);
    for (const f of touched) if (!reload.has(f)) this.scheduleFolder(f);
  }

  // Code actions ----------------------------------------------------------------------------

  /** The findings of an open document at its current version, analysing it first if needed. */
  private async freshResult(uri: string): Promise<{ folder: Folder; result: FileResult } | undefined> {
    const doc = this.documents.get(uri);
    const where = this.folderOf(uri);
    if (!doc || !where) return undefined;
    const current = () => where.folder.results.get(where.rel);
    if (current()?.version !== doc.version) {
      await this.runDocument(uri);
    }
    const result = current();
    return result && result.version === doc.version ? { folder: where.folder, result } : undefined;
  }

  private async codeActions(uri: string, context: { diagnostics: Diagnostic[]; only?: string[] }): Promise<CodeAction[]> {
    const fresh = await this.freshResult(uri);
    if (!fresh) return [];
    const actions = listCodeActions(uri, fresh.result, context);
    if (this.caps.resolve) return actions;
    // Editors without resolve support get the edits right away.
    return Promise.all(actions.map((a) => (a.data ? this.resolveWith(a, a.data as ActionData, fresh.folder, fresh.result) : a)));
  }

  /** The hover of the findings at a position of a document, from the last analysis. */
  private hover(uri: string, position: Position): Hover | null {
    const where = this.folderOf(uri);
    const result = where?.folder.results.get(where.rel);
    return result ? hoverFor(result.findings, position, (id) => this.engine.ruleMeta(id), this.ruleLink) : null;
  }

  private async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as ActionData | undefined;
    if (!data) return action;
    const doc = this.documents.get(data.uri);
    const where = this.folderOf(data.uri);
    const result = where?.folder.results.get(where.rel);
    if (!doc || !where || !result || result.version !== data.version || doc.version !== data.version) return staleAction(action);
    return this.resolveWith(action, data, where.folder, result);
  }

  private resolveWith(action: CodeAction, data: ActionData, f: Folder, result: FileResult): Promise<CodeAction> {
    const targetOf = (rel: string): EditTarget => {
      if (rel === result.source.path) return { uri: data.uri, source: result.source, version: result.version };
      const source = f.index.source(rel);
      return { uri: f.uriOf(rel), source, version: f.versionOf(rel, source) };
    };
    const ctx = { targetOf, annotations: this.caps.annotations };
    if (data.kind === 'fix-all') {
      return resolveFixAll(action, result, ctx, trialReanalyse({ engine: this.engine, index: f.index, config: f.config, io: f.io }, result.source.path));
    }
    return Promise.resolve(resolveCodeAction(action, data, result, ctx));
  }

  // Requests --------------------------------------------------------------------------------

  private listRules(): RuleInfo[] {
    return this.engine.allMeta().map((m) => ({
      id: m.id,
      title: m.title,
      severity: m.severity,
      description: m.description,
      docsPath: `docs/rules/${ruleDocRelPath(m.id)}`,
      docsUrl: ruleDocsUrl(m.id),
    }));
  }

  /** Verifies a model path and shows a failure as diagnostics on the files concerned. */
  private async verifyModel(p: VerifyModelParams): Promise<VerifyModelResult> {
    const f = folderFor(this.folders, p.uri) ?? this.folders.find((x) => x.isRoot(p.uri));
    const rel = f?.isRoot(p.uri) ? '' : f?.relOf(p.uri);
    if (!f || rel === undefined) {
      return { verified: false, message: 'mlsec: only models inside an open workspace folder can be verified.', details: [], problems: 0 };
    }
    const { result, findings } = await verifyModel(f.io, rel, f.config);
    this.logNotes(result.details.map((message) => ({ file: '', level: result.verified ? 'info' : 'warning', message })));
    const byUri = new Map<string, Diagnostic[]>();
    for (const x of findings) {
      const uri = f.uriOf(x.loc.file);
      byUri.set(uri, [...(byUri.get(uri) ?? []), toDiagnostic(x, (r) => f.uriOf(r), (r) => f.index.source(r), this.ruleLink)]);
    }
    const key = `${f.uri}|${rel}`;
    const old = this.verifications.get(key);
    if (byUri.size) this.verifications.set(key, { folder: f, rel, byUri });
    else this.verifications.delete(key);
    this.publishVerifications([...(old?.byUri.keys() ?? []), ...byUri.keys()]);
    return result;
  }

  /** Drops the verification answers of a folder that `which` selects and updates their URIs. */
  private clearVerifications(f: Folder, which: (v: { rel: string; byUri: Map<string, Diagnostic[]> }) => boolean): void {
    const uris: string[] = [];
    for (const [key, v] of this.verifications) {
      if (v.folder !== f || !which(v)) continue;
      this.verifications.delete(key);
      appendAll(uris, v.byUri.keys());
    }
    this.publishVerifications(uris);
  }

  private publishVerifications(uris: Iterable<string>): void {
    for (const uri of new Set(uris)) {
      this.publish(uri, 'verification', [...this.verifications.values()].flatMap((v) => v.byUri.get(uri) ?? []));
    }
  }
}

function emptySummary(): ScanSummary {
  return { files: 0, findings: 0, skipped: 0, cancelled: false, durationMs: 0 };
}

/** The folders to serve: the workspace folders, or else the one root of `rootUri` or `rootPath`. */
export function rootFolderUris(params: Pick<InitializeParams, 'workspaceFolders' | 'rootUri' | 'rootPath'>): string[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map((f) => f.uri);
  if (params.rootUri) return [params.rootUri];
  return params.rootPath ? [pathToFileURL(params.rootPath).href] : [];
}
