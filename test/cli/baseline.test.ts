// Baselines: `scan --write-baseline` records the findings by fingerprint, `scan --baseline`
// reports only new ones, survives lines inserted above a finding and names stale entries.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BASELINE_VERSION, parseBaseline, type Baseline } from '../../src/core/report/baseline';
import type { JsonReport } from '../../src/core/report/json';
import { removeWorkspaces, run, workspace } from './helpers';

const DOCKERFILE = 'FROM python:3.12-slim\nRUN curl -k https://example.com/install.sh | sh\nUSER 1000\n';

async function json(argv: string[], cwd: string): Promise<{ code: number; report: JsonReport }> {
  const r = await run(['scan', ...argv, '--format', 'json'], { cwd });
  assert.equal(r.stderr, '');
  return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
}

function readBaseline(ws: string): Baseline {
  return JSON.parse(fs.readFileSync(path.join(ws, 'mlsec-baseline.json'), 'utf8')) as Baseline;
}

describe('mlsec scan --baseline', () => {
  after(removeWorkspaces);

  it('writes every current finding, with a version, and exits 0', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE });
    const full = await json([], ws);
    assert.ok(full.report.findings.length >= 3, 'the Dockerfile has several findings');
    const r = await run(['scan', '--write-baseline', 'mlsec-baseline.json'], { cwd: ws });
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`wrote ${full.report.findings.length} findings to the baseline mlsec-baseline.json`));
    const baseline = readBaseline(ws);
    assert.equal(baseline.version, BASELINE_VERSION);
    assert.deepEqual(baseline.entries.map((e) => `${e.file}:${e.line} ${e.ruleId}`).sort(), full.report.findings.map((f) => `${f.location.file}:${f.location.line} ${f.ruleId}`).sort());
    for (const e of baseline.entries) assert.match(e.fingerprint, /^[0-9a-f]{32}:\d+$/);
  });

  it('reports nothing new, and says how many matched, after lines are inserted above the findings', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE });
    await run(['scan', '--write-baseline', 'mlsec-baseline.json'], { cwd: ws });
    const count = readBaseline(ws).entries.length;
    fs.writeFileSync(path.join(ws, 'Dockerfile'), `# syntax=docker/dockerfile:1\n# The serving image.\n\n${DOCKERFILE.replace('RUN', '\n\nRUN')}`);
    const moved = await json([], ws);
    assert.equal(moved.report.findings.length, count, 'the same findings, on other lines');
    const r = await json(['--baseline', 'mlsec-baseline.json'], ws);
    assert.deepEqual(r.report.findings, []);
    assert.equal(r.code, 0);
    assert.ok(
      r.report.notes.some((n) => n.message.startsWith(`${count} findings matched the baseline mlsec-baseline.json`)),
      JSON.stringify(r.report.notes),
    );
  });

  it('reports a new finding and lists the entry of a fixed one as no longer matching', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE });
    await run(['scan', '--write-baseline', 'mlsec-baseline.json'], { cwd: ws });
    // The curl line is fixed and an unpinned package install is added.
    fs.writeFileSync(path.join(ws, 'Dockerfile'), 'FROM python:3.12-slim\nRUN pip install requests\nUSER 1000\n');
    const r = await json(['--baseline', 'mlsec-baseline.json'], ws);
    assert.deepEqual(
      r.report.findings.map((f) => f.ruleId),
      ['supply-chain/unpinned-package'],
    );
    const stale = r.report.notes.filter((n) => n.message.includes('no longer matches a finding'));
    const removed = readBaseline(ws)
      .entries.filter((e) => e.line === 2)
      .map((e) => e.ruleId);
    assert.ok(removed.length >= 2);
    assert.deepEqual(
      stale.map((n) => n.file),
      removed.map(() => 'Dockerfile'),
    );
    for (const id of removed)
      assert.ok(
        stale.some((n) => n.message.includes(`(${id}, line 2 when recorded)`)),
        id,
      );
  });

  it('tells identical findings apart by occurrence, so a second copy is new', async () => {
    const ws = workspace({ 'k8s/a.Dockerfile': 'FROM python\nUSER 1000\n' });
    await run(['scan', '--write-baseline', 'mlsec-baseline.json'], { cwd: ws });
    fs.writeFileSync(path.join(ws, 'k8s/a.Dockerfile'), 'FROM python\nUSER 1000\nFROM python\nUSER 1000\n');
    const r = await json(['--baseline', 'mlsec-baseline.json'], ws);
    assert.deepEqual(
      r.report.findings.map((f) => `${f.location.line} ${f.ruleId}`),
      ['3 supply-chain/unpinned-image'],
    );
  });

  it('refuses a file that is not a baseline, with exit code 2', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, 'bad.json': '{"version": 99, "entries": []}', 'text.txt': 'hello' });
    const bad = await run(['scan', '--baseline', 'bad.json'], { cwd: ws });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad\.json is not an mlsec baseline: unsupported baseline version 99/);
    const text = await run(['scan', '--baseline', 'text.txt'], { cwd: ws });
    assert.equal(text.code, 2);
    assert.match(text.stderr, /not JSON/);
    const missing = await run(['scan', '--baseline', 'nope.json'], { cwd: ws });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the baseline nope\.json/);
  });

  it('parses a baseline strictly: entries need a fingerprint, rule id and file', () => {
    assert.throws(() => parseBaseline('[]'), /not a baseline object/);
    assert.throws(() => parseBaseline(JSON.stringify({ version: 1, fingerprintVersion: 1, entries: [{ ruleId: 'x' }] })), /entry 1 lacks/);
    const ok = parseBaseline(JSON.stringify({ version: 1, fingerprintVersion: 1, entries: [{ fingerprint: 'a:1', ruleId: 'r', file: 'f' }] }));
    assert.deepEqual(ok.entries, [{ fingerprint: 'a:1', ruleId: 'r', file: 'f', line: 0, message: '' }]);
  });
});
