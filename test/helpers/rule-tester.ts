// A table-driven tester for rules (valid and invalid cases), which also proves every fix: applied,
// the file still parses, the finding is gone, applying again changes nothing, and no other text moved.

import * as assert from 'node:assert/strict';
import { DocumentIndex } from '../../src/core/document';
import { Engine } from '../../src/core/engine';
import { readers } from '../../src/core/formats';
import { enrichers } from '../../src/core/enrichers';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';
import type { WorkspaceIO } from '../../src/core/workspace/io';
import { defaultConfig, type MlsecConfig } from '../../src/core/config';
import { applyEdits } from '../../src/core/fixes';
import type { Finding, Fix, FixKind, Severity } from '../../src/core/model';
import type { Rule } from '../../src/core/rules/rule';
import { SourceFile } from '../../src/core/source';

/**
 * One or more files; the first is the one the case is about. Bytes (a Uint8Array) are a binary
 * file such as a model: a case with one is analysed like a workspace scan, with an in-memory
 * WorkspaceIO over the case's files for the readers and the workspace enrichers.
 */
export type Files = Record<string, string | Uint8Array>;

export interface ValidCase {
  name?: string;
  files: Files;
  config?: Partial<MlsecConfig>;
}

export interface ExpectedError {
  /** 1-based line and column, as editors show them. */
  line: number;
  column?: number;
  message: string | RegExp;
  severity?: Severity;
  file?: string;
}

export interface ExpectedFix {
  kind: FixKind;
  /** The title, or a pattern of it. */
  title?: string | RegExp;
  /** Expected text of each edited file after applying the fix (path → text). */
  output: Files;
  /** Guided fixes may leave placeholders that the rule still reports; set to skip the "finding gone" check. */
  stillReported?: boolean;
}

export interface InvalidCase {
  name?: string;
  files: Files;
  config?: Partial<MlsecConfig>;
  errors: ExpectedError[];
  /** Fixes of the first error, in the order reported. Omit to assert there are none. */
  fixes?: ExpectedFix[];
}

export interface RuleTable {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/** Parses files into an index with every reader, the same way a workspace scan does. */
export async function indexFiles(engine: Engine, files: Files, config: MlsecConfig, io?: WorkspaceIO): Promise<{ index: DocumentIndex; parseNotes: string[] }> {
  const index = new DocumentIndex();
  const parseNotes: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    const file = typeof text === 'string' ? new SourceFile(path, text) : new SourceFile(path, '', true);
    const { docs, notes } = await engine.parse(file, { config, ...(io ? { io } : {}) });
    for (const d of docs) {
      index.add(d);
      parseNotes.push(...d.notes.filter((n) => n.level === 'error').map((n) => `${n.file}: ${n.message}`));
    }
    parseNotes.push(...notes.map((n) => `${n.file}: ${n.message}`));
  }
  return { index, parseNotes };
}

export async function runRule(rule: Rule, files: Files, config?: Partial<MlsecConfig>) {
  const engine = new Engine([rule], readers, enrichers);
  const cfg = { ...defaultConfig(), ...config };
  // The case's files are the workspace on disk too, so readers and enrichers can read siblings.
  const io = new MemoryWorkspaceIO(files);
  const { index, parseNotes } = await indexFiles(engine, files, cfg, io);
  const result = await engine.analyze(index, { config: cfg, io });
  const ruleErrors = result.notes.filter((n) => /^Rule |reported a/.test(n.message));
  assert.deepEqual(ruleErrors, [], 'the rule must not fail or report undeclared fix kinds');
  return { findings: result.findings.filter((f) => f.ruleId === rule.meta.id), parseNotes, result };
}

function applyFix(files: Files, fix: Fix): Files {
  const out: Files = { ...files };
  const byFile = new Map<string, Fix['edits']>();
  for (const e of fix.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [file, edits] of byFile) {
    const text = out[file] ?? '';
    if (typeof text !== 'string') throw new Error(`a fix edits the binary file ${file}`);
    out[file] = applyEdits(text, edits);
  }
  return out;
}

