// The mlsec language service: wires the handlers of every request and notification to the parts
// that answer them (open documents, folder analysis, workspace scans, requests), and handles the
// session itself: initialize, workspace-folder changes, shutdown. Parameters are checked below the
// connection (checked-reader.ts); every handler here also catches and logs its own failures, so
// the server keeps serving.

import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFoldersChangeEvent,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine } from '../core/engine';
import { FIX_ALL_KIND } from './code-actions';
import { Folder } from './folder';
import { FolderAnalysis } from './folder-analysis';
import { OpenDocuments } from './open-documents';
import { CancelScanNotification, ListRulesRequest, ScanWorkspaceRequest, ServerCommands, ServerStatusRequest, VerifyModelRequest, type VerifyModelParams } from './protocol';
import { announcedCommands } from './client-commands';
import { Publisher } from './publish';
import { Requests } from './requests';
import { ServiceState } from './state';
import { THREAT_MODEL_EXPORT_REQUEST, THREAT_MODEL_REQUEST, type ThreatModelExportParams, type ThreatModelParams } from '../core/threat-model/protocol';
import { emptySummary, scanAll } from './workspace-scan';

export interface ServiceOptions {
  engine: Engine;
  /** Delay between the last change of a document and its analysis. */
  debounceMs?: number;
  /** Delay before the whole folder is re-analysed after a change (cross-file findings). */
  folderDebounceMs?: number;
}

const VERIFY_FAILED = {
  verified: false,
  message: 'mlsec: model signature verification failed with an internal error; see the mlsec output.',
  details: [],
  problems: 0,
};

export class MlsecService {
  readonly documents = new TextDocuments(TextDocument);
  private readonly state: ServiceState;
  private readonly publisher: Publisher;
  private readonly folderWork: FolderAnalysis;
  private readonly open: OpenDocuments;
  private readonly requests: Requests;
  private readonly debounceMs: number;
  private folderEvents = false;

  constructor(
    private readonly connection: Connection,
    options: ServiceOptions,
  ) {
    this.debounceMs = options.debounceMs ?? 200;
    this.state = new ServiceState(connection, options.engine, this.documents);
    this.publisher = new Publisher(this.state);
    this.folderWork = new FolderAnalysis(this.state, this.publisher, options.folderDebounceMs ?? 600);
    this.open = new OpenDocuments(this.state, this.publisher, this.folderWork);
    this.requests = new Requests(this.state, this.publisher, this.open);
  }

  /** Whether the client asked the server to shut down (an exit after it is a clean one). */
  get shutdownRequested(): boolean {
    return this.state.shuttingDown;
  }

  /** Registers every handler on the connection and starts listening. */
  listen(): void {
    const c = this.connection;
    const { state, open, requests } = this;
    const guard = state.guard.bind(state);
    c.onInitialize((p) => this.initialize(p));
    c.onInitialized(() => void guard('initialized', () => this.initialized(), undefined));
    c.onShutdown(() => this.shutdown());
    this.documents.onDidOpen((e) => open.schedule(e.document.uri, 0));
    this.documents.onDidChangeContent((e) => open.schedule(e.document.uri, this.debounceMs));
    this.documents.onDidClose((e) => void guard('close', () => open.closed(e.document.uri), undefined));
    c.onDidChangeConfiguration(() => void guard('configuration change', () => this.folderWork.reloadAll(), undefined));
    c.onDidChangeWatchedFiles((p) => void guard('file change', () => this.folderWork.filesChanged(p.changes), undefined));
    c.onCodeAction((p) => guard('code action', () => requests.codeActions(p.textDocument.uri, p.context), []));
    c.onCodeActionResolve((a) => guard('code action resolve', () => requests.resolve(a), a));
    c.onHover((p) => guard('hover', () => requests.hover(p.textDocument.uri, p.position), null));
    c.onExecuteCommand((p) => guard('command', () => requests.executeCommand(p.command, p.arguments ?? []), null));
    c.onRequest(ScanWorkspaceRequest, () => guard('workspace scan', () => scanAll(state, this.publisher), emptySummary()));
    c.onNotification(CancelScanNotification, () => this.cancelScans());
    c.onRequest(ListRulesRequest, () => guard('rule list', () => requests.listRules(), []));
    c.onRequest(VerifyModelRequest, (p: VerifyModelParams) => guard('model verification', () => requests.verifyModel(p), VERIFY_FAILED));
    c.onRequest(THREAT_MODEL_REQUEST, (p: ThreatModelParams | null) => requests.threatModel(p));
    c.onRequest(THREAT_MODEL_EXPORT_REQUEST, (p: ThreatModelExportParams) => requests.exportThreatModel(p));
    c.onRequest(ServerStatusRequest, () => requests.status());
    this.documents.listen(c);
    c.listen();
  }

