// The per-file reading budget: a file whose reading runs past its time or grows the heap past its
// share is reported as skipped with a note naming the setting, and the scan goes on with the other
// files. Clocks and heap readings are injected where the outcome must not depend on the machine.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { defaultConfig, parseConfig } from '../../src/core/config';
import { SourceFile } from '../../src/core/source';
import { budgetLimits, BudgetExceeded, checkBudget, FileBudget, withBudget } from '../../src/core/workspace/budget';
import { scanWorkspace } from '../../src/core/workspace/scan';

/** A clock that moves one millisecond each time it is read. */
function tickingClock(): () => number {
  let t = 0;
  return () => ++t;
}

const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join('\n') + '\n';

describe('per-file reading budget', function () {
  this.timeout(60000);
  const engine = createEngine();

  it('derives the time from the file size and takes the configured limits as given', () => {
    const small = budgetLimits(0);
    const large = budgetLimits(8 * 1024 * 1024);
    assert.ok(large.ms > small.ms, 'a larger file gets more time');
    assert.deepEqual(budgetLimits(8 * 1024 * 1024, { seconds: 2, memoryMiB: 64 }), { ms: 2000, heapBytes: 64 * 1024 * 1024 });
  });

  it('throws at a safe point once the time is used up, and not before', () => {
    const budget = new FileBudget({ ms: 3, heapBytes: Infinity }, tickingClock(), () => 0);
    let checks = 0;
    assert.throws(
      () =>
        withBudget(budget, () => {
          for (;;) {
            checkBudget();
            checks++;
          }
        }),
      (e: unknown) => e instanceof BudgetExceeded && /longer than its 3 ms budget \(fileBudget\.seconds\)/.test(e.message),
    );
    assert.ok(checks > 256, 'the clock is sampled, not read at every check');
    // Outside withBudget a safe point does nothing.
    checkBudget();
  });

  it('throws once the heap has grown past its share', () => {
    let heap = 0;
    const budget = new FileBudget(
      { ms: Infinity, heapBytes: 1024 },
      () => 0,
      () => (heap += 100),
    );
    assert.throws(() => {
      for (let i = 0; i < 10_000; i++) budget.check();
    }, /grew the heap by more than/);
  });

  it('reports a Dockerfile over its budget as skipped and reads a small one under the same budget', async () => {
    const ctx = (budget: FileBudget) => ({ config: defaultConfig(), budget });
    const big = new SourceFile('big.Dockerfile', 'FROM python:3.11\n' + lines(20_000, (i) => `RUN echo ${i}`));
    const over = await engine.parse(big, ctx(new FileBudget({ ms: 20, heapBytes: Infinity }, tickingClock(), () => 0)));
    assert.deepEqual(over.docs, []);
    assert.equal(over.notes.length, 1);
    assert.match(over.notes[0].message, /^skipped: reading it took longer than its 20 ms budget \(fileBudget\.seconds\); the file was not analysed$/);
    const small = new SourceFile('small.Dockerfile', 'FROM python:3.11\nUSER root\n');
    const under = await engine.parse(small, ctx(new FileBudget({ ms: 20, heapBytes: Infinity }, tickingClock(), () => 0)));
    assert.equal(under.docs.length, 1);
    assert.deepEqual(under.notes, []);
  });

  it('skips a 200k-line requirements file over a configured budget and scans the rest of the workspace', async () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-budget-'));
    try {
      fs.writeFileSync(
        path.join(ws, 'requirements.txt'),
        lines(200_000, (i) => `package-${i}>=1.${i}`),
      );
      fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM python:latest\nUSER root\n');
      // 50 ms: far below what 200k lines take, far above a two-line Dockerfile even on a busy machine.
      const { config, errors } = parseConfig('fileBudget:\n  seconds: 0.05\n', engine.knownRuleIds());
      assert.deepEqual(errors, []);
      const result = await scanWorkspace(engine, ws, { config });
      const note = result.notes.find((n) => n.file === 'requirements.txt');
      assert.ok(note, JSON.stringify(result.notes));
      assert.match(note.message, /^skipped: reading it took longer than its 50 ms budget/);
      assert.ok(!result.index.paths().includes('requirements.txt'));
      assert.ok(result.findings.some((f) => f.loc.file === 'Dockerfile' && f.ruleId === 'container/runs-as-root'));
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });

  it('refuses a budget that is not a positive number in .mlsec.yaml', () => {
    const { errors } = parseConfig('fileBudget:\n  seconds: 0\n', engine.knownRuleIds());
    assert.equal(errors.length, 1);
  });
});
