// The DVC integrity enricher: recomputes the md5 of every workspace file and directory that a
// dvc.lock or .dvc file records, and says whether the workspace copy still matches the record.

import ignore, { type Ignore } from 'ignore';
import type { DocumentIndex } from '../../document';
import type { Enricher } from '../../enricher';
import { appendAll } from '../../collections';
import { emptyFacts, type Facts } from '../../facts/model';
import type { WorkspaceIO } from '../../workspace/io';
import { dirHash, DvcHasher, isTextBlock, lineEndingVariantsMd5 } from './hashing';
import type { IntegrityFact } from '../../facts/records';
import type { DvcFile, Lockfile, RecordedEntry } from './lock';
import { dirOf, insideWorkspace } from './paths';

/** Limits that keep the check bounded on huge or looping trees. */
const MAX_DIR_FILES = 200_000;
const MAX_DIR_DEPTH = 64;
const MAX_CHANGED_LISTED = 20;
/** DVC never looks inside these directories when it builds a listing. */
const ALWAYS_IGNORED_DIRS = new Set(['.git', '.hg', '.dvc']);

interface DirFile {
  relpath: string;
  path: string;
  size: number;
}

class Walker {
  constructor(
    private readonly io: WorkspaceIO,
    private readonly dvcRoot: string,
  ) {}

