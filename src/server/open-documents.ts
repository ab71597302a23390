// Open editor documents: each change is analysed after a short debounce (one run at a time per
// document, the newest text winning), a closed document falls back to the file on disk, and a
// file opened outside every workspace folder is served by an ad-hoc folder of its own.

import { parseConfig } from '../core/config';
import { analyzeByConfig } from '../core/config-analysis';
import { parseBuffer } from './buffers';
import type { Folder, FileResult } from './folder';
import type { FolderAnalysis } from './folder-analysis';
import { applyFolderPolicy } from './policy';
import type { Publisher } from './publish';
import { toConfigOverrides } from './settings';
import type { ServiceState } from './state';

export class OpenDocuments {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly runs = new Map<string, Promise<void>>();

  constructor(
    private readonly state: ServiceState,
    private readonly publisher: Publisher,
    private readonly folders: FolderAnalysis,
  ) {}

  schedule(uri: string, delay: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.run(uri);
      }, delay),
    );
  }

  /** Analyses a document now (cancelling its pending timer) and returns when it is done. */
  run(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const previous = this.runs.get(uri) ?? Promise.resolve();
    const run = previous.then(() => this.state.guard(`analysis of ${uri}`, () => this.analyse(uri), undefined));
    this.runs.set(uri, run);
    void run.then(() => {
      if (this.runs.get(uri) === run) this.runs.delete(uri);
    });
    return run;
  }

  private async analyse(uri: string): Promise<void> {
    const { state } = this;
    const doc = state.documents.get(uri);
    const where = state.folderOf(uri);
    if (!doc || !where) return;
    const { folder: f, rel } = where;
    const isNew = !f.openUris.has(rel);
    f.openUris.set(rel, doc.uri);
    if (f.adHoc && isNew) await this.configureAdHoc(f);
    if (state.isConfigFile(rel)) {
      this.publisher.publishConfigErrors(doc.uri, rel, doc.getText(), parseConfig(doc.getText(), state.engine.knownRuleIds()).errors);
    }
    if (!f.enabled || !state.engine.wants(rel)) return;
    const version = doc.version;
    const parsed = await parseBuffer(state, f, rel, doc);
    if (state.documents.get(uri)?.version !== version) return;
    if (!parsed) {
      this.publisher.publishFindings(f, [], new Map([[rel, version]]), [rel]);
      return;
    }
    const result = await analyzeByConfig(state.engine, f.index, { tree: f.configs, io: f.io, targets: new Set([rel]) });
    if (state.documents.get(uri)?.version !== version) return;
    state.logNotes(result.notes.filter((n) => n.file === rel));
    this.publisher.publishFindings(f, applyFolderPolicy(state.engine, f, result).findings, new Map([[rel, version]]), [rel]);
    if (f.index.paths().length > 1) this.folders.schedule(f);
  }

  private async configureAdHoc(f: Folder): Promise<void> {
    const settings = await this.state.fetchSettings(f);
    const { overrides } = toConfigOverrides(settings, this.state.engine.knownRuleIds());
    f.configure(settings, await this.state.loadConfig(f, overrides));
  }

  async closed(uri: string): Promise<void> {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    const where = this.state.folderOf(uri);
    if (!where) return;
    const { folder: f, rel } = where;
    f.openUris.delete(rel);
    if (this.state.isConfigFile(rel) && !f.fileConfig.path) this.publisher.publish(uri, 'config', []);
    if (f.adHoc) {
      if (f.openUris.size === 0) {
        this.publisher.clearFolder(f);
        this.state.adHoc.delete(f.uri);
      }
      return;
    }
    if (!f.scansWorkspace || !this.state.engine.wants(rel)) {
      f.index.delete(rel);
      this.publisher.publishFindings(f, [], new Map(), [rel]);
      return;
    }
    // The file on disk is the truth again.
    await this.folders.reread(f, rel);
    await this.folders.analyseFolder(f);
  }

  /** The findings of an open document at its current version, analysing it first if needed. */
  async freshResult(uri: string): Promise<{ folder: Folder; result: FileResult } | undefined> {
    const doc = this.state.documents.get(uri);
    const where = this.state.folderOf(uri);
    if (!doc || !where) return undefined;
    const current = () => where.folder.results.get(where.rel);
    if (current()?.version !== doc.version) await this.run(uri);
    const result = current();
    return result && result.version === doc.version ? { folder: where.folder, result } : undefined;
  }

  stopTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
