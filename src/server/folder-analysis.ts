// Keeping a workspace folder's analysis current: reloading its settings and `.mlsec.yaml`,
// re-running the rules over its index after a change (debounced, the newest run winning), and
// following file changes on disk.

import { FileChangeType } from 'vscode-languageserver';
import { DocumentIndex } from '../core/document';
import { analyzeByConfig } from '../core/config-analysis';
import { readForAnalysis } from '../core/workspace/scan';
import { parseBuffer } from './buffers';
import { loadFolderBaseline } from './baseline';
import { folderFor, type Folder } from './folder';
import { applyFolderPolicy } from './policy';
import type { Publisher } from './publish';
import { toConfigOverrides } from './settings';
import type { ServiceState } from './state';
import { scanFolder } from './workspace-scan';

export class FolderAnalysis {
  private readonly timers = new Map<Folder, NodeJS.Timeout>();

  constructor(
    private readonly state: ServiceState,
    private readonly publisher: Publisher,
    /** Delay before the whole folder is re-analysed after a change (cross-file findings). */
    private readonly debounceMs: number,
  ) {}

  async reloadAll(): Promise<void> {
    await Promise.all(this.state.allFolders().map((f) => this.reload(f)));
  }

  /** Re-reads settings and `.mlsec.yaml`, then scans the folder again (or its open documents). */
  async reload(f: Folder): Promise<void> {
    const { state } = this;
    const settings = await state.fetchSettings(f);
    const { overrides, problems } = toConfigOverrides(settings, state.engine.knownRuleIds());
    for (const p of problems) state.connection.console.warn(p);
    f.configure(settings, await state.loadConfig(f, overrides));
    state.connection.console.info(`${f.root}: configuration from ${f.fileConfig.path ?? 'the defaults (no .mlsec.yaml)'}.`);
    const { baseline, problem } = await loadFolderBaseline(f.io, settings.baseline);
    if (problem) state.connection.console.warn(problem);
    f.baseline = baseline;
    // The trust policy may have changed, so earlier verification answers no longer hold.
    this.publisher.clearVerifications(f, () => true);
    this.publishConfigErrors(f);
    if (!f.enabled) {
      if (f.scan) f.scan.cancelled = true;
      this.publisher.clearFolder(f);
      return;
    }
    if (f.scansWorkspace) await scanFolder(state, this.publisher, f);
    else await this.analyseOpenOnly(f);
    // Nested configurations are read as the scan meets their directories.
    this.publishConfigErrors(f);
  }

  /** Publishes the problems of every configuration file read (none clears earlier ones). */
  private publishConfigErrors(f: Folder): void {
    const files = f.configs.files().filter((c) => c.text !== undefined);
    for (const c of files) this.publisher.publishConfigErrors(f.uriOf(c.file), c.file, c.text!, c.errors);
    for (const uri of f.configErrorUris) if (!files.some((c) => f.uriOf(c.file) === uri)) this.publisher.publish(uri, 'config', []);
    f.configErrorUris = new Set(files.map((c) => f.uriOf(c.file)));
  }

  /** With workspace scanning off, only open documents are indexed and analysed. */
  private async analyseOpenOnly(f: Folder): Promise<void> {
    if (f.scan) f.scan.cancelled = true;
    const stale = [...f.results.keys()];
    f.index = new DocumentIndex();
    for (const [rel, uri] of f.openUris) {
      const doc = this.state.documents.get(uri);
      if (doc) await parseBuffer(this.state, f, rel, doc);
    }
    await this.analyseFolder(f, stale);
  }

  schedule(f: Folder): void {
    clearTimeout(this.timers.get(f));
    this.timers.set(
      f,
      setTimeout(() => {
        this.timers.delete(f);
        void this.state.guard('folder analysis', () => this.analyseFolder(f), undefined);
      }, this.debounceMs),
    );
  }

  /** Runs the rules over the whole index (no re-reading) and publishes what changed. */
  async analyseFolder(f: Folder, alsoClear: string[] = []): Promise<void> {
    const generation = ++f.generation;
    const versions = this.state.openVersions(f);
    const result = await analyzeByConfig(this.state.engine, f.index, { tree: f.configs, io: f.io });
    if (generation !== f.generation || this.state.shuttingDown) return;
    this.state.logNotes(result.notes.filter((n) => n.file === ''));
    const applied = applyFolderPolicy(this.state.engine, f, result);
    this.publisher.publishPolicy(f, applied);
    this.publisher.publishFindings(f, applied.findings, versions, [...f.index.paths(), ...f.results.keys(), ...alsoClear]);
  }

  /** Replaces a path's documents in the index with what is on disk now (none when it is gone). */
  async reread(f: Folder, rel: string): Promise<void> {
    f.index.delete(rel);
    await f.configs.ensure([rel]);
    if (f.isIgnored(rel)) return;
    const { engine } = this.state;
    const config = f.configOf(rel);
    const { file, note } = await readForAnalysis(engine, f.io, rel, config);
    if (note) this.state.logNotes([note]);
    if (!file) return;
    const { docs, notes } = await engine.parse(file, { config, io: f.io });
    this.state.logNotes(notes);
    for (const d of docs) f.index.add(d);
  }

  async filesChanged(changes: { uri: string; type: FileChangeType }[]): Promise<void> {
    const touched = new Set<Folder>();
    const reload = new Set<Folder>();
    for (const ch of changes) {
      const f = folderFor(this.state.folders, ch.uri);
      const rel = f?.relOf(ch.uri);
      if (!f || rel === undefined) continue;
      this.publisher.clearVerifications(f, (v) => v.rel === '' || rel === v.rel || rel.startsWith(`${v.rel}/`) || v.byUri.has(ch.uri));
      if (!f.enabled) continue;
      if (this.state.isConfigFile(rel) || f.configs.textOf(rel) !== undefined || rel === '.gitignore' || rel.endsWith('/.gitignore') || rel === f.baseline?.file || rel === f.settings.baseline) {
        reload.add(f);
        continue;
      }
      if (!f.scansWorkspace || !this.state.engine.wants(rel) || f.openUris.has(rel)) continue;
      if (ch.type === FileChangeType.Deleted) f.index.delete(rel);
      else await this.reread(f, rel);
      touched.add(f);
    }
    for (const f of reload) await this.reload(f);
    for (const f of touched) if (!reload.has(f)) this.schedule(f);
  }

  stopTimers(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}
