// Hostile workspaces: every bad file gets a clear note, nothing crashes or hangs, and the rest of
// the workspace is still scanned.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonReport } from '../../src/core/report/json';
import { removeWorkspaces, run, workspace } from './helpers';

/** A file with a finding that must be reported whatever else is in the workspace. */
const GOOD = { 'good/Dockerfile': 'FROM python:latest\nUSER 1000\n' };

async function scan(dir: string, ...args: string[]): Promise<JsonReport> {
  const r = await run(['scan', '--format', 'json', '--fail-on', 'none', ...args], { cwd: dir });
  assert.equal(r.stderr, '');
  assert.equal(r.code, 0);
  return JSON.parse(r.stdout) as JsonReport;
}

function assertGoodScanned(report: JsonReport): void {
  assert.ok(
    report.findings.some((f) => f.location.file === 'good/Dockerfile'),
    'the rest of the workspace is still scanned',
  );
}

function noteFor(report: JsonReport, file: string, pattern: RegExp) {
  const note = report.notes.find((n) => n.file === file && pattern.test(n.message));
  assert.ok(note, `expected a note on ${file} matching ${pattern}; notes: ${JSON.stringify(report.notes)}`);
  return note;
}

describe('hostile input', () => {
  after(removeWorkspaces);

  it('reads an empty Dockerfile without findings or errors', async () => {
    const report = await scan(workspace({ ...GOOD, Dockerfile: '' }));
    assert.ok(!report.findings.some((f) => f.location.file === 'Dockerfile' && f.severity === 'critical'));
    assert.ok(!report.notes.some((n) => n.level === 'error'));
    assertGoodScanned(report);
  });

  it('skips a binary file named Dockerfile with a note', async () => {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    const report = await scan(workspace({ ...GOOD, Dockerfile: bytes }));
    noteFor(report, 'Dockerfile', /binary/);
    assert.ok(!report.findings.some((f) => f.location.file === 'Dockerfile'));
    assertGoodScanned(report);
  });

  describe('a 50 MB Dockerfile', () => {
    let dir: string;
    before(() => {
      dir = workspace(GOOD);
      // A real instruction first, then 50 MB of comment lines.
      const line = `# ${'x'.repeat(1021)}\n`;
      const fd = fs.openSync(path.join(dir, 'Dockerfile'), 'w');
      fs.writeSync(fd, 'FROM python:latest\n');
      const block = line.repeat(1024);
      for (let i = 0; i < 50; i++) fs.writeSync(fd, block);
      fs.closeSync(fd);
    });

    it('is skipped with a note over the default size limit', async () => {
      const report = await scan(dir);
      noteFor(report, 'Dockerfile', /over the \d+-byte size limit/);
      assert.ok(!report.files.includes('Dockerfile') || !report.findings.some((f) => f.location.file === 'Dockerfile'));
      assertGoodScanned(report);
    });

    it('is analysed under a raised --max-file-size', async () => {
      const report = await scan(dir, '--max-file-size', '64MiB');
      assert.ok(!report.notes.some((n) => n.file === 'Dockerfile' && /size limit/.test(n.message)));
      assert.ok(
        report.findings.some((f) => f.location.file === 'Dockerfile' && f.location.line === 1),
        'the first instruction is analysed',
      );
      assertGoodScanned(report);
    });
  });

  it('reads invalid UTF-8 with replacement characters and says so', async () => {
    const bytes = Buffer.concat([Buffer.from('FROM python:latest\n# caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from('\nUSER 1000\n')]);
    const report = await scan(workspace({ ...GOOD, Dockerfile: bytes }));
    noteFor(report, 'Dockerfile', /invalid UTF-8/);
    assert.ok(
      report.findings.some((f) => f.location.file === 'Dockerfile'),
      'the file is still analysed',
    );
    assertGoodScanned(report);
  });

  it('survives an unterminated heredoc', async () => {
    const report = await scan(workspace({ ...GOOD, Dockerfile: 'FROM python:latest\nRUN <<EOF\napt-get update\ncurl -k https://x -o y\n' }));
    assert.ok(report.files.includes('Dockerfile'));
    noteFor(report, 'Dockerfile', /unterminated/);
    assert.ok(!report.notes.some((n) => /reader failed|Rule .* failed/.test(n.message)), JSON.stringify(report.notes));
    assert.ok(
      report.findings.some((f) => f.location.file === 'Dockerfile' && f.location.line === 1),
      'the instructions before it are analysed',
    );
    assertGoodScanned(report);
  });

  it('does not follow a directory symlink back to its parent', async () => {
    const dir = workspace(GOOD);
    fs.symlinkSync('..', path.join(dir, 'good', 'loop'));
    const report = await scan(dir);
    noteFor(report, 'good/loop', /symlink loop|already scanned/);
    assert.equal(report.files.filter((f) => f.endsWith('Dockerfile')).length, 1, 'each file is read once');
    assertGoodScanned(report);
  });

  it('does not leave the workspace through symlinks', async () => {
    const outside = workspace({ Dockerfile: 'FROM outside:latest\n', 'nested/Dockerfile': 'FROM outside:latest\n' });
    const dir = workspace(GOOD);
    fs.symlinkSync(path.join(outside, 'nested'), path.join(dir, 'linked-dir'));
    fs.symlinkSync(path.join(outside, 'Dockerfile'), path.join(dir, 'Dockerfile'));
    const report = await scan(dir);
    noteFor(report, 'linked-dir', /outside the workspace/);
    noteFor(report, 'Dockerfile', /outside the workspace/);
    assert.ok(!report.findings.some((f) => /outside/.test(f.message)));
    assertGoodScanned(report);
  });

  it('handles a file it may not read', async () => {
    const dir = workspace({ ...GOOD, Dockerfile: 'FROM python:latest\n' });
    fs.chmodSync(path.join(dir, 'Dockerfile'), 0o000);
    const report = await scan(dir);
    if (process.getuid?.() === 0) {
      // Root reads regardless of permission bits, so the file is analysed like any other.
      assert.ok(report.findings.some((f) => f.location.file === 'Dockerfile'));
    } else {
      noteFor(report, 'Dockerfile', /cannot read/);
    }
    assertGoodScanned(report);
  });

  it('does not read from a named pipe', async function () {
    const dir = workspace(GOOD);
    const fifo = spawnSync('mkfifo', [path.join(dir, 'Dockerfile')]);
    if (fifo.status !== 0) {
      console.log('    skipped: mkfifo is not available');
      this.skip();
    }
    const report = await scan(dir);
    assert.ok(!report.findings.some((f) => f.location.file === 'Dockerfile'));
    assertGoodScanned(report);
    const direct = await run(['scan', 'Dockerfile'], { cwd: dir });
    assert.equal(direct.code, 2);
    assert.equal(direct.stderr, 'mlsec: not a regular file or directory: Dockerfile\n');
  });

  it('stops on a YAML alias bomb in .mlsec.yaml with its location, without expanding it', async () => {
    const names = 'abcdefghij';
    let bomb = 'x-bomb:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < names.length; i++)
      bomb += `  ${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(',')}]\n`;
    bomb += 'rules: *j\n';
    const dir = workspace({ ...GOOD, '.mlsec.yaml': bomb });
    const r = await run(['scan'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^mlsec: invalid configuration \(1 error\):\n\.mlsec\.yaml:3:\d+: error: YAML: .*alias.*\n$/);
  });
});
