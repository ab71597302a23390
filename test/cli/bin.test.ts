// The installed command: after the build that `npm ci` runs (prepare), bin/mlsec.js and
// `npx mlsec` run the bundled CLI, and the package ships what they need.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { VERSION } from '../../src/cli/main';
import { createEngine } from '../../src/core';
import { EXAMPLE, REPO, removeWorkspaces, run, workspace } from './helpers';

const BIN = path.join(REPO, 'bin/mlsec.js');
const quietNpm = { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false', npm_config_fund: 'false', NO_COLOR: '1' };

function mlsec(args: string[], cwd = REPO) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: quietNpm, maxBuffer: 64 << 20 });
}

describe('mlsec as an installed command', function () {
  this.timeout(120_000);
  after(removeWorkspaces);

  before(() => {
    const build = spawnSync('npm', ['run', 'build'], { cwd: REPO, encoding: 'utf8', env: quietNpm });
    assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
  });

  it('prints its version', () => {
    const r = mlsec(['--version']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${VERSION}\n`);
  });

  it('scans a directory exactly as the in-process CLI does', async () => {
    const child = mlsec(['scan', path.relative(REPO, EXAMPLE), '--format', 'json']);
    const inProcess = await run(['scan', path.relative(REPO, EXAMPLE), '--format', 'json'], { cwd: REPO, engine: createEngine });
    assert.equal(child.stderr, inProcess.stderr);
    assert.equal(child.status, inProcess.code);
    assert.equal(child.stdout, inProcess.stdout);
  });

  it('exits 2 with a message and no stack trace on a usage error', () => {
    const r = mlsec(['scan', '--format', 'yaml']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^mlsec: --format must be one of text, json, sarif/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('ends quietly when its output pipe closes early', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`svc${i}/Dockerfile`] = 'FROM python:latest\nRUN curl -k https://example.com/x.sh | bash\nRUN pip install torch\n';
    const dir = workspace(files);
    const full = mlsec(['scan', '--fail-on', 'none'], dir);
    assert.ok(full.stdout.length > 256 * 1024, 'the report is larger than a pipe buffer');
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" scan --fail-on none | head -c 10 >/dev/null`], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  });

  it('runs as `npx mlsec scan DIR` from the repository', () => {
    const r = spawnSync('npx', ['--no-install', 'mlsec', 'scan', EXAMPLE, '--format', 'json', '--fail-on', 'none'], { cwd: REPO, encoding: 'utf8', env: quietNpm });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).root, EXAMPLE);
  });

  it('packs the command, its bundle and the configuration schema, and no sources', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', env: quietNpm });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const needed of ['package.json', 'bin/mlsec.js', 'dist/cli.js', 'schemas/mlsec-config.schema.json']) assert.ok(files.includes(needed), needed);
    assert.ok(!files.some((f) => /^(src|test|out|scripts)\//.test(f)), files.join(', '));
  });
});