  private initialize(params: InitializeParams): InitializeResult {
    const cap = params.capabilities;
    this.state.caps = {
      resolve: !!cap.textDocument?.codeAction?.resolveSupport?.properties?.includes('edit'),
      annotations: !!cap.workspace?.workspaceEdit?.changeAnnotationSupport,
      configuration: !!cap.workspace?.configuration,
      progress: !!cap.window?.workDoneProgress,
      dynamicWatch: !!cap.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      dynamicConfig: !!cap.workspace?.didChangeConfiguration?.dynamicRegistration,
      commands: {
        client: announcedCommands(params.initializationOptions),
        showDocument: !!cap.window?.showDocument?.support,
        disabledActions: !!cap.textDocument?.codeAction?.disabledSupport,
      },
    };
    this.folderEvents = !!cap.workspace?.workspaceFolders;
    this.state.folders = rootFolderUris(params).flatMap((u) => this.servedFolder(u));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        hoverProvider: true,
        ...(this.state.caps.commands.showDocument ? { executeCommandProvider: { commands: Object.values(ServerCommands) } } : {}),
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'mlsec' },
    };
  }

  /** A folder to serve for a workspace-folder URI: none (with a warning) for a non-local one. */
  private servedFolder(uri: string): Folder[] {
    if (!uri.startsWith('file:')) return [];
    try {
      fileURLToPath(uri);
    } catch {
      this.connection.console.warn(`ignored workspace folder ${JSON.stringify(uri)}: not a local file URI`);
      return [];
    }
    return [new Folder(uri)];
  }

  private async initialized(): Promise<void> {
    const c = this.connection;
    if (this.state.caps.dynamicConfig) await c.client.register(DidChangeConfigurationNotification.type, { section: 'mlsec' });
    if (this.state.caps.dynamicWatch) {
      await c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] });
    }
    // Asking for folder events from a client that never announced them throws, and would stop here.
    if (this.folderEvents) {
      c.workspace.onDidChangeWorkspaceFolders((e) => void this.state.guard('workspace folders', () => this.foldersChanged(e), undefined));
    }
    await this.folderWork.reloadAll();
  }

  private async foldersChanged(e: WorkspaceFoldersChangeEvent): Promise<void> {
    for (const gone of e.removed) {
      const f = this.state.folders.find((x) => x.uri === gone.uri);
      if (!f) continue;
      if (f.scan) f.scan.cancelled = true;
      this.state.folders = this.state.folders.filter((x) => x !== f);
      this.publisher.clearFolder(f);
    }
    for (const added of e.added) {
      for (const f of this.servedFolder(added.uri)) {
        this.state.folders.push(f);
        await this.folderWork.reload(f);
      }
    }
  }

  private cancelScans(): void {
    for (const f of this.state.allFolders()) if (f.scan) f.scan.cancelled = true;
  }

  private shutdown(): void {
    this.state.shuttingDown = true;
    this.cancelScans();
    this.open.stopTimers();
    this.folderWork.stopTimers();
    this.publisher.stopTimers();
  }
}

/** The folders to serve: the workspace folders, or else the one root of `rootUri` or `rootPath`. */
export function rootFolderUris(params: Pick<InitializeParams, 'workspaceFolders' | 'rootUri' | 'rootPath'>): string[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map((f) => f.uri);
  if (params.rootUri) return [params.rootUri];
  return params.rootPath ? [pathToFileURL(params.rootPath).href] : [];
}
