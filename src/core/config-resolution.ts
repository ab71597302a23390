// Configuration for monorepos: the nearest `.mlsec.yaml` (or `.mlsec.yml`) above a file applies
// to it, and `extends` layers a parent configuration under a file's own. The CLI and the language
// server resolve configuration through this one module, so a file gets the same settings in both.
//
// Merge semantics (child wins): `rules` are merged per rule (the child's keys of a rule over the
// parent's), `ignore` globs and `suppressions` are added to the parent's, and every other key the
// child sets replaces the parent's. Paths written in a file (globs, trust files) are relative to
// that file's directory. A configuration is only ever read inside the workspace: an `extends`
// that leads out of it is refused and reported, as is a cycle or a missing parent.

import { promises as fsp } from 'node:fs';
import picomatch from 'picomatch';
import { CONFIG_FILE_NAMES, configProblem, defaultConfig, parseConfig, type LoadedConfig, type MlsecConfig } from './config';
import type { Problem } from './model';
import { dirOf } from './paths';
import { lexicalPath } from './workspace/boundary';
import { BoundaryError, FileTooLargeError, NodeWorkspaceIO } from './workspace/io';
import { rebaseConfig, layerConfig } from './config-layers';

/** The most a configuration file may hold; a larger one is not a configuration. */
const CONFIG_LIMIT = 1 << 20;

/** The configuration that applies to the files of one directory. */
export interface ResolvedConfig {
  /** The nearest configuration file (workspace-relative), or undefined: the defaults. */
  file?: string;
  /** The merged configuration, its paths workspace-relative. */
  config: MlsecConfig;
}

/** A configuration file that was read (or refused), with its problems. */
export interface ConfigFileState {
  file: string;
  text?: string;
  errors: Problem[];
}

const join = (dir: string, rel: string) => (dir ? `${dir}/${rel}` : rel);

export class ConfigTree {
  private readonly io: NodeWorkspaceIO;
  /** Directory → the configuration found there or inherited from above. */
  private readonly byDir = new Map<string, ResolvedConfig>();
  /** Every configuration file read, by path. */
  private readonly loaded = new Map<string, ConfigFileState & { parsed?: LoadedConfig; merged?: MlsecConfig }>();
  private readonly ignoreMatchers = new Map<ResolvedConfig, (rel: string) => boolean>();
  /** Set for a tree of one given configuration, which looks for no other. */
  private fixed = false;

  private constructor(
    readonly root: string,
    private readonly knownRuleIds: ReadonlySet<string>,
    /** Applied to every resolved configuration (command-line options, editor settings). */
    private readonly adjust: (c: MlsecConfig) => MlsecConfig,
  ) {
    this.io = new NodeWorkspaceIO(root);
  }

  /** Loads the root's configuration; nested ones are read as `ensure` meets their directories. */
  static async load(root: string, knownRuleIds: ReadonlySet<string>, adjust: (c: MlsecConfig) => MlsecConfig = (c) => c): Promise<ConfigTree> {
    const tree = new ConfigTree(root, knownRuleIds, adjust);
    tree.byDir.set('', await tree.configIn('', undefined));
    return tree;
  }

  /**
   * One configuration for every file, read by the caller (`mlsec scan --config FILE`): no other
   * configuration file is looked for. `file` and `text` locate its entries.
   */
  static single(root: string, config: MlsecConfig, file: string, text: string): ConfigTree {
    const tree = new ConfigTree(root, new Set(), (c) => c);
    tree.fixed = true;
    tree.loaded.set(file, { file, text, errors: [] });
    tree.byDir.set('', { file, config });
    return tree;
  }

  /** The root directory's configuration: it decides what the workspace walk skips. */
  get rootConfig(): ResolvedConfig {
    return this.byDir.get('')!;
  }

  /** Reads the configuration of every directory above `paths` not met before. */
  async ensure(paths: Iterable<string>): Promise<void> {
    if (this.fixed) return;
    for (const rel of paths) {
      const chain: string[] = [];
      for (let dir = dirOf(rel); !this.byDir.has(dir); dir = dirOf(dir)) chain.unshift(dir);
      for (const dir of chain) this.byDir.set(dir, await this.configIn(dir, this.byDir.get(dirOf(dir))));
    }
  }

  /** The configuration of a file: its nearest directory's (the root's for one not met by `ensure`). */
  configFor(rel: string): ResolvedConfig {
    for (let dir = dirOf(rel); ; dir = dirOf(dir)) {
      const c = this.byDir.get(dir);
      if (c) return c;
      if (!dir) return this.rootConfig;
    }
  }

