// What every part of the language service shares: the connection, the engine, the open documents,
// the workspace folders (and the ad-hoc folders of files opened outside them), the client's
// capabilities, and the helpers to log and to run a handler step without letting it throw.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAMES, mergeConfig, type MlsecConfig } from '../core/config';
import { ConfigTree } from '../core/config-resolution';
import type { Engine } from '../core/engine';
import type { Problem } from '../core/model';
import { findDocsRoot, ruleLinker } from './docs-links';
import { Folder, folderFor } from './folder';
import { normalizeSettings, type EditorSettings } from './settings';
import { NO_COMMANDS, type CommandSupport } from './client-commands';

/** What the client said it supports, from its initialize request. */
export interface ClientCaps {
  resolve: boolean;
  annotations: boolean;
  configuration: boolean;
  progress: boolean;
  dynamicWatch: boolean;
  dynamicConfig: boolean;
  /** Which commands code actions may name. */
  commands: CommandSupport;
}

export class ServiceState {
  folders: Folder[] = [];
  readonly adHoc = new Map<string, Folder>();
  caps: ClientCaps = { resolve: false, annotations: false, configuration: false, progress: false, dynamicWatch: false, dynamicConfig: false, commands: NO_COMMANDS };
  /** Failures caught and logged while serving. */
  failures = 0;
  shuttingDown = false;
  /** Links a rule id to its page: the one bundled with the server when it ships, else the web page. */
  readonly ruleLink = ruleLinker(findDocsRoot(__dirname));
  private readonly loggedSkips = new Set<string>();

  constructor(
    readonly connection: Connection,
    readonly engine: Engine,
    readonly documents: TextDocuments<TextDocument>,
  ) {}

  allFolders(): Folder[] {
    return [...this.folders, ...this.adHoc.values()];
  }

  /** Runs a handler step, logging and counting a failure instead of letting it escape. */
  async guard<T>(what: string, fn: () => T | Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      this.failures++;
      this.connection.console.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return fallback;
    }
  }

  logNotes(notes: readonly Problem[]): void {
    for (const n of notes) {
      const line = n.file ? `${n.file}: ${n.message}` : n.message;
      if (n.level === 'error') this.connection.console.error(line);
      else if (n.level === 'warning') this.connection.console.warn(line);
      else this.connection.console.info(line);
    }
  }

  /** Logs why a file is not analysed, once per folder, file and reason. */
  logSkipOnce(f: Folder, rel: string, why: string): void {
    const key = `${f.uri}|${rel}|${why}`;
    if (this.loggedSkips.has(key)) return;
    this.loggedSkips.add(key);
    this.connection.console.info(`${rel}: skipped: ${why}`);
  }

  /** A `.mlsec.yaml` of any directory. */
  isConfigFile(rel: string): boolean {
    return CONFIG_FILE_NAMES.includes(rel.slice(rel.lastIndexOf('/') + 1));
  }

  /** The folder of a document URI and its path there; a file outside every folder gets an ad-hoc one. */
  folderOf(uri: string): { folder: Folder; rel: string } | undefined {
    let folder = folderFor(this.folders, uri);
    if (!folder) {
      const dirUri = adHocFolderUri(uri);
      if (!dirUri) return undefined;
      folder = this.adHoc.get(dirUri);
      if (!folder) {
        folder = new Folder(dirUri, true);
        this.adHoc.set(dirUri, folder);
      }
    }
    const rel = folder.relOf(uri);
    return rel === undefined ? undefined : { folder, rel };
  }

  /** The versions of a folder's open documents, by relative path. */
  openVersions(f: Folder): Map<string, number> {
    const m = new Map<string, number>();
    for (const [rel, uri] of f.openUris) {
      const d = this.documents.get(uri);
      if (d) m.set(rel, d.version);
    }
    return m;
  }

  async fetchSettings(f: Folder): Promise<EditorSettings> {
    if (!this.caps.configuration) return normalizeSettings({});
    const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: f.uri, section: 'mlsec' });
    return normalizeSettings(raw);
  }

  /** The folder's configurations, each with the editor settings' overrides layered over it. */
  loadConfig(f: Folder, overrides: Partial<MlsecConfig>): Promise<ConfigTree> {
    return ConfigTree.load(f.root, this.engine.knownRuleIds(), (c) => mergeConfig(c, overrides));
  }
}

/** The URI of the directory of a local file URI, or undefined for other URIs. */
function adHocFolderUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return pathToFileURL(path.dirname(fileURLToPath(uri))).href;
  } catch {
    return undefined;
  }
}
