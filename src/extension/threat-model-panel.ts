// The threat-model panel: one class owns the webview (its HTML, messages and lifetime), asks the
// language server for the model with `mlsec/threatModel`, refreshes it when the server says the
// model changed or a file is saved, and opens the source a reviewer clicks. Independent of the
// rest of the extension: `registerThreatModelPanel(context, client)` is all it needs.

import * as vscode from 'vscode';
import {
  parseFromWebview,
  THREAT_MODEL_CHANGED,
  THREAT_MODEL_EXPORT_REQUEST,
  THREAT_MODEL_REQUEST,
  type ExportFormat,
  type ThreatModelChangedParams,
  type ThreatModelExportParams,
  type ThreatModelExportResult,
  type ThreatModelParams,
  type ThreatModelResult,
  type ToWebview,
  type Loc,
} from '../core/threat-model/protocol';
import { makeNonce, threatModelHtml } from './threat-model-html';

/** The part of the language client the panel uses (vscode-languageclient's LanguageClient fits). */
export interface ThreatModelClient {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
  onNotification?(method: string, handler: (params: ThreatModelChangedParams) => void): { dispose(): unknown };
}

/** The client itself, or a getter for a client that starts later. */
export type ClientSource = ThreatModelClient | (() => ThreatModelClient | undefined);

export const OPEN_THREAT_MODEL_COMMAND = 'mlsec.openThreatModel';
const REFRESH_DELAY_MS = 400;
const EXPORT_LABELS: Record<ExportFormat, string> = { json: 'mlsec JSON', markdown: 'Markdown', 'threat-dragon': 'OWASP Threat Dragon' };

function resolveClient(source: ClientSource): ThreatModelClient | undefined {
  return typeof source === 'function' ? source() : source;
}

export class ThreatModelPanel {
  static readonly viewType = 'mlsec.threatModel';
  private static current: ThreatModelPanel | undefined;

  private readonly disposables: { dispose(): unknown }[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private loading = 0;

  /** Shows the panel, creating it when needed. */
  static show(extensionUri: vscode.Uri, client: ClientSource): ThreatModelPanel {
    if (ThreatModelPanel.current) {
      ThreatModelPanel.current.panel.reveal();
      return ThreatModelPanel.current;
    }
    // In the active editor group, at its full width; findings then open beside it.
    const panel = vscode.window.createWebviewPanel(ThreatModelPanel.viewType, 'Threat Model', vscode.ViewColumn.Active, ThreatModelPanel.options(extensionUri));
    ThreatModelPanel.current = new ThreatModelPanel(panel, extensionUri, client);
    return ThreatModelPanel.current;
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, client: ClientSource): ThreatModelPanel {
    ThreatModelPanel.current?.dispose();
    ThreatModelPanel.current = new ThreatModelPanel(panel, extensionUri, client);
    return ThreatModelPanel.current;
  }

  static options(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // Scripts only from the bundle folder; nothing else of the extension or the workspace is reachable.
    // The webview is kept alive while hidden, so coming back to the tab shows the laid-out diagram at once.
    return { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly client: ClientSource,
  ) {
    panel.webview.options = ThreatModelPanel.options(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((data: unknown) => this.onMessage(data)),
      vscode.workspace.onDidSaveTextDocument(() => this.scheduleRefresh()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRefresh()),
    );
    const c = resolveClient(client);
    const sub = c?.onNotification?.(THREAT_MODEL_CHANGED, () => this.scheduleRefresh());
    if (sub) this.disposables.push(sub);
  }

  private html(): string {
    const bundle = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const w = this.panel.webview;
    return threatModelHtml({
      scriptUri: w.asWebviewUri(vscode.Uri.joinPath(bundle, 'threat-model.js')).toString(),
      styleUri: w.asWebviewUri(vscode.Uri.joinPath(bundle, 'threat-model.css')).toString(),
      codiconUri: w.asWebviewUri(vscode.Uri.joinPath(bundle, 'codicon.css')).toString(),
      cspSource: w.cspSource,
      nonce: makeNonce(),
    });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private folder(): vscode.WorkspaceFolder | undefined {
    return vscode.workspace.workspaceFolders?.[0];
  }

  private async onMessage(data: unknown): Promise<void> {
    const msg = parseFromWebview(data);
    if (!msg) return;
    if (msg.type === 'ready' || msg.type === 'refresh') await this.load();
    else if (msg.type === 'openSource') await this.reveal(msg.loc);
    else if (msg.type === 'export') await this.export(msg.format);
  }

  /** Asks the server for the model in an export format and saves it where the user chooses. */
  async export(format: ExportFormat): Promise<void> {
    const folder = this.folder();
    const client = resolveClient(this.client);
    if (!folder || !client) {
      void vscode.window.showWarningMessage('mlsec cannot export the threat model: open a folder and wait for the language server to start.');
      return;
    }
    try {
      const params: ThreatModelExportParams = { folder: folder.uri.toString(), format };
      const result = await client.sendRequest<ThreatModelExportResult>(THREAT_MODEL_EXPORT_REQUEST, params);
      const target = await vscode.window.showSaveDialog({
        defaultUri: vscode.Uri.joinPath(folder.uri, result.fileName),
        filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
        saveLabel: 'Export threat model',
        title: `Export the threat model (${EXPORT_LABELS[format]})`,
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
      void vscode.window.showInformationMessage(`mlsec exported the threat model (${EXPORT_LABELS[format]}) to ${vscode.workspace.asRelativePath(target)}.`);
    } catch (e) {
      void vscode.window.showErrorMessage(`mlsec could not export the threat model: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      void this.load();
    }, REFRESH_DELAY_MS);
  }

  /** Asks the server for the model and hands it to the webview; a newer request wins. */
  async load(): Promise<void> {
    const mine = ++this.loading;
    const folder = this.folder();
    const client = resolveClient(this.client);
    if (!folder) return this.post({ type: 'error', message: 'Open a folder to see its threat model.' });
    if (!client) return this.post({ type: 'error', message: 'The mlsec language server is not running yet.' });
    this.post({ type: 'loading' });
    try {
      const params: ThreatModelParams = { folder: folder.uri.toString() };
      const result = await client.sendRequest<ThreatModelResult>(THREAT_MODEL_REQUEST, params);
      if (mine === this.loading) this.post({ type: 'model', model: result.model });
    } catch (e) {
      if (mine === this.loading) this.post({ type: 'error', message: `The threat model could not be built: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** Opens the file at the location and selects it, beside the panel. */
  async reveal(loc: Loc): Promise<void> {
    const folder = this.folder();
    if (!folder) return;
    const uri = vscode.Uri.joinPath(folder.uri, ...loc.file.split('/'));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const range = new vscode.Range(doc.positionAt(loc.start), doc.positionAt(loc.end));
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, selection: range, preserveFocus: false });
    } catch (e) {
      void vscode.window.showWarningMessage(`mlsec cannot open ${loc.file}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    if (ThreatModelPanel.current === this) ThreatModelPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.panel.dispose();
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }
}

/** Registers the command, and the serializer that restores the panel after a window reload. */
export function registerThreatModelPanel(context: vscode.ExtensionContext, client: ClientSource): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_THREAT_MODEL_COMMAND, () => ThreatModelPanel.show(context.extensionUri, client)),
    vscode.window.registerWebviewPanelSerializer(ThreatModelPanel.viewType, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        ThreatModelPanel.revive(panel, context.extensionUri, client);
      },
    }),
  );
}