  /** Whether the file's own configuration ignores it (the walk already skipped the root's globs). */
  ignored(rel: string): boolean {
    const c = this.configFor(rel);
    let m = this.ignoreMatchers.get(c);
    if (!m) {
      m = c.config.ignore.length ? picomatch(c.config.ignore, { dot: true }) : () => false;
      this.ignoreMatchers.set(c, m);
    }
    return m(rel);
  }

  /** Whether any file nests a configuration of its own below the root's. */
  get nested(): boolean {
    const root = this.rootConfig;
    return [...this.byDir.values()].some((c) => c !== root);
  }

  /** The configurations in force, each once. */
  configs(): ResolvedConfig[] {
    return [...new Set(this.byDir.values())];
  }

  /** Every configuration file read (nearest files and the parents they extend), with its problems. */
  files(): ConfigFileState[] {
    return [...this.loaded.values()].map(({ file, text, errors }) => ({ file, text, errors }));
  }

  /** The text of a configuration file read, for locating its entries. */
  textOf(file: string): string | undefined {
    return this.loaded.get(file)?.text;
  }

  /** The configuration of `dir`: its own file, else what applies above it. */
  private async configIn(dir: string, above: ResolvedConfig | undefined): Promise<ResolvedConfig> {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      const present = await fsp.lstat(this.io.resolve(file)).then(
        () => true,
        () => false,
      );
      if (!present) continue;
      const merged = await this.mergedOf(file, []);
      return { file, config: this.adjust(merged) };
    }
    return above ?? { config: this.adjust(defaultConfig()) };
  }

  /** A file's configuration with the chain it extends layered under it; `chain` holds the files below. */
  private async mergedOf(file: string, chain: string[]): Promise<MlsecConfig> {
    const state = await this.read(file);
    if (state.merged) return state.merged;
    const parsed = state.parsed;
    // As with one file, the valid parts of a file with errors still take effect.
    if (!parsed) return (state.merged = defaultConfig());
    const own = rebaseConfig(parsed.config, dirOf(file), file);
    let merged = own;
    if (parsed.extends) {
      const parent = this.parentOf(file, parsed.extends.path, [...chain, file]);
      if (typeof parent !== 'string') state.errors.push(configProblem(parent.reason, parsed.extends.span));
      else merged = layerConfig(await this.mergedOf(parent, [...chain, file]), own, parsed.keys ?? []);
      const up = typeof parent === 'string' ? this.loaded.get(parent) : undefined;
      if (up && up.text === undefined) {
        // A parent that cannot be read is the child's error; there is no file to report it in.
        this.loaded.delete(up.file);
        state.errors.push(configProblem(`extends ${parsed.extends.path}: ${up.errors[0]?.message ?? 'not read'}`, parsed.extends.span));
        merged = own;
      } else if (up?.errors.length) {
        state.errors.push(configProblem(`extends ${parsed.extends.path}: that configuration has errors, so it is not applied`, parsed.extends.span));
        merged = own;
      }
    }
    return (state.merged = merged);
  }

  /** The workspace path of a parent named by `extends`, or why it is refused. */
  private parentOf(file: string, written: string, chain: string[]): string | { reason: string } {
    const rel = lexicalPath(join(dirOf(file), written.replace(/\\/g, '/')));
    if (typeof rel !== 'string') return { reason: `extends ${written} was not read: ${rel.reason}` };
    if (chain.includes(rel)) return { reason: `extends ${written} makes a cycle (${[...chain, rel].join(' → ')}), so it is not applied` };
    return rel;
  }

  /** Reads and parses one configuration file once, through the workspace boundary. */
  private async read(file: string): Promise<ConfigFileState & { parsed?: LoadedConfig; merged?: MlsecConfig }> {
    let state = this.loaded.get(file);
    if (state) return state;
    try {
      const text = (await this.io.readFile(file, CONFIG_LIMIT)).toString('utf8');
      const parsed = parseConfig(text, this.knownRuleIds);
      state = { file, text, errors: [...parsed.errors], parsed };
    } catch (e) {
      const why = e instanceof BoundaryError ? e.reason : e instanceof FileTooLargeError ? e.message : (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : 'it cannot be read';
      state = { file, errors: [configProblem(`${file} was not read: ${why}`)] };
    }
    this.loaded.set(file, state);
    return state;
  }
}