  private async ignoreFile(dir: string): Promise<Ignore | undefined> {
    const p = dir ? `${dir}/.dvcignore` : '.dvcignore';
    const st = await this.io.stat(p);
    if (!st?.isFile || st.size > 1 << 20) return undefined;
    const lines = (await this.io.readFile(p))
      .toString('utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    return lines.length ? ignore().add(lines) : undefined;
  }

  /** The .dvcignore files from the DVC root down to `dir`. */
  private async ancestorsIgnores(dir: string): Promise<{ base: string; ig: Ignore }[]> {
    const out: { base: string; ig: Ignore }[] = [];
    const parts = dir.split('/').filter(Boolean);
    const rootParts = this.dvcRoot.split('/').filter(Boolean);
    for (let i = rootParts.length; i <= parts.length; i++) {
      const base = parts.slice(0, i).join('/');
      const ig = await this.ignoreFile(base);
      if (ig) out.push({ base, ig });
    }
    return out;
  }

  private static ignored(rules: { base: string; ig: Ignore }[], path: string, isDir: boolean): boolean {
    for (const r of rules) {
      const rel = r.base ? path.slice(r.base.length + 1) : path;
      if (rel && r.ig.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  /** Lists the files DVC would put in the directory's listing, or says why it cannot. */
  async list(dir: string): Promise<{ files: DirFile[] } | { error: string }> {
    const files: DirFile[] = [];
    const rules = await this.ancestorsIgnores(dir);
    // Real paths already listed: a symlink back to an ancestor (or two of them) must not walk forever.
    const visited = new Set<string>();
    const visit = async (abs: string, rel: string, depth: number, scoped: { base: string; ig: Ignore }[]): Promise<string | undefined> => {
      if (depth > MAX_DIR_DEPTH) return `it is nested deeper than ${MAX_DIR_DEPTH} levels`;
      const real = await this.io.realPath(abs);
      if (!real) return `${abs} cannot be listed`;
      if (visited.has(real)) return `${abs} links back to a directory already listed`;
      visited.add(real);
      const names = await this.io.readDir(abs);
      if (!names) return `${abs} cannot be listed`;
      const own = depth > 0 ? await this.ignoreFile(abs) : undefined;
      const here = own ? [...scoped, { base: abs, ig: own }] : scoped;
      for (const name of names.sort()) {
        const p = `${abs}/${name}`;
        const st = await this.io.stat(p);
        if (!st) continue;
        if (st.isDirectory) {
          if (ALWAYS_IGNORED_DIRS.has(name) || Walker.ignored(here, p, true)) continue;
          // A nested DVC repository is not part of the outer listing.
          if ((await this.io.stat(`${p}/.dvc`))?.isDirectory) continue;
          const err = await visit(p, rel ? `${rel}/${name}` : name, depth + 1, here);
          if (err) return err;
        } else if (st.isFile) {
          if (Walker.ignored(here, p, false)) continue;
          files.push({ relpath: rel ? `${rel}/${name}` : name, path: p, size: st.size });
          if (files.length > MAX_DIR_FILES) return `it holds more than ${MAX_DIR_FILES} files`;
        }
      }
      return undefined;
    };
    const err = await visit(dir, '', 0, rules);
    return err ? { error: err } : { files };
  }
}

/** Finds the DVC repository root (the directory holding `.dvc/`) at or above `dir`. */
async function dvcRootOf(io: WorkspaceIO, dir: string): Promise<string> {
  let d = dir;
  for (;;) {
    if ((await io.stat(d ? `${d}/.dvc` : '.dvc'))?.isDirectory) return d;
    if (!d) return dir;
    d = dirOf(d);
  }
}

/** Paths of the recorded object in the local cache (DVC 3 layout first, then DVC 1/2). */
function cachePaths(dvcRoot: string, md5: string): string[] {
  const base = dvcRoot ? `${dvcRoot}/.dvc/cache` : '.dvc/cache';
  return [`${base}/files/md5/${md5.slice(0, 2)}/${md5.slice(2)}`, `${base}/${md5.slice(0, 2)}/${md5.slice(2)}`];
}

interface Record {
  recordedIn: string;
  workloadId: string;
  stage?: string;
  entry: RecordedEntry;
}

function recordsOf(index: DocumentIndex): Record[] {
  const out: Record[] = [];
  for (const d of index.ofFormat('dvc')) {
    const ast = d.ast as Lockfile | DvcFile | undefined;
    if (ast?.kind === 'lock') {
      for (const st of ast.stages) for (const e of [...st.deps, ...st.outs]) out.push({ recordedIn: ast.path, workloadId: st.id, stage: st.name.value, entry: e });
    } else if (ast?.kind === 'dvcfile') {
      for (const e of [...ast.deps, ...ast.outs]) out.push({ recordedIn: ast.path, workloadId: ast.id, entry: e });
    }
  }
  return out.filter((r) => r.entry.md5 && !r.entry.repo && insideWorkspace(r.entry.target));
}

type Outcome = Pick<IntegrityFact, 'status' | 'actual' | 'reason' | 'changedFiles' | 'inCache' | 'lineEndingsOnly'>;

/** The checks of recorded entries against the workspace, with the hashes and outcomes of one run. */
class IntegrityChecker {
  private readonly hasher: DvcHasher;
  private readonly outcomes = new Map<string, Promise<Outcome>>();
  private readonly roots = new Map<string, Promise<string>>();

  constructor(private readonly io: WorkspaceIO) {
    this.hasher = new DvcHasher(io);
  }

  /** The DVC repository root of a file that records hashes. */
  root(recordedIn: string): Promise<string> {
    const dir = dirOf(recordedIn);
    if (!this.roots.has(dir)) this.roots.set(dir, dvcRootOf(this.io, dir));
    return this.roots.get(dir)!;
  }

  /** The outcome of one entry, computed once however many records name the same content. */
  outcome(root: string, e: RecordedEntry, md5: string): Promise<Outcome> {
    const key = `${e.hashName}\0${e.target}\0${md5}`;
    let outcome = this.outcomes.get(key);
    if (!outcome) {
      outcome = this.check(root, e, md5);
      this.outcomes.set(key, outcome);
    }
    return outcome;
  }

  private async check(root: string, e: RecordedEntry, md5: string): Promise<Outcome> {
    try {
      const st = await this.io.stat(e.target);
      if (!st) return { status: 'not-checked-out', inCache: await this.inCache(root, md5) };
      if (e.isDir !== st.isDirectory) return { status: 'mismatch', reason: e.isDir ? 'a file is where a directory was recorded' : 'a directory is where a file was recorded' };
      return e.isDir ? await this.checkDir(root, e, md5) : await this.checkFile(e, md5, st.size);
    } catch (err) {
      return { status: 'not-checked', reason: `it could not be read: ${(err as Error).message}` };
    }
  }

  private async inCache(root: string, md5: string): Promise<boolean> {
    for (const p of cachePaths(root, md5)) if ((await this.io.stat(p))?.isFile) return true;
    return false;
  }

  /** A text file recorded on one platform and checked out on another may differ only in line endings. */
  private async lineEndingsOnly(e: RecordedEntry, md5: string): Promise<boolean> {
    if (!isTextBlock(await this.io.readRange(e.target, 0, 512))) return false;
    const v = await lineEndingVariantsMd5(this.io, e.target);
    return v.lf === md5 || v.crlf === md5;
  }

  private async checkFile(e: RecordedEntry, md5: string, size: number): Promise<Outcome> {
    // Legacy md5s ignore CRLF in text files, so only a DVC 3 record's size decides on its own.
    const sizeDiffers = e.size !== undefined && e.size !== size;
    const actual = sizeDiffers && e.hashName === 'md5' ? undefined : await this.hasher.md5(e.target, e.hashName);
    if (actual === md5) return { status: 'match', actual: { md5: actual, size } };
    if (await this.lineEndingsOnly(e, md5)) {
      return {
        status: 'mismatch',
        lineEndingsOnly: true,
        actual: { ...(actual ? { md5: actual } : {}), size },
        reason: 'only its line endings differ from the recorded content (CRLF and LF were converted, as git does on checkout)',
      };
    }
    return sizeDiffers && !actual
      ? { status: 'mismatch', actual: { size }, reason: `its size is ${size} bytes, ${e.size} recorded` }
      : { status: 'mismatch', actual: { md5: actual, size }, reason: `its md5 is ${actual}, ${md5} recorded` };
  }

  private async checkDir(root: string, e: RecordedEntry, md5: string): Promise<Outcome> {
    const listing = await new Walker(this.io, root).list(e.target);
    if ('error' in listing) return { status: 'not-checked', reason: `the directory listing was not rebuilt: ${listing.error}` };
    const size = listing.files.reduce((n, f) => n + f.size, 0);
    const nfiles = listing.files.length;
    const entries: { relpath: string; md5: string }[] = [];
    for (const f of listing.files) entries.push({ relpath: f.relpath, md5: await this.hasher.md5(f.path, e.hashName) });
    const actual = dirHash(entries);
    if (actual === md5) return { status: 'match', actual: { md5: actual, size, nfiles } };
    const outcome: Outcome = { status: 'mismatch', actual: { md5: actual, size, nfiles }, reason: `its listing hash is ${actual}, ${md5} recorded` };
    if (e.nfiles !== undefined && e.nfiles !== nfiles) outcome.reason = `it holds ${nfiles} files, ${e.nfiles} recorded`;
    const changed = await this.changedFiles(root, md5, entries);
    if (changed) outcome.changedFiles = changed;
    return outcome;
  }

  /** With the recorded listing in the local cache, names the files that differ. */
  private async changedFiles(root: string, md5: string, entries: { relpath: string; md5: string }[]): Promise<string[] | undefined> {
    for (const p of cachePaths(root, md5)) {
      const st = await this.io.stat(p);
      if (!st?.isFile || st.size > 64 << 20) continue;
      try {
        const recorded = JSON.parse((await this.io.readFile(p)).toString('utf8')) as { relpath?: string; md5?: string }[];
        if (!Array.isArray(recorded)) return undefined;
        const was = new Map(recorded.map((r) => [String(r.relpath), String(r.md5)]));
        const now = new Map(entries.map((r) => [r.relpath, r.md5]));
        const out: string[] = [];
        for (const [k, v] of now) if (was.get(k) !== v) out.push(was.has(k) ? `changed: ${k}` : `added: ${k}`);
        for (const k of was.keys()) if (!now.has(k)) out.push(`removed: ${k}`);
        return out.sort().slice(0, MAX_CHANGED_LISTED);
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}

/** Checks every recorded workspace path against the workspace; results are cached per run. */
export async function checkIntegrity(index: DocumentIndex, io: WorkspaceIO): Promise<IntegrityFact[]> {
  const checker = new IntegrityChecker(io);
  const results: IntegrityFact[] = [];
  for (const r of recordsOf(index)) {
    const e = r.entry;
    const md5 = e.md5!.value;
    const outcome = checker.outcome(await checker.root(r.recordedIn), e, md5);
    results.push({
      recordedIn: r.recordedIn,
      workloadId: r.workloadId,
      ...(r.stage ? { stage: r.stage } : {}),
      section: e.section,
      path: e.target,
      entryLoc: e.md5!.loc,
      hashName: e.hashName,
      recorded: { md5, ...(e.size !== undefined ? { size: e.size } : {}), ...(e.nfiles !== undefined ? { nfiles: e.nfiles } : {}) },
      ...(await outcome),
    });
  }
  return results;
}

export const dvcIntegrityEnricher: Enricher = {
  id: 'dvc-integrity',
  async run(index: DocumentIndex, io: WorkspaceIO): Promise<Facts> {
    const facts = emptyFacts();
    appendAll(facts.integrity, await checkIntegrity(index, io));
    return facts;
  },
};
