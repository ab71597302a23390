// Changed-file runs: `scan --files`, `--files -` and `--changed-since REF` report exactly what a
// full scan reports for the named files, with cross-file checks seeing the whole workspace.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BufferOutput } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { gitDiffArgs, pathsFromText } from '../../src/cli/changed-files';
import { createEngine } from '../../src/core';
import type { JsonReport } from '../../src/core/report/json';
import { copyOf, REPO, removeWorkspaces, run, workspace } from './helpers';

const ML_REPO = path.join(REPO, 'examples', 'ml-repo');

async function json(argv: string[], cwd: string, stdin?: string): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const stdout = new BufferOutput();
  const stderr = new BufferOutput();
  const io = { stdout, stderr, cwd, env: {}, createEngine, ...(stdin !== undefined ? { stdin: async () => stdin } : {}) };
  const code = await main(['scan', ...argv, '--format', 'json'], io);
  assert.equal(stderr.text(), '', 'no error output');
  return { code, report: JSON.parse(stdout.text()) as JsonReport, stderr: stderr.text() };
}

const findingsOf = (r: JsonReport, files: string[]) => r.findings.filter((f) => files.includes(f.location.file));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

describe('mlsec scan --files / --changed-since', function () {
  this.timeout(60000);
  after(removeWorkspaces);

  it("gives the full scan's findings for dvc.yaml, where a plain file scan cannot see dvc.lock", async () => {
    const full = await json([], ML_REPO);
    const expected = findingsOf(full.report, ['dvc.yaml']);
    assert.equal(expected.filter((f) => f.ruleId === 'provenance/stage-not-locked').length, 1, 'one stage is not locked in the full scan');
    const changed = await json(['--files', 'dvc.yaml'], ML_REPO);
    assert.deepEqual(changed.report.findings, expected);
    assert.deepEqual(changed.report.files, ['dvc.yaml']);
    // Scanning the file on its own misses dvc.lock: this is what a changed-file run avoids.
    const alone = await json(['dvc.yaml'], ML_REPO);
    assert.ok(alone.report.findings.filter((f) => f.ruleId === 'provenance/stage-not-locked').length > 1);
  });

  it('reports on several files, directories and paths read from standard input', async () => {
    const full = await json([], ML_REPO);
    const files = ['dvc.yaml', 'docker/serve.Dockerfile'];
    const named = await json(['--files', ...files], ML_REPO);
    assert.deepEqual(named.report.findings, findingsOf(full.report, files));
    const fromStdin = await json(['--files', '-'], ML_REPO, `${files.join('\n')}\n\n`);
    assert.deepEqual(fromStdin.report.findings, named.report.findings);
    const nul = await json(['--files', '-'], ML_REPO, `${files.join('\0')}\0`);
    assert.deepEqual(nul.report.findings, named.report.findings);
    const dir = await json(['--files', 'docker'], ML_REPO);
    assert.deepEqual(
      dir.report.findings,
      full.report.findings.filter((f) => f.location.file.startsWith('docker/')),
    );
    assert.ok(dir.report.findings.length > 0);
  });

  it('reports nothing, and exits 0, for files mlsec does not read or that no longer exist', async () => {
    const r = await json(['--files', 'README.md', 'gone.Dockerfile'], ML_REPO);
    assert.equal(r.code, 0);
    assert.deepEqual(r.report.findings, []);
  });

  it('refuses a path outside the workspace, --fix, and paths without --files', async () => {
    const outside = await run(['scan', '--files', '../elsewhere/Dockerfile'], { cwd: ML_REPO });
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is outside the workspace/);
    const fix = await run(['scan', '--files', 'dvc.yaml', '--fix'], { cwd: ML_REPO });
    assert.equal(fix.code, 2);
    assert.match(fix.stderr, /--fix cannot be combined with --files/);
    const stray = await run(['scan', '--changed-since', 'HEAD', 'dvc.yaml'], { cwd: ML_REPO });
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /need --files as well/);
  });

  it('keeps baseline entries of files outside the run from being called stale', async () => {
    const ws = copyOf(ML_REPO);
    await run(['scan', '--write-baseline', 'b.json'], { cwd: ws });
    const r = await json(['--files', 'dvc.yaml', '--baseline', 'b.json'], ws);
    assert.deepEqual(r.report.findings, []);
    assert.ok(!r.report.notes.some((n) => n.message.includes('no longer matches')), JSON.stringify(r.report.notes));
  });

  describe('--changed-since', () => {
    it('runs exactly "git diff --name-only --relative -z REF --"', () => {
      assert.deepEqual(gitDiffArgs('origin/main'), ['diff', '--name-only', '--relative', '-z', 'origin/main', '--']);
      assert.deepEqual(pathsFromText('a\0b c\0'), ['a', 'b c']);
    });

    it('reports on the files changed since a commit, including uncommitted edits', async () => {
      const ws = workspace({ 'train.Dockerfile': 'FROM python:3.12-slim\nUSER 1000\n', 'serve.Dockerfile': 'FROM python:3.12-slim\nUSER 1000\n' });
      git(ws, 'init', '-q');
      git(ws, 'add', '.');
      git(ws, 'commit', '-qm', 'base');
      fs.appendFileSync(path.join(ws, 'serve.Dockerfile'), 'RUN curl -k https://example.com/x.sh | sh\n');
      const r = await json(['--changed-since', 'HEAD'], ws);
      assert.ok(r.report.findings.length > 0);
      assert.deepEqual([...new Set(r.report.findings.map((f) => f.location.file))], ['serve.Dockerfile']);
      assert.equal(r.code, 1, 'the remote script is a high finding');
      // From a subdirectory only changes under it count (and untracked files never do).
      fs.mkdirSync(path.join(ws, 'sub'));
      fs.writeFileSync(path.join(ws, 'sub', 'Dockerfile'), 'FROM python\n');
      const sub = await json(['--changed-since', 'HEAD'], path.join(ws, 'sub'));
      assert.deepEqual(sub.report.findings, []);
    });

    it('refuses a revision that looks like an option, and explains a git failure', async () => {
      const ws = workspace({ Dockerfile: 'FROM python\n' });
      const option = await run(['scan', '--changed-since=--output=/tmp/x'], { cwd: ws });
      assert.equal(option.code, 2);
      assert.match(option.stderr, /needs a git revision/);
      const notRepo = await run(['scan', '--changed-since', 'HEAD'], { cwd: ws });
      assert.equal(notRepo.code, 2);
      assert.match(notRepo.stderr, /git diff --name-only HEAD failed/);
    });
  });
});
