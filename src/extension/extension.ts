// The VS Code client of mlsec: starts the language server, and owns the commands, the scan
// status-bar item, the log channel and the threat-model panel. It imports no analysis code, so
// activation stays fast.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  CancelScanNotification,
  Commands,
  ListRulesRequest,
  ScanStatusNotification,
  ScanWorkspaceRequest,
  VerifyModelRequest,
  type InitializationOptions,
  type RuleInfo,
  type ScanStatus,
  type ScanSummary,
  type SelectPlaceholderArgs,
  type VerifyModelResult,
} from '../server/protocol';
import { registerThreatModelPanel } from './threat-model-panel';
import { levelledChannel } from './log-channel';
import type { InfoDisplay } from './problem-count';
import { InfoFindingsView } from './info-findings';
import { ScanStatusItem } from './status-item';
import { DOCUMENT_SELECTOR } from './document-selector';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('mlsec', { log: true });
  context.subscriptions.push(log);
  const version = (context.extension.packageJSON as { version?: string }).version ?? 'unknown';
  log.info(`mlsec ${version} starting (VS Code ${vscode.version}, ${vscode.workspace.workspaceFolders?.length ?? 0} workspace folders)`);

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const infoFindings = new InfoFindingsView<vscode.Diagnostic>();
  const infoSetting = (uri: vscode.Uri) => vscode.workspace.getConfiguration('mlsec', uri).get<InfoDisplay>('infoFindings', 'hint');
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: levelledChannel(log),
    diagnosticCollectionName: 'mlsec',
    // The commands registered below, which the server's code actions may then name.
    initializationOptions: { clientCommands: Object.values(Commands) } satisfies InitializationOptions,
    middleware: {
      // Info findings are hints unless the user asks for them as information (listed in the Problems panel).
      handleDiagnostics(uri, diagnostics, next) {
        next(uri, infoFindings.show(uri.toString(), diagnostics, infoSetting(uri)));
      },
    },
  };
  const lc = new LanguageClient('mlsec', 'mlsec', serverOptions, clientOptions);
  client = lc;

  const status = new ScanStatusItem();
  context.subscriptions.push(
    status,
    vscode.languages.onDidChangeDiagnostics(() => status.diagnosticsChanged()),
  );
  lc.onNotification(ScanStatusNotification, (s: ScanStatus) => status.update(s));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('mlsec.infoFindings')) return;
      for (const [file, diagnostics] of infoFindings.reshow((f) => infoSetting(vscode.Uri.parse(f)))) lc.diagnostics?.set(vscode.Uri.parse(file), diagnostics);
    }),
  );

  const ready = lc.start().then(
    () => true,
    (e: unknown) => {
      log.error(`The mlsec language server did not start: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    },
  );
  /** Sends a request once the server runs; undefined (after telling the user) when it does not. */
  const request = async <R>(method: string, params?: unknown): Promise<R | undefined> => {
    if (!(await ready)) {
      void vscode.window.showErrorMessage('The mlsec language server is not running. See "mlsec: Show Output".');
      return undefined;
    }
    return lc.sendRequest<R>(method, params);
  };

  // The threat-model panel asks the server for the model once it runs; before that (a panel
  // restored at start-up) its requests wait for the server.
  registerThreatModelPanel(context, {
    sendRequest: async <R>(method: string, params: unknown): Promise<R> => {
      if (!(await ready)) throw new Error('the mlsec language server is not running; see "mlsec: Show Output"');
      return lc.sendRequest<R>(method, params);
    },
    onNotification: (method, handler) => lc.onNotification(method, handler),
  });

  context.subscriptions.push(...registerCommands(context, lc, request, log), { dispose: () => void lc.stop().catch(() => undefined) });
}

type Request = <R>(method: string, params?: unknown) => Promise<R | undefined>;

/** The extension's commands, each a thin call to the language server or a VS Code view. */
function registerCommands(context: vscode.ExtensionContext, lc: LanguageClient, request: Request, log: vscode.LogOutputChannel): vscode.Disposable[] {
  let rules: RuleInfo[] | undefined;
  const ruleList = async () => (rules ??= await request<RuleInfo[]>(ListRulesRequest));
  return [
    vscode.commands.registerCommand('mlsec.scanWorkspace', async () => {
      const s = await request<ScanSummary>(ScanWorkspaceRequest);
      if (!s) return;
      const what = `${s.files} files, ${s.findings} findings${s.skipped ? `, ${s.skipped} skipped (see the output)` : ''}`;
      void vscode.window.showInformationMessage(s.cancelled ? `mlsec scan cancelled after ${what}.` : `mlsec scanned ${what}.`);
    }),
    vscode.commands.registerCommand('mlsec.cancelScan', () => void lc.sendNotification(CancelScanNotification)),
    vscode.commands.registerCommand('mlsec.showOutput', () => log.show(true)),
    vscode.commands.registerCommand(Commands.openRuleDocs, async (ruleId?: string) => {
      const list = (await ruleList()) ?? [];
      let rule = list.find((r) => r.id === ruleId);
      if (!rule) {
        const picked = await vscode.window.showQuickPick(
          list.map((r) => ({ label: r.id, description: `${r.severity} · ${r.title}`, detail: r.description, rule: r })),
          { placeHolder: 'Open the documentation of an mlsec rule', matchOnDescription: true, matchOnDetail: true },
        );
        rule = picked?.rule;
      }
      if (rule) await openRuleDocs(context, rule);
    }),
    vscode.commands.registerCommand('mlsec.verifyModelSignature', async (target?: vscode.Uri) => {
      const uri = target ?? (await pickModel());
      if (!uri) return;
      const r = await request<VerifyModelResult>(VerifyModelRequest, { uri: uri.toString() });
      if (!r) return;
      if (r.verified) {
        void vscode.window.showInformationMessage(r.message);
        return;
      }
      const choice = await vscode.window.showErrorMessage(r.message, 'Show details', 'Configure trust');
      if (choice === 'Show details') {
        for (const d of r.details) log.warn(d);
        log.show(true);
      } else if (choice === 'Configure trust') await openTrustConfig(uri);
    }),
    vscode.commands.registerCommand(Commands.selectPlaceholder, (a: SelectPlaceholderArgs) => {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === vscode.Uri.parse(a.uri).toString());
      if (!editor) return;
      editor.selection = new vscode.Selection(a.line, a.start, a.line, a.end);
      editor.revealRange(editor.selection);
    }),
    vscode.commands.registerCommand(Commands.staleFix, (title: string) => {
      void vscode.window.showInformationMessage(`"${title}" was not applied: the document changed after it was computed. Open the quick fixes again.`);
    }),
  ];
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}

/** Opens the rule's page shipped with the extension as a Markdown preview, or its web page. */
async function openRuleDocs(context: vscode.ExtensionContext, rule: RuleInfo): Promise<void> {
  const local = vscode.Uri.joinPath(context.extensionUri, ...rule.docsPath.split('/'));
  try {
    await vscode.workspace.fs.stat(local);
    await vscode.commands.executeCommand('markdown.showPreview', local);
  } catch {
    await vscode.env.openExternal(vscode.Uri.parse(rule.docsUrl));
  }
}

/**
 * Opens the `.mlsec.yaml` of the model's workspace folder at its `models.trust` section, with a
 * commented template when the file does not exist yet (nothing is written until the user saves).
 */
async function openTrustConfig(model: vscode.Uri): Promise<void> {
  const folder = vscode.workspace.getWorkspaceFolder(model) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) return;
  const file = vscode.Uri.joinPath(folder.uri, '.mlsec.yaml');
  let doc: vscode.TextDocument;
  try {
    await vscode.workspace.fs.stat(file);
    doc = await vscode.workspace.openTextDocument(file);
  } catch {
    const template = [
      'models:',
      '  trust:',
      '    # Public keys (PEM files in the workspace) that may sign models:',
      '    publicKeys: []',
      '    # Sigstore identities that may sign models:',
      '    identities: []',
      '',
    ].join('\n');
    doc = await vscode.workspace.openTextDocument(file.with({ scheme: 'untitled' }));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), template);
    await vscode.workspace.applyEdit(edit);
  }
  const at = doc.getText().indexOf('trust:');
  const pos = at >= 0 ? doc.positionAt(at) : new vscode.Position(0, 0);
  await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
}

async function pickModel(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Verify signature',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0];
}
