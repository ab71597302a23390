// One workspace folder as the language server sees it: its configuration, its index of parsed
// documents (open editor buffers over files on disk) and the findings last published for each file.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import picomatch from 'picomatch';
import { DocumentIndex } from '../core/document';
import { defaultConfig, type MlsecConfig } from '../core/config';
import { ConfigTree } from '../core/config-resolution';
import type { Finding } from '../core/model';
import type { SourceFile } from '../core/source';
import { NodeWorkspaceIO } from '../core/workspace/io';
import type { LoadedWorkspaceConfig } from '../core/workspace/scan';
import type { FolderBaseline } from './baseline';
import { DEFAULT_SETTINGS, type EditorSettings } from './settings';

/** The findings of one file and the exact text (and document version) they were computed on. */
export interface FileResult {
  source: SourceFile;
  /** The editor's document version, or null for a file read from disk. */
  version: number | null;
  findings: Finding[];
}

export class Folder {
  readonly io: NodeWorkspaceIO;
  settings: EditorSettings = DEFAULT_SETTINGS;
  fileConfig: LoadedWorkspaceConfig = { config: defaultConfig(), errors: [] };
  config: MlsecConfig = defaultConfig();
  /** The configuration files whose problems were last published. */
  configErrorUris = new Set<string>();
  /** The folder's configurations: each file's is the nearest `.mlsec.yaml` above it. */
  configs: ConfigTree;
  /** The baseline file of the `mlsec.baseline` setting, when it names one that could be read. */
  baseline?: FolderBaseline;
  index = new DocumentIndex();
  /** Open documents of this folder: relative path → document URI as the editor sent it. */
  readonly openUris = new Map<string, string>();
  /** The document version each parsed editor buffer came from. */
  readonly sourceVersions = new WeakMap<SourceFile, number>();
  readonly results = new Map<string, FileResult>();
  /** Set while a workspace scan runs; setting `cancelled` stops it. */
  scan?: { cancelled: boolean };
  /** Bumped by each whole-folder analysis, so an older one does not publish over a newer one. */
  generation = 0;
  private ignoredMatcher: (rel: string) => boolean = () => false;

  constructor(
    /** The folder's URI as the editor names it. */
    readonly uri: string,
    /**
     * A folder made for a file opened outside every workspace folder: only its open documents
     * are analysed and it goes away when they are closed.
     */
    readonly adHoc = false,
  ) {
    this.io = new NodeWorkspaceIO(fileURLToPath(uri));
    this.configs = ConfigTree.single(this.io.root, defaultConfig(), '.mlsec.yaml', '');
  }

  get root(): string {
    return this.io.root;
  }

  /** Whether the folder is analysed at all and whether the whole folder is scanned. */
  get enabled(): boolean {
    return this.settings.enable;
  }

  get scansWorkspace(): boolean {
    return this.settings.enable && this.settings.scanWorkspace && !this.adHoc;
  }

  /** Applies settings and the configurations loaded with the settings' overrides. */
  configure(settings: EditorSettings, configs: ConfigTree): void {
    this.settings = settings;
    this.configs = configs;
    const root = configs.rootConfig;
    const own = root.file ? configs.files().find((x) => x.file === root.file) : undefined;
    this.fileConfig = { config: root.config, errors: own?.errors ?? [], ...(root.file ? { path: root.file, text: own?.text } : {}) };
    this.config = root.config;
    this.ignoredMatcher = this.config.ignore.length ? picomatch(this.config.ignore, { dot: true }) : () => false;
  }

  /** Whether the root's ignore globs or those of the file's own configuration skip it (call `configs.ensure` first). */
  isIgnored(rel: string): boolean {
    return this.ignoredMatcher(rel) || this.configs.ignored(rel);
  }

  /** The configuration a file is analysed under: the nearest above it (call `configs.ensure` first). */
  configOf(rel: string): MlsecConfig {
    return this.configs.configFor(rel).config;
  }

  /** The workspace-relative POSIX path of a file URI inside this folder, or undefined. */
  relOf(uri: string): string | undefined {
    let abs: string;
    try {
      abs = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const rel = path.relative(this.root, abs);
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  /** Whether a URI names this folder itself. */
  isRoot(uri: string): boolean {
    try {
      return path.resolve(fileURLToPath(uri)) === path.resolve(this.root);
    } catch {
      return false;
    }
  }

  /** The URI of a relative path: the open document's own URI when it is open. */
  uriOf(rel: string): string {
    return this.openUris.get(rel) ?? pathToFileURL(this.io.resolve(rel)).href;
  }

  /**
   * The version stamp for edits on the indexed text of `rel`: null for a file read from disk,
   * the buffer's version for an open document, and -1 (which editors refuse) when the document
   * is open but its indexed text came from somewhere else.
   */
  versionOf(rel: string, source: SourceFile | undefined): number | null {
    if (!this.openUris.has(rel)) return null;
    return (source && this.sourceVersions.get(source)) ?? -1;
  }
}

/** Picks the folder that contains a URI: the deepest one when folders nest. */
export function folderFor(folders: readonly Folder[], uri: string): Folder | undefined {
  let best: Folder | undefined;
  for (const f of folders) {
    if (f.relOf(uri) !== undefined && (!best || f.root.length > best.root.length)) best = f;
  }
  return best;
}
