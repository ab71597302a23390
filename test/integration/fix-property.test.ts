// The fix property over the real corpus in ../shared/corpus: every fix of every finding, applied
// alone, leaves a file its own parser still reads, removes the finding, is not offered again, and
// changes nothing outside its edits. The counts of fixes checked and dropped are printed.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, defaultConfig } from '../../src/core';
import { DocumentIndex } from '../../src/core/document';
import type { Engine } from '../../src/core/engine';
import { syntaxOf, syntaxRegression } from '../../src/core/fix-safety';
import { applyEdits } from '../../src/core/fixes';
import type { Finding, Fix, TextEdit } from '../../src/core/model';
import { SourceFile } from '../../src/core/source';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';
import { decodeText } from '../../src/core/workspace/scan';

const SHARED = process.env.MLSEC_SHARED ? path.resolve(process.env.MLSEC_SHARED) : path.resolve(__dirname, '../../../../shared');
const CORPUS = path.join(SHARED, 'corpus');
/** Fixes over the corpus that leave their finding or are offered again, when this test was written. */
const KNOWN_UNSETTLED = 4;
/** Text files larger than this are left to the size limit of a real scan. */
const MAX_BYTES = 512 * 1024;

function corpusFiles(dir: string, rel = '', out: string[] = []): string[] {
  for (const ent of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const r = rel ? `${rel}/${ent.name}` : ent.name;
    if (ent.isDirectory()) corpusFiles(path.join(dir, ent.name), r, out);
    else if (ent.isFile()) out.push(r);
  }
  return out;
}

interface Analysed {
  findings: Finding[];
  dropped: number;
}

/** Analyses one file on its own (the file is the whole workspace), as the editor does for a buffer. */
async function analyse(engine: Engine, rel: string, text: string): Promise<Analysed> {
  const io = new MemoryWorkspaceIO({ [rel]: text });
  const config = defaultConfig();
  const { docs } = await engine.parse(new SourceFile(rel, text), { config, io });
  const r = await engine.analyze(new DocumentIndex(docs), { config, io });
  return { findings: r.findings, dropped: r.notes.filter((n) => / not offered: /.test(n.message)).length };
}

/** Whether the text outside the edits is the original text, piece by piece. */
function onlyEditedRanges(before: string, after: string, edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let from = 0;
  let shift = 0;
  for (const e of sorted) {
    if (before.slice(from, e.start) !== after.slice(from + shift, e.start + shift)) return false;
    shift += e.newText.length - (e.end - e.start);
    from = e.end;
  }
  return before.slice(from) === after.slice(from + shift);
}

interface Pending {
  finding: Finding;
  fix: Fix;
  /** The fix's edits of the file itself. */
  own: TextEdit[];
}

/**
 * Splits the fixes of a file into batches whose edits do not overlap and that take at most one fix
 * per finding, so one re-analysis checks a whole batch (the corpus would take too long otherwise).
 */
function batches(pending: Pending[]): Pending[][] {
  const out: Pending[][] = [];
  let rest = pending;
  while (rest.length) {
    const batch: Pending[] = [];
    const later: Pending[] = [];
    const used = new Set<Finding>();
    for (const p of rest) {
      const clash = used.has(p.finding) || batch.some((b) => b.own.some((x) => p.own.some((y) => (y.start < x.end && x.start < y.end) || y.start === x.start)));
      if (clash) later.push(p);
      else {
        batch.push(p);
        used.add(p.finding);
      }
    }
    out.push(batch);
    rest = later;
  }
  return out;
}

/** Where an offset of the original text is after the batch's edits (for offsets outside them). */
function shifted(offset: number, edits: readonly TextEdit[]): number {
  let d = 0;
  for (const e of edits) if (e.end <= offset && !(e.start === e.end && e.start === offset)) d += e.newText.length - (e.end - e.start);
  return offset + d;
}

