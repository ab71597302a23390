// The pre-commit hook, the GitHub Action and the CI recipes of docs/ci.md: every mlsec command
// they run uses options the CLI has, and the GitLab recipe works as written on the example.

import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO, removeWorkspaces, run, copyOf } from './helpers';

const ML_REPO = path.join(REPO, 'examples', 'ml-repo');

/** The long options of `mlsec scan --help`. */
async function scanOptions(): Promise<Set<string>> {
  const help = (await run(['scan', '--help'], { cwd: REPO })).stdout;
  return new Set([...help.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]));
}

/** The options of every `mlsec scan …` or `mlsec.js" scan …` / `node "$MLSEC" …` command in a text. */
function usedOptions(text: string): string[] {
  const lines = text.split('\n').filter((l) => /mlsec(\.js)?"? scan|"\$MLSEC"|args\+=|args=\(scan|check=\(scan|check\+=/.test(l));
  return lines
    .flatMap((l) => [...l.matchAll(/(?<![\w-])(--[a-z][a-z-]*)/g)].map((m) => m[1]))
    .filter((o) => !['--depth', '--branch', '--no-audit', '--no-fund', '--name-only', '--relative'].includes(o));
}

describe('CI and pre-commit integrations', function () {
  this.timeout(300000);
  after(removeWorkspaces);

  it('has a pre-commit hook that runs the changed-file mode', async () => {
    const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    for (const [id, language] of [
      ['mlsec', 'node'],
      ['mlsec-system', 'system'],
    ]) {
      const hook = hooks.find((h) => h.id === id)!;
      assert.equal(hook.entry, 'mlsec scan --files');
      assert.equal(hook.pass_filenames, true);
      assert.equal(hook.language, language);
    }
    assert.ok((await scanOptions()).has('--files'));
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.ok(pkg.bin.mlsec, "the entry names the package's bin");
  });

  it('has a composite action that uploads SARIF and fails on a threshold, with options the CLI has', async () => {
    const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default: string }>;
      runs: { using: string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] };
    };
    assert.equal(action.runs.using, 'composite');
    assert.equal(action.inputs['fail-on'].default, 'high');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload);
    assert.equal(upload.with?.sarif_file, '${{ inputs.sarif-file }}');
    const script = action.runs.steps.map((s) => s.run ?? '').join('\n');
    assert.match(script, /--fail-on "\$FAIL_ON"/);
    assert.ok(
      action.runs.steps.some((s) => /exit 1/.test(s.run ?? '')),
      'a step fails the job',
    );
    const known = await scanOptions();
    const used = usedOptions(script);
    assert.ok(used.includes('--format') && used.includes('--baseline'));
    for (const o of used) assert.ok(known.has(o), `action.yml uses ${o}, which mlsec scan does not have`);
  });

  it('documents only options the CLI has, and the GitLab recipe works as written on the example', async () => {
    const doc = fs.readFileSync(path.join(REPO, 'docs', 'ci.md'), 'utf8');
    const known = await scanOptions();
    const used = usedOptions(doc);
    assert.ok(used.length > 5);
    for (const o of used) assert.ok(known.has(o), `docs/ci.md uses ${o}, which mlsec scan does not have`);
    const ws = copyOf(ML_REPO);
    const gitlab = [...doc.matchAll(/- node \/tmp\/mlsec\/bin\/mlsec\.js (scan [^\n]*)/g)].map((m) => m[1].split(' '));
    assert.equal(gitlab.length, 3);
    const codes = [];
    for (const argv of gitlab) codes.push((await run(argv, { cwd: ws })).code);
    assert.deepEqual(codes, [0, 0, 1], 'the reports are written, then the threshold fails the job');
    const sast = JSON.parse(fs.readFileSync(path.join(ws, 'gl-sast-report.json'), 'utf8')) as { vulnerabilities: unknown[] };
    assert.ok(sast.vulnerabilities.length > 0);
    assert.match(fs.readFileSync(path.join(ws, 'mlsec-junit.xml'), 'utf8'), /<testcase /);
  });

  it('runs the hook from a clean clone with pre-commit try-repo', function () {
    if (!hasPreCommit()) {
      const root = typeof process.getuid === 'function' && process.getuid() === 0;
      const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
      if (!root || !apt) {
        console.log(`    skipped: pre-commit is not installed and cannot be (${!apt ? 'no apt-get' : 'not root'})`);
        this.skip();
      }
      console.log("    installing Debian's pre-commit with apt-get");
      const r = spawnSync('apt-get', ['install', '-y', '-q', 'pre-commit'], { encoding: 'utf8', timeout: 240000 });
      if (r.status !== 0 || !hasPreCommit()) {
        console.log(`    skipped: apt-get install pre-commit failed: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
        this.skip();
      }
    }
    const head = execFileSync('git', ['-C', REPO, 'ls-tree', 'HEAD', '.pre-commit-hooks.yaml'], { encoding: 'utf8' });
    if (!head.trim()) {
      console.log('    skipped: .pre-commit-hooks.yaml is not committed, and try-repo reads the committed tree');
      this.skip();
    }
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-precommit-'));
    try {
      for (const f of ['dvc.yaml', 'dvc.lock']) fs.copyFileSync(path.join(ML_REPO, f), path.join(ws, f));
      execFileSync('git', ['init', '-q'], { cwd: ws });
      execFileSync('git', ['add', '.'], { cwd: ws });
      // The system hook runs the mlsec on PATH: here, this checkout's bin.
      const bin = path.join(ws, '.bin');
      fs.mkdirSync(bin);
      fs.writeFileSync(path.join(bin, 'mlsec'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, 'bin', 'mlsec.js')}" "$@"\n`, { mode: 0o755 });
      const r = spawnSync('pre-commit', ['try-repo', REPO, 'mlsec-system', '--files', 'dvc.yaml', '--verbose'], {
        cwd: ws,
        encoding: 'utf8',
        timeout: 280000,
        env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, PRE_COMMIT_HOME: path.join(ws, '.cache') },
      });
      const out = `${r.stdout}\n${r.stderr}`;
      assert.match(out, /mlsec \(ML pipeline security\)/, out);
      // One stage is not locked, as in a full scan; a medium finding does not fail the commit.
      assert.equal((out.match(/provenance\/stage-not-locked/g) ?? []).length, 1, out);
      assert.equal(r.status, 0, out);
    } finally {
      fs.rmSync(ws, { recursive: true, force: true });
    }
  });
});

function hasPreCommit(): boolean {
  return spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
}
