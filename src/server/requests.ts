// The answers to the editor's requests: code actions and their resolution, hovers, the rule list,
// model verification, the threat model of a folder, and the server's own status figures.

import type { CodeAction, Diagnostic, Hover, Position } from 'vscode-languageserver';
import { ruleDocRelPath, ruleDocsUrl } from '../core/report/links';
import { exportThreatModelForWorkspace, threatModelForWorkspace, type WorkspaceThreatModelOptions } from '../core/threat-model/workspace';
import type { ThreatModelExportParams, ThreatModelParams, ThreatModelExportResult, ThreatModelResult } from '../core/threat-model/protocol';
import { listCodeActions, resolveCodeAction, resolveFixAll, type ActionData } from './code-actions';
import { staleAction } from './client-commands';
import type { EditTarget } from './convert';
import { trialReanalyse } from './fix-all';
import { folderFor, type FileResult, type Folder } from './folder';
import { hoverFor } from './hover';
import type { OpenDocuments } from './open-documents';
import { ServerCommands, type RuleInfo, type ServerStatus, type VerifyModelParams, type VerifyModelResult } from './protocol';
import type { Publisher } from './publish';
import type { ServiceState } from './state';
import { verifyModel } from './verify-model';

export class Requests {
  constructor(
    private readonly state: ServiceState,
    private readonly publisher: Publisher,
    private readonly docs: OpenDocuments,
  ) {}

  async codeActions(uri: string, context: { diagnostics: Diagnostic[]; only?: string[] }): Promise<CodeAction[]> {
    const fresh = await this.docs.freshResult(uri);
    if (!fresh) return [];
    const actions = listCodeActions(uri, fresh.result, context, this.state.caps.commands);
    if (this.state.caps.resolve) return actions;
    // Editors without resolve support get the edits right away.
    return Promise.all(actions.map((a) => (a.data ? this.resolveWith(a, a.data as ActionData, fresh.folder, fresh.result) : a)));
  }

  /** The hover of the findings at a position of a document, from the last analysis. */
  hover(uri: string, position: Position): Hover | null {
    const where = this.state.folderOf(uri);
    const result = where?.folder.results.get(where.rel);
    return result ? hoverFor(result.findings, position, (id) => this.state.engine.ruleMeta(id), this.state.ruleLink) : null;
  }

  async resolve(action: CodeAction): Promise<CodeAction> {
    const data = action.data as ActionData | undefined;
    if (!data) return action;
    const doc = this.state.documents.get(data.uri);
    const where = this.state.folderOf(data.uri);
    const result = where?.folder.results.get(where.rel);
    if (!doc || !where || !result || result.version !== data.version || doc.version !== data.version) return staleAction(action, this.state.caps.commands);
    return this.resolveWith(action, data, where.folder, result);
  }

  private resolveWith(action: CodeAction, data: ActionData, f: Folder, result: FileResult): Promise<CodeAction> {
    const targetOf = (rel: string): EditTarget => {
      if (rel === result.source.path) return { uri: data.uri, source: result.source, version: result.version };
      const source = f.index.source(rel);
      if (!source) {
        // A fix may edit a configuration file (trusting a signer in .mlsec.yaml), which is not indexed:
        // its text as read applies, and an open buffer only while it holds that text.
        const config = f.configSource(rel);
        const open = config && f.openUris.has(rel) ? this.state.documents.get(f.uriOf(rel)) : undefined;
        if (config) return { uri: f.uriOf(rel), source: config, version: open ? (open.getText() === config.text ? open.version : -1) : null };
      }
      return { uri: f.uriOf(rel), source, version: f.versionOf(rel, source) };
    };
    const ctx = { targetOf, annotations: this.state.caps.annotations, commands: this.state.caps.commands };
    if (data.kind === 'fix-all') {
      const trial = trialReanalyse({ engine: this.state.engine, index: f.index, config: f.config, io: f.io }, result.source.path);
      return resolveFixAll(action, result, ctx, trial);
    }
    return Promise.resolve(resolveCodeAction(action, data, result, ctx));
  }

  /** Runs one of the server's own commands: opens a rule's page in the client. */
  async executeCommand(command: string, args: unknown[]): Promise<null> {
    const ruleId = args[0];
    if (command !== ServerCommands.showRuleDocs || typeof ruleId !== 'string' || !this.state.engine.ruleMeta(ruleId)) return null;
    const uri = this.state.ruleLink(ruleId);
    await this.state.connection.window.showDocument({ uri, external: !uri.startsWith('file:') });
    return null;
  }

  listRules(): RuleInfo[] {
    return this.state.engine.allMeta().map((m) => ({
      id: m.id,
      title: m.title,
      severity: m.severity,
      description: m.description,
      docsPath: `docs/rules/${ruleDocRelPath(m.id)}`,
      docsUrl: ruleDocsUrl(m.id),
    }));
  }

  /** Verifies a model path and shows a failure as diagnostics on the files concerned. */
  async verifyModel(p: VerifyModelParams): Promise<VerifyModelResult> {
    const { folders } = this.state;
    const f = folderFor(folders, p.uri) ?? folders.find((x) => x.isRoot(p.uri));
    const rel = f?.isRoot(p.uri) ? '' : f?.relOf(p.uri);
    if (!f || rel === undefined) {
      return { verified: false, message: 'mlsec: only models inside an open workspace folder can be verified.', details: [], problems: 0 };
    }
    const { result, findings } = await verifyModel(f.io, rel, f.config);
    this.state.logNotes(result.details.map((message) => ({ file: '', level: result.verified ? 'info' : 'warning', message })));
    const byUri = new Map<string, Diagnostic[]>();
    for (const x of findings) {
      const uri = f.uriOf(x.loc.file);
      const list = byUri.get(uri) ?? [];
      list.push(this.publisher.diagnosticOf(f, x));
      byUri.set(uri, list);
    }
    this.publisher.setVerification(f, rel, byUri);
    return result;
  }

  // Threat-model failures reach the panel as request errors, which it shows in place of the diagram.
  async threatModel(p: ThreatModelParams | null | undefined): Promise<ThreatModelResult> {
    const { folder, model } = await threatModelForWorkspace(p ?? {}, this.threatModelOptions(p?.folder));
    return { folder, model };
  }

  exportThreatModel(p: ThreatModelExportParams): Promise<ThreatModelExportResult> {
    return exportThreatModelForWorkspace(p, this.threatModelOptions(p.folder));
  }

  /**
   * What the threat model of a folder is built from: the folder's current index (editor buffers
   * included) and the findings last published, so the diagram matches the Problems panel.
   */
  private threatModelOptions(uri: string | undefined): WorkspaceThreatModelOptions {
    const { folders } = this.state;
    const f = uri ? (folders.find((x) => x.isRoot(uri)) ?? folderFor(folders, uri)) : folders[0];
    if (!f) throw new Error('Open a folder to see its threat model.');
    const findings = [...f.results.values()].flatMap((r) => r.findings);
    return { engine: this.state.engine, root: f.root, config: f.config, ...(f.index.paths().length ? { analysis: { index: f.index, findings, io: f.io } } : {}) };
  }

  status(): ServerStatus {
    return {
      indexedFiles: this.state.allFolders().reduce((n, f) => n + f.index.paths().length, 0),
      maxRssKb: process.resourceUsage().maxRSS,
      heapUsedBytes: process.memoryUsage().heapUsed,
      failures: this.state.failures,
    };
  }
}
