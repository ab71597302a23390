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

/** The same fix at the same place: text before the first edit is unchanged, so its offset is too. */
const sameFix = (a: Fix, b: Fix) =>
  a.title === b.title && a.edits[0]?.start === b.edits[0]?.start && JSON.stringify(a.edits.map((e) => e.newText)) === JSON.stringify(b.edits.map((e) => e.newText));

/** Checks one fix of one finding; returns what is wrong, or undefined. */
async function checkFix(engine: Engine, rel: string, text: string, before: Finding[], finding: Finding, fix: Fix): Promise<string | undefined> {
  const own = fix.edits.filter((e) => e.file === rel && !e.create);
  for (const e of fix.edits.filter((x) => x.file !== rel)) {
    const why = syntaxRegression(e.file, e.create ? undefined : '', e.newText);
    if (why) return `edit of ${e.file}: ${why}`;
  }
  if (!own.length) return undefined;
  const after = applyEdits(text, own);
  if (!onlyEditedRanges(text, after, own)) return 'text outside the edits changed';
  if (syntaxOf(rel, text) === 'json') {
    try {
      JSON.parse(after);
    } catch (e) {
      return `no longer JSON: ${(e as Error).message}`;
    }
  }
  const why = syntaxRegression(rel, text, after);
  if (why) return why;
  const again = await analyse(engine, rel, after);
  const count = (list: Finding[]) => list.filter((f) => f.ruleId === finding.ruleId && f.message === finding.message).length;
  if (count(again.findings) >= count(before)) return 'the finding is still reported';
  if (again.findings.some((f) => f.ruleId === finding.ruleId && f.fixes.some((x) => sameFix(x, fix)))) return 'the same fix is offered again';
  return undefined;
}

describe('fix property over ../shared/corpus', function () {
  this.timeout(300_000);

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
      for (const f of withFixes) {
        for (const fix of f.fixes.filter((x) => x.edits.length)) {
          checked++;
          const why = await checkFix(engine, rel, file.text, first.findings, f, fix);
          if (why) problems.push(`${rel}: ${f.ruleId} "${fix.title}": ${why}`);
        }
      }
    }
    for (const p of problems.slice(0, 200)) console.log(`      ${p}`);
    console.log(`    ${checked} fixes checked in ${files} files; ${dropped} dropped by the fix-safety invariant; ${problems.length} problems`);
    assert.ok(checked > 0, 'the corpus has fixes to check');
    assert.deepEqual(problems.slice(0, 40), []);
  });
});