function sameFinding(a: Finding, b: Finding) {
  return a.loc.file === b.loc.file && a.range.start.line === b.range.start.line && a.message === b.message;
}

/** Registers mocha tests for a rule's table. */
export function ruleTester(rule: Rule, table: RuleTable): void {
  describe(rule.meta.id, () => {
    it('has valid and invalid cases', () => {
      assert.ok(table.valid.length > 0, 'at least one valid case');
      assert.ok(table.invalid.length > 0, 'at least one invalid case');
    });

    table.valid.forEach((c, i) => {
      it(`valid: ${c.name ?? `case ${i + 1}`}`, async () => {
        const { findings, parseNotes } = await runRule(rule, c.files, c.config);
        assert.deepEqual(parseNotes, [], 'valid cases must parse');
        assert.deepEqual(
          findings.map((f) => `${f.loc.file}:${f.range.start.line + 1}: ${f.message}`),
          [],
        );
      });
    });

    table.invalid.forEach((c, i) => {
      it(`invalid: ${c.name ?? `case ${i + 1}`}`, async () => {
        const { findings, parseNotes } = await runRule(rule, c.files, c.config);
        assert.deepEqual(parseNotes, [], 'invalid cases must parse');
        const first = Object.keys(c.files)[0];
        const got = findings.map((f) => ({
          file: f.loc.file,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          message: f.message,
          severity: f.severity,
        }));
        assert.equal(got.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${JSON.stringify(got, null, 1)}`);
        c.errors.forEach((e, k) => {
          const g = got[k];
          assert.equal(g.file, e.file ?? first, `finding ${k + 1} file`);
          assert.equal(g.line, e.line, `finding ${k + 1} line (${g.message})`);
          if (e.column !== undefined) assert.equal(g.column, e.column, `finding ${k + 1} column`);
          if (typeof e.message === 'string') assert.equal(g.message, e.message);
          else assert.match(g.message, e.message);
          if (e.severity) assert.equal(g.severity, e.severity, `finding ${k + 1} severity`);
        });
        const target = findings[0];
        const expected = c.fixes ?? [];
        assert.equal(target.fixes.length, expected.length, `fixes offered: ${target.fixes.map((f) => `${f.kind}: ${f.title}`).join('; ')}`);
        for (let k = 0; k < expected.length; k++) {
          const fix = target.fixes[k];
          const exp = expected[k];
          assert.equal(fix.kind, exp.kind, `fix ${k + 1} kind`);
          if (typeof exp.title === 'string') assert.equal(fix.title, exp.title);
          else if (exp.title) assert.match(fix.title, exp.title);
          assert.ok(/^[A-Z]/.test(fix.title), 'a fix title is an imperative phrase');
          if (fix.edits.length === 0) {
            // An explanation-only guided fix: nothing to apply.
            assert.equal(fix.kind, 'guided', 'only guided fixes may come without edits');
            assert.deepEqual(exp.output, {}, 'an explanation-only fix changes no file');
            continue;
          }
          const fixed = applyFix(c.files, fix);
          for (const [file, text] of Object.entries(exp.output)) assert.equal(fixed[file], text, `fixed text of ${file}`);
          for (const file of Object.keys(fixed)) {
            if (!(file in exp.output)) assert.equal(fixed[file], c.files[file], `fix must not change ${file}`);
          }
          const after = await runRule(rule, fixed, c.config);
          assert.deepEqual(after.parseNotes, [], 'the fixed files must still parse');
          const still = after.findings.find((f) => sameFinding(f, target));
          if (!exp.stillReported) {
            assert.equal(still, undefined, 'the finding must be gone after the fix');
            // Idempotent: nothing left to apply at the same place, so a second application changes nothing.
            const again = after.findings.filter((f) => f.fixes.some((x) => x.title === fix.title && x.edits.some((e) => fix.edits.some((d) => d.file === e.file && d.start === e.start))));
            assert.equal(again.length, 0, 'applying the fix twice must change nothing');
          }
        }
      });
    });
  });
}
