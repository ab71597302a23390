// The hostile-input suite: workspaces an attacker controls, generated at test time, each scanned
// by the command line in a child process with a memory limit and a time budget. Every case must
// end on its own (no hang past the budget, no crash, no internal error), stay within the stated
// peak memory, and print nothing from outside the workspace and no control characters.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASES, makeOutside, SECRET, SECRET_NAME, type HostileCase } from './cases';
import { corpusMutants } from './mutate';

/** The old-space limit each child runs with (MiB). */
const HEAP_MIB = 512;
/** The stated peak resident memory bound of one run (MiB): the heap limit plus code and buffers. */
const PEAK_MIB = 1024;
/** A run past this is a hang (ms). */
const BUDGET_MS = 120_000;
const RUNNER = path.join(__dirname, 'runner.js');
const CORPUS = path.resolve(__dirname, '../../../../shared/corpus');

interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  peakMiB: number;
}

function runCli(cwd: string, args: string[]): RunResult {
  const rss = path.join(os.tmpdir(), `mlsec-hostile-rss-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MIB}`, '--stack-size=984', RUNNER, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: BUDGET_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, MLSEC_HOSTILE_RSS: rss, NO_COLOR: '1' },
  });
  let peakMiB = NaN;
  try {
    peakMiB = Number(fs.readFileSync(rss, 'utf8')) / 1024;
    fs.rmSync(rss);
  } catch {
    // no record: the child did not exit normally, which the status assertion reports
  }
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', peakMiB };
}

const stats = { cases: 0, crashes: 0, hangs: 0, worstPeakMiB: 0, worstCase: '' };

/** Runs one workspace and asserts the suite's invariants; returns the result for case-specific checks. */
function check(label: string, ws: string, args: string[]): RunResult {
  stats.cases++;
  const r = runCli(ws, args);
  if (r.signal) stats.hangs++;
  else if (r.status === null || r.status > 2 || /internal error/.test(r.stderr)) stats.crashes++;
  if (r.peakMiB > stats.worstPeakMiB) {
    stats.worstPeakMiB = r.peakMiB;
    stats.worstCase = label;
  }
  const tail = `\n--- stderr ---\n${r.stderr.slice(-2000)}`;
  assert.equal(r.signal, null, `${label}: killed by ${r.signal} (over the ${BUDGET_MS} ms budget)${tail}`);
  // 0 and 1 are a scan's results; 2 is a usage or configuration error, which must be a clear message.
  assert.ok(r.status === 0 || r.status === 1 || (r.status === 2 && /^mlsec[: ]/m.test(r.stderr)), `${label}: exit code ${r.status}${tail}`);
  assert.doesNotMatch(r.stderr, /internal error|FATAL|RangeError|Maximum call stack/, `${label}: crashed${tail}`);
  assert.ok(r.peakMiB <= PEAK_MIB, `${label}: peak memory ${r.peakMiB.toFixed(0)} MiB over ${PEAK_MIB} MiB`);
  for (const [name, out] of [
    ['stdout', r.stdout],
    ['stderr', r.stderr],
  ] as const) {
    assert.ok(!out.includes(SECRET), `${label}: ${name} quotes content from outside the workspace`);
    assert.ok(!out.includes(SECRET_NAME), `${label}: ${name} names a file outside the workspace`);
    const ctl = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(out);
    assert.equal(ctl, null, `${label}: ${name} has control character U+${ctl?.[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return r;
}

function fresh(): { root: string; ws: string; outside: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-hostile-'));
  const ws = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(ws);
  makeOutside(outside);
  return { root, ws, outside };
}

function runCase(c: HostileCase): RunResult {
  const { root, ws, outside } = fresh();
  try {
    c.make(ws, outside);
    return check(c.name, ws, c.args ?? ['scan', '--format', 'text', '--fail-on', 'none', '.']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

describe('hostile-input suite (child processes with a time budget and a memory limit)', function () {
  this.timeout(BUDGET_MS * 3);

  after(() => {
    console.log(`    hostile suite: ${stats.cases} runs, ${stats.crashes} crashes, ${stats.hangs} hangs, worst peak ${stats.worstPeakMiB.toFixed(0)} MiB (${stats.worstCase})`);
  });

  for (const c of CASES) {
    it(c.name, () => {
      runCase(c);
    });
  }

  it('a newline in a file name does not forge a line of the text report', () => {
    const r = runCase(CASES.find((c) => c.name === 'newline in a file name')!);
    assert.ok(!r.stdout.split('\n').some((l) => l.startsWith('Dockerfile:1:1  critical  forged line')), r.stdout);
    assert.match(r.stdout, /x\\nDockerfile:1:1/);
  });

  it('the JSON report of outside symlinks quotes nothing from outside', () => {
    const c = CASES.find((x) => x.name.startsWith('outside symlinks'))!;
    runCase({ ...c, args: ['scan', '--format', 'json', '--fail-on', 'none', '.'] });
    runCase({ ...c, args: ['provenance', '.'] });
    runCase({ ...c, args: ['threat-model', '--format', 'markdown', '.'] });
    runCase({ ...c, args: ['verify-model', 'model.pkl'] });
  });

  it('seeded mutants of the corpus', function () {
    if (!fs.existsSync(CORPUS)) {
      console.log(`      skipped: no corpus at ${CORPUS}`);
      this.skip();
    }
    const batches = corpusMutants(CORPUS, { seed: 0x5eed21, batches: 6, perBatch: 60 });
    let mutants = 0;
    for (const [i, batch] of batches.entries()) {
      const { root, ws } = fresh();
      try {
        for (const m of batch) {
          fs.mkdirSync(path.dirname(path.join(ws, m.path)), { recursive: true });
          fs.writeFileSync(path.join(ws, m.path), m.bytes);
        }
        mutants += batch.length;
        check(
          `mutant batch ${i} (${batch
            .map((m) => m.path)
            .slice(0, 3)
            .join(', ')}, …)`,
          ws,
          ['scan', '--format', 'text', '--fail-on', 'none', '.'],
        );
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    }
    console.log(`      ${mutants} mutants in ${batches.length} runs`);
    assert.ok(mutants > 0);
  });
});
