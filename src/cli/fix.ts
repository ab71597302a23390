// `scan --fix`: applies every safe fix in passes until nothing changes, writing each file
// atomically and never over a file that changed on disk since the scan read it.

import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Engine } from '../core/engine';
import { applyEdits, editsByFile, MAX_FIX_PASSES, nonOverlapping } from '../core/fixes';
import type { Fix, Problem, TextEdit } from '../core/model';
import type { AppliedFix } from '../core/report/scan-report';
import { scanWorkspace, type ScanOptions, type ScanResult } from '../core/workspace/scan';

export { MAX_FIX_PASSES };

export interface FixOutcome {
  /** The scan after the last pass: what is still there. */
  result: ScanResult;
  fixed: AppliedFix[];
  notes: Problem[];
}

/** A file checked for writing: where to write and the exact text the edits apply to. */
interface WriteTarget {
  /** The real path (symlinks resolved; a target that is a link is refused before this). */
  real: string;
  text: string;
  bom: boolean;
  create: boolean;
  /** The bytes the text was decoded from; the file must still hold them when it is replaced. */
  bytes: Buffer;
}

export async function scanAndFix(engine: Engine, root: string, opts: ScanOptions): Promise<FixOutcome> {
  const applied = new Map<string, AppliedFix>();
  const notes: Problem[] = [];
  const refused = new Set<string>();
  const realRoot = await fsp.realpath(root);
  let result = await scanWorkspace(engine, root, opts);
  for (let pass = 1; pass <= MAX_FIX_PASSES; pass++) {
    const ruleOf = new Map<Fix, string>();
    for (const f of result.findings) {
      const fix = f.fixes.find((x) => x.kind === 'safe' && x.edits.length > 0);
      if (fix && fix.edits.every((e) => !refused.has(e.file))) ruleOf.set(fix, f.ruleId);
    }
    if (ruleOf.size === 0) break;
    if (pass === MAX_FIX_PASSES) {
      notes.push({ file: '', level: 'warning', message: `stopped after ${MAX_FIX_PASSES} fix passes with safe fixes still pending; run again to continue` });
      break;
    }
    const chosen = nonOverlapping([...ruleOf.keys()]);
    const targets = new Map<string, WriteTarget>();
    for (const [file, edits] of editsByFile(chosen)) {
      const check = await checkTarget(realRoot, root, file, edits, result);
      if (typeof check === 'string') {
        refused.add(file);
        notes.push({ file, level: 'warning', message: `not fixed: ${check}` });
      } else targets.set(file, check);
    }
    // A fix that spans several files is applied only when every one of them can be written.
    const applicable = chosen.filter((fix) => fix.edits.every((e) => targets.has(e.file)));
    const written = new Set<string>();
    for (const [file, edits] of editsByFile(applicable)) {
      const target = targets.get(file)!;
      let next: string;
      try {
        next = applyEdits(target.text, edits);
      } catch (e) {
        refused.add(file);
        notes.push({ file, level: 'error', message: `not fixed: the fix edits do not apply (${(e as Error).message})` });
        continue;
      }
      if (next === target.text && !target.create) continue;
      const problem = await writeTarget(target, (target.bom ? '\ufeff' : '') + next);
      if (problem) {
        refused.add(file);
        notes.push({ file, level: 'warning', message: `not fixed: ${problem}` });
        continue;
      }
      written.add(file);
    }
    for (const fix of applicable) {
      if (!fix.edits.every((e) => written.has(e.file))) continue;
      const ruleId = ruleOf.get(fix)!;
      for (const file of new Set(fix.edits.map((e) => e.file))) {
        const key = `${file}\u0000${ruleId}`;
        const entry = applied.get(key) ?? { file, ruleId, count: 0 };
        entry.count++;
        applied.set(key, entry);
      }
    }
    if (written.size === 0) break;
    result = await scanWorkspace(engine, root, opts);
  }
  return { result, fixed: [...applied.values()], notes };
}

/**
 * Checks that a file may be written: inside the workspace, valid UTF-8, and with exactly the text
 * the scan read. Returns the reason when it may not.
 */
async function checkTarget(realRoot: string, root: string, file: string, edits: TextEdit[], scan: ScanResult): Promise<WriteTarget | string> {
  // The engine drops such fixes already; checked again here, just before writing.
  const refused = await scan.io.writeRefusal(file);
  if (refused) return `the file may not be edited: ${refused}`;
  const abs = path.resolve(root, ...file.split('/'));
  const inside = (p: string, base: string) => p === base || p.startsWith(base + path.sep);
  if (!inside(abs, path.resolve(root))) return 'the fix would write outside the workspace';
  if (edits.some((e) => e.create)) {
    const exists = await fsp.lstat(abs).then(
      () => true,
      () => false,
    );
    if (exists) return 'the fix would create a file that already exists';
    const parent = await realParent(abs);
    if (!inside(parent, realRoot)) return 'the fix would write outside the workspace';
    return { real: abs, text: '', bom: false, create: true, bytes: Buffer.alloc(0) };
  }
  const source = scan.index.source(file);
  if (!source || source.binary) return 'the file was not read as text by the scan';
  let real: string;
  let bytes: Buffer;
  try {
    real = await fsp.realpath(abs);
    bytes = await fsp.readFile(real);
  } catch (e) {
    return `cannot read the file again (${(e as Error).message})`;
  }
  if (!inside(real, realRoot)) return 'the file is a link to outside the workspace';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'the file is not valid UTF-8, and writing it back would replace the invalid bytes';
  }
  // The decoder drops a byte order mark; it is written back so the file keeps it.
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text !== source.text) return 'the file changed on disk since it was scanned';
  return { real, text, bom, create: false, bytes };
}

/** The real path of the nearest existing ancestor directory of `abs`. */
async function realParent(abs: string): Promise<string> {
  let dir = path.dirname(abs);
  for (;;) {
    try {
      return await fsp.realpath(dir);
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return dir;
      dir = up;
    }
  }
}

/**
 * Writes through a temporary file in the same directory and a rename, so a reader never sees a
 * half-written file; a created file is linked into place so an existing one is never replaced.
 * Returns the reason on failure.
 */
async function writeTarget(target: WriteTarget, text: string): Promise<string | undefined> {
  const dir = path.dirname(target.real);
  const tmp = path.join(dir, `.${path.basename(target.real)}.mlsec-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    if (target.create) await fsp.mkdir(dir, { recursive: true });
    const mode = target.create ? undefined : (await fsp.stat(target.real)).mode & 0o7777;
    await fsp.writeFile(tmp, text, { flag: 'wx' });
    if (mode !== undefined) await fsp.chmod(tmp, mode);
    if (target.create) {
      await fsp.link(tmp, target.real);
      await fsp.unlink(tmp);
    } else {
      // The last check before replacing: the file must still hold the text the edits apply to.
      const current = await fsp.readFile(target.real);
      if (!current.equals(target.bytes)) {
        await fsp.rm(tmp, { force: true });
        return 'the file changed on disk since it was scanned';
      }
      await fsp.rename(tmp, target.real);
    }
    return undefined;
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    return `cannot write the file (${(e as Error).message})`;
  }
}
