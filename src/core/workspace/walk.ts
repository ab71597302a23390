// Walks a workspace for files mlsec reads: honours .gitignore files and configured ignore globs,
// never follows a symlink loop, and never leaves the root through a symlink.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';

export interface WalkOptions {
  /** Glob patterns relative to the root. */
  ignore: string[];
  /** Decides, from the relative POSIX path, whether the file is of interest. */
  wants: (rel: string) => boolean;
  /** Directories never entered. */
  skipDirs?: ReadonlySet<string>;
  signal?: { cancelled: boolean };
}

export interface WalkResult {
  files: string[];
  notes: { file: string; message: string }[];
}

const DEFAULT_SKIP = new Set(['.git', 'node_modules', '.hg', '.svn', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'site-packages']);

export async function walk(root: string, opts: WalkOptions): Promise<WalkResult> {
  const files: string[] = [];
  const notes: WalkResult['notes'] = [];
  const skip = opts.skipDirs ?? DEFAULT_SKIP;
  const userIgnored = opts.ignore.length ? picomatch(opts.ignore, { dot: true }) : () => false;
  const visited = new Set<string>();
  const realRoot = await fsp.realpath(root);

  async function visit(dirAbs: string, rel: string, ignores: { base: string; ig: Ignore }[]): Promise<void> {
    if (opts.signal?.cancelled) return;
    let real: string;
    try {
      real = await fsp.realpath(dirAbs);
    } catch (e) {
      notes.push({ file: rel || '.', message: `cannot read directory: ${(e as Error).message}` });
      return;
    }
    if (visited.has(real)) {
      notes.push({ file: rel || '.', message: 'skipped: symlink loop or directory already scanned' });
      return;
    }
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      notes.push({ file: rel, message: 'skipped: symlink points outside the workspace' });
      return;
    }
    visited.add(real);
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fsp.readdir(dirAbs, { withFileTypes: true });
    } catch (e) {
      notes.push({ file: rel || '.', message: `cannot read directory: ${(e as Error).message}` });
      return;
    }
    let scoped = ignores;
    if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        const ig = ignore().add(await fsp.readFile(path.join(dirAbs, '.gitignore'), 'utf8'));
        scoped = [...ignores, { base: rel, ig }];
      } catch {
        /* an unreadable .gitignore ignores nothing */
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const childRel = rel ? `${rel}/${ent.name}` : ent.name;
      const childAbs = path.join(dirAbs, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const st = await fsp.stat(childAbs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          notes.push({ file: childRel, message: 'skipped: broken symlink or symlink loop' });
          continue;
        }
      }
      if (isDir && skip.has(ent.name)) continue;
      if (userIgnored(childRel) || (isDir && userIgnored(childRel + '/'))) continue;
      if (isIgnored(scoped, childRel, isDir)) continue;
      if (isDir) await visit(childAbs, childRel, scoped);
      else if (isFile && opts.wants(childRel)) {
        if (ent.isSymbolicLink()) {
          const target = await fsp.realpath(childAbs).catch(() => '');
          if (!target.startsWith(realRoot + path.sep)) {
            notes.push({ file: childRel, message: 'skipped: symlink points outside the workspace' });
            continue;
          }
        }
        files.push(childRel);
      }
    }
  }

  await visit(root, '', []);
  return { files, notes };
}

function isIgnored(scoped: { base: string; ig: Ignore }[], rel: string, isDir: boolean): boolean {
  for (const { base, ig } of scoped) {
    const sub = base ? rel.slice(base.length + 1) : rel;
    if (!sub) continue;
    if (ig.ignores(isDir ? sub + '/' : sub)) return true;
  }
  return false;
}