/** Checks one batch of fixes applied together; returns what is wrong with which fix. */
async function checkBatch(engine: Engine, rel: string, text: string, before: Finding[], batch: Pending[]): Promise<string[]> {
  const problems: string[] = [];
  const label = (p: Pending) => `${rel}: ${p.finding.ruleId} "${p.fix.title}"`;
  for (const p of batch) {
    for (const e of p.fix.edits.filter((x) => x.file !== rel)) {
      const why = syntaxRegression(e.file, e.create ? undefined : '', e.newText);
      if (why) problems.push(`${label(p)}: edit of ${e.file}: ${why}`);
    }
  }
  const edits = batch.flatMap((p) => p.own);
  if (!edits.length) return problems;
  const after = applyEdits(text, edits);
  if (!onlyEditedRanges(text, after, edits)) return [...problems, `${rel}: text outside the edits changed`];
  const broken = (t: string) => syntaxRegression(rel, text, t) ?? (syntaxOf(rel, text) === 'json' ? jsonError(t) : undefined);
  const why = broken(after);
  if (why) {
    // Find the fix that breaks the file on its own, so the report names it.
    for (const p of batch) {
      const alone = broken(applyEdits(text, p.own));
      if (alone) problems.push(`${label(p)}: ${alone}`);
    }
    return problems.length ? problems : [`${rel}: fixes applied together: ${why}`];
  }
  const again = await analyse(engine, rel, after);
  const key = (f: Finding) => `${f.ruleId}\0${f.message}`;
  const counts = new Map<string, number>();
  for (const f of again.findings) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  const expected = new Map<string, number>();
  for (const f of before) expected.set(key(f), (expected.get(key(f)) ?? 0) + 1);
  for (const p of batch) if (p.own.length) expected.set(key(p.finding), expected.get(key(p.finding))! - 1);
  for (const p of batch) {
    if (!p.own.length) continue;
    if ((counts.get(key(p.finding)) ?? 0) > expected.get(key(p.finding))!) problems.push(`${label(p)}: the finding is still reported`);
    const at = shifted(p.own[0].start, edits);
    const texts = JSON.stringify(p.fix.edits.map((e) => e.newText));
    const offered = again.findings.flatMap((f) => (f.ruleId === p.finding.ruleId ? f.fixes : []));
    const same = offered.find((x) => x.title === p.fix.title && x.edits[0]?.start === at && JSON.stringify(x.edits.map((e) => e.newText)) === texts);
    // A fix that inserts a placeholder for the user (`==<version>`) may be offered again, but applying it again must change nothing.
    const own = same?.edits.filter((e) => e.file === rel && !e.create) ?? [];
    if (same && applyEdits(after, own) !== after) problems.push(`${label(p)}: the same fix is offered again and changes the file again`);
  }
  return problems;
}

function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return `no longer JSON: ${(e as Error).message}`;
  }
}

describe('fix property over ../shared/corpus', function () {
  // Thousands of fixes, each applied and re-analysed: minutes on a busy 2-core machine. A limit, not a speed check (that is `npm run bench`).
  this.timeout(1_200_000);

  before(function () {
    if (!fs.existsSync(CORPUS)) {
      console.log('    skipped: ../shared is not present');
      this.skip();
    }
  });

  it('every fix keeps the file parseable, removes its finding, settles and touches only its edits', async () => {
    const engine = createEngine();
    const problems: string[] = [];
    let files = 0;
    let checked = 0;
    let dropped = 0;
    for (const rel of corpusFiles(CORPUS)) {
      if (!engine.wants(rel) || engine.isBinaryPath(rel)) continue;
      const bytes = fs.readFileSync(path.join(CORPUS, rel));
      if (bytes.length > MAX_BYTES) continue;
      const { file } = decodeText(rel, bytes);
      if (!file) continue;
      const first = await analyse(engine, rel, file.text);
      dropped += first.dropped;
      const withFixes = first.findings.filter((f) => f.fixes.some((x) => x.edits.length));
      if (!withFixes.length) continue;
      files++;
      const pending: Pending[] = [];
      for (const f of withFixes) {
        for (const fix of f.fixes.filter((x) => x.edits.length)) pending.push({ finding: f, fix, own: fix.edits.filter((e) => e.file === rel && !e.create) });
      }
      checked += pending.length;
      for (const batch of batches(pending)) problems.push(...(await checkBatch(engine, rel, file.text, first.findings, batch)));
    }
    // A fix that leaves its finding, or is offered again, does not damage the file; these are
    // listed and held to the count measured when this test was written, so none are added.
    const unsettled = problems.filter((p) => /still reported|offered again/.test(p));
    const broken = problems.filter((p) => !unsettled.includes(p));
    for (const p of problems) console.log(`      ${p}`);
    console.log(`    ${checked} fixes checked in ${files} files; ${dropped} dropped by the fix-safety invariant; ${broken.length} broke a file; ${unsettled.length} did not settle`);
    assert.ok(checked > 0, 'the corpus has fixes to check');
    assert.deepEqual(broken, []);
    assert.ok(unsettled.length <= KNOWN_UNSETTLED, `${unsettled.length} fixes did not settle (at most ${KNOWN_UNSETTLED} known)`);
  });
});
