// The scan command: golden reports, exit codes and --fail-on, --output, colours, usage and
// configuration errors, and the rules command.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../../src/cli/main';
import { Engine } from '../../src/core/engine';
import type { JsonReport } from '../../src/core/report/json';
import { createEngine } from '../../src/core';
import { assertGolden, EXAMPLE, normalise, REPO, removeWorkspaces, run, workspace } from './helpers';

const EXAMPLE_ARG = path.relative(REPO, EXAMPLE);
const DIGEST = '@sha256:2b0079146a74e23bb4ae8f6c89c5b1c2e0a1d6a4b6e58a2c1d49ff7c1f0b6e3a';
/** A Dockerfile with nothing to report. */
const CLEAN = `FROM python:3.12-slim${DIGEST}\nUSER 1000\n`;

describe('mlsec scan', () => {
  after(removeWorkspaces);

  describe('golden reports of the example repository', () => {
    for (const [format, file] of [
      ['text', 'example.txt'],
      ['json', 'example.json'],
      ['sarif', 'example.sarif'],
    ] as const) {
      it(`renders ${format}`, async () => {
        const r = await run(['scan', EXAMPLE_ARG, '--format', format, '--no-color'], { cwd: REPO });
        assert.equal(r.stderr, '');
        assert.equal(r.code, 1, 'the example has a critical finding');
        assertGolden(file, normalise(r.stdout, EXAMPLE, VERSION));
      });
    }

    it('reports the same findings in every format', async () => {
      const json = JSON.parse((await run(['scan', EXAMPLE_ARG, '--format', 'json'], { cwd: REPO })).stdout) as JsonReport;
      const sarif = JSON.parse((await run(['scan', EXAMPLE_ARG, '--format', 'sarif'], { cwd: REPO })).stdout);
      const text = (await run(['scan', EXAMPLE_ARG], { cwd: REPO })).stdout;
      const results = sarif.runs[0].results as {
        ruleId: string;
        suppressions?: unknown[];
        locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
      }[];
      const fromSarif = results
        .filter((r) => !r.suppressions)
        .map((r) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}:${r.locations[0].physicalLocation.region.startColumn} ${r.ruleId}`);
      const fromJson = json.findings.map((f) => `${f.location.file}:${f.location.line}:${f.location.column} ${f.ruleId}`);
      assert.deepEqual(fromSarif.sort(), [...fromJson].sort());
      for (const f of json.findings) assert.ok(text.includes(`${f.location.file}:${f.location.line}:${f.location.column}  ${f.severity}  ${f.message}  [${f.ruleId}]`));
      assert.equal(results.filter((r) => r.suppressions).length, json.suppressed.length);
    });

    it('gives the JSON positions both 1-based and 0-based', async () => {
      const json = JSON.parse((await run(['scan', EXAMPLE_ARG, '--format', 'json'], { cwd: REPO })).stdout) as JsonReport;
      assert.ok(json.findings.length > 0);
      for (const f of json.findings) {
        assert.equal(f.location.line, f.location.range.start.line + 1);
        assert.equal(f.location.column, f.location.range.start.character + 1);
        assert.equal(f.location.endLine, f.location.range.end.line + 1);
        const text = fs.readFileSync(path.join(EXAMPLE, f.location.file), 'utf8');
        const lines = text.split('\n');
        const offset = lines.slice(0, f.location.range.start.line).reduce((n, l) => n + l.length + 1, 0) + f.location.range.start.character;
        assert.equal(f.location.offset.start, offset, `${f.ruleId} offset`);
      }
      const counted = Object.values(json.summary.bySeverity).reduce((a, b) => a + b, 0);
      assert.equal(counted, json.findings.length);
    });
  });

  describe('exit codes', () => {
    const lowOnly = () => workspace({ Dockerfile: 'FROM python:3.12-slim\nUSER 1000\n' });

    it('exits 1 when a finding reaches the default threshold (high)', async () => {
      assert.equal((await run(['scan'], { cwd: EXAMPLE })).code, 1);
    });

    it('exits 0 with --fail-on none whatever is found', async () => {
      const r = await run(['scan', '--fail-on', 'none'], { cwd: EXAMPLE });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /critical/);
    });

    it('compares --fail-on with the worst finding', async () => {
      const dir = lowOnly();
      assert.equal((await run(['scan', '--fail-on', 'low'], { cwd: dir })).code, 1);
      assert.equal((await run(['scan', '--fail-on', 'medium'], { cwd: dir })).code, 0);
      assert.equal((await run(['scan', '--fail-on', 'critical'], { cwd: EXAMPLE })).code, 1);
      assert.equal((await run(['scan', '--fail-on', 'critical'], { cwd: dir })).code, 0);
    });

    it('exits 0 on a clean workspace and says so', async () => {
      const dir = workspace({ Dockerfile: CLEAN });
      const r = await run(['scan'], { cwd: dir });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^No problems found; 1 file scanned\n$/);
    });

    it('ignores suppressed findings for the exit code', async () => {
      const dir = workspace({ Dockerfile: `${CLEAN}# mlsec-ignore: transport/tls-verification-disabled -- internal mirror\nRUN curl -k https://m.internal/x.sh -o /tmp/x.sh\n` });
      const r = await run(['scan', '--format', 'json'], { cwd: dir });
      assert.equal(r.code, 0);
      const json = JSON.parse(r.stdout) as JsonReport;
      assert.equal(json.findings.length, 0);
      assert.equal(json.suppressed[0].suppression.reason, 'internal mirror');
    });

    it('exits 2 with a message for usage errors', async () => {
      for (const argv of [['scan', '--format', 'xml'], ['scan', '--fail-on', 'severe'], ['scan', '--bogus'], ['scan', '--max-file-size', 'lots'], ['scan', 'no/such/dir'], ['frobnicate'], []]) {
        const r = await run(argv, { cwd: EXAMPLE });
        assert.equal(r.code, 2, argv.join(' '));
        assert.match(r.stderr, /^(mlsec: |Usage: )/, argv.join(' '));
        assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
      }
    });

    it('exits 2 on an internal error, with a stack trace only under MLSEC_DEBUG=1', async () => {
      const broken = (): Engine => {
        throw new Error('engine exploded');
      };
      const r = await run(['scan'], { cwd: EXAMPLE, engine: broken });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mlsec: internal error: engine exploded\n/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const d = await run(['scan'], { cwd: EXAMPLE, engine: broken, env: { MLSEC_DEBUG: '1' } });
      assert.equal(d.code, 2);
      assert.match(d.stderr, /engine exploded\n\s+at /);
    });
  });

  describe('paths and options', () => {
    it('scans the given files relative to the current directory', async () => {
      const r = await run(['scan', '--format', 'json', 'serving/Dockerfile'], { cwd: EXAMPLE });
      const json = JSON.parse(r.stdout) as JsonReport;
      assert.equal(json.summary.files, 1);
      assert.ok(json.findings.every((f) => f.location.file === 'serving/Dockerfile'));
      assert.equal(json.root, EXAMPLE);
    });

    it('writes the report to --output and only a short line to standard output', async () => {
      const dir = workspace();
      const out = path.join(dir, 'report.json');
      const r = await run(['scan', EXAMPLE_ARG, '--format', 'json', '--output', out], { cwd: REPO });
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^mlsec: wrote the json report to .*report\.json \(\d+ findings\)\n$/);
      const direct = await run(['scan', EXAMPLE_ARG, '--format', 'json'], { cwd: REPO });
      assert.equal(fs.readFileSync(out, 'utf8'), direct.stdout);
      const quiet = await run(['scan', EXAMPLE_ARG, '--output', out, '--quiet'], { cwd: REPO });
      assert.equal(quiet.stdout, '');
      assert.doesNotMatch(fs.readFileSync(out, 'utf8'), /\u001b\[/, 'no colours in a file');
    });

    it('fails clearly when the report cannot be written', async () => {
      const r = await run(['scan', '--output', path.join(workspace(), 'missing', 'dir', 'r.txt')], { cwd: EXAMPLE });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mlsec: cannot write the report to /);
    });

    it('colours text only on a terminal without NO_COLOR or --no-color', async () => {
      assert.match((await run(['scan'], { cwd: EXAMPLE, tty: true })).stdout, /\u001b\[31m/);
      assert.doesNotMatch((await run(['scan'], { cwd: EXAMPLE, tty: false })).stdout, /\u001b\[/);
      assert.doesNotMatch((await run(['scan'], { cwd: EXAMPLE, tty: true, env: { NO_COLOR: '1' } })).stdout, /\u001b\[/);
      assert.doesNotMatch((await run(['scan', '--no-color'], { cwd: EXAMPLE, tty: true })).stdout, /\u001b\[/);
    });

    it('prints only findings with --quiet', async () => {
      const r = await run(['scan', '--quiet'], { cwd: EXAMPLE });
      assert.match(r.stdout, /\[secrets\/hardcoded-credential\]/);
      assert.doesNotMatch(r.stdout, /problems|scanned|Notes:/);
      assert.equal((await run(['scan', '--quiet'], { cwd: workspace({ Dockerfile: CLEAN }) })).stdout, '');
    });

    it('keeps terminal control sequences in file content out of the text report', async () => {
      const dir = workspace({ Dockerfile: 'FROM python:latest \u001b]0;pwned\u0007\u001b[2J\u202e\n' });
      const r = await run(['scan', '--no-color'], { cwd: dir });
      assert.doesNotMatch(r.stdout, /[\u001b\u0007\u202e]/);
      assert.match(r.stdout, /\ufffd\]0;pwned/);
    });

    it('prints help for the commands', async () => {
      const r = await run(['scan', '--help'], { cwd: EXAMPLE });
      assert.equal(r.code, 0);
      assert.match(r.stdout, /--fail-on SEVERITY\|none/);
      const top = await run(['--help'], { cwd: EXAMPLE });
      assert.match(top.stdout, /^Usage: mlsec <command>/);
      assert.match(top.stdout, /\n {2}scan {3}/);
      assert.equal((await run(['--version'], { cwd: EXAMPLE })).stdout, `${VERSION}\n`);
    });
  });

  describe('configuration', () => {
    it('applies .mlsec.yaml from the scanned root', async () => {
      const dir = workspace({
        '.mlsec.yaml': 'rules:\n  secrets/hardcoded-credential: off\n  transport/tls-verification-disabled: low\n',
        Dockerfile: `${CLEAN}RUN curl -k https://x.example.com/a.sh -o /tmp/a.sh\nENV K=AKIA2E0A8F3B244C9986\n`,
      });
      const json = JSON.parse((await run(['scan', dir, '--format', 'json'], { cwd: REPO })).stdout) as JsonReport;
      assert.deepEqual(
        json.findings.map((f) => `${f.ruleId} ${f.severity}`),
        ['transport/tls-verification-disabled low'],
      );
    });

    it('reports an unknown key with its location and exits 2', async () => {
      const dir = workspace({ '.mlsec.yaml': 'rules: {}\nignored:\n  - vendor/**\n', Dockerfile: 'FROM a\n' });
      const r = await run(['scan'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'mlsec: invalid configuration (1 error):\n.mlsec.yaml:2:1: error: unknown key "ignored" at the top level\n');
    });

    it('reports an unknown rule id with its location relative to the current directory', async () => {
      const dir = workspace({ 'repo/.mlsec.yaml': '# policy\nrules:\n  test/no-such-rule: off\n', 'repo/Dockerfile': CLEAN });
      const r = await run(['scan', 'repo'], { cwd: dir });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^mlsec: invalid configuration \(1 error\):\nrepo\/\.mlsec\.yaml:3:3: error: unknown rule id "test\/no-such-rule"\n$/);
    });

    it('reads --config instead of the root configuration', async () => {
      const dir = workspace({ '.mlsec.yaml': 'nonsense: true\n', 'strict.yaml': 'rules:\n  supply-chain/unpinned-image: high\n', Dockerfile: 'FROM python:3.12-slim\nUSER 1000\n' });
      const r = await run(['scan', '--config', 'strict.yaml', '--format', 'json'], { cwd: dir });
      assert.equal(r.code, 1);
      assert.equal((JSON.parse(r.stdout) as JsonReport).findings[0].severity, 'high');
      const bad = await run(['scan', '--config', 'strict.yaml'], { cwd: workspace({ 'strict.yaml': 'rules:\n  supply-chain/unpinned-image: loud\n' }) });
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /strict\.yaml:2:3: error: /);
      const missing = await run(['scan', '--config', 'none.yaml'], { cwd: dir });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /^mlsec: cannot read the configuration none\.yaml: /);
    });
  });

  describe('mlsec rules', () => {
    it('lists every rule with severity, formats and taxonomy', async () => {
      const r = await run(['rules'], { cwd: REPO });
      assert.equal(r.code, 0);
      assert.match(
        r.stdout,
        /^supply-chain\/unpinned-image +medium {4}Container image not pinned to a digest\n +formats: dockerfile, kubernetes, .*; fix: guided; STRIDE T; ATLAS AML\.T0010\.004; OWASP ML06\n/m,
      );
      assert.match(r.stdout, /mlsec\/invalid-suppression/);
    });

    it('lists the catalog as JSON', async () => {
      const r = await run(['rules', '--format', 'json'], { cwd: REPO });
      const json = JSON.parse(r.stdout) as { rules: { id: string; docs: string; severity: string }[] };
      assert.deepEqual(
        json.rules.map((x) => x.id),
        createEngine()
          .allMeta()
          .map((m) => m.id),
      );
      assert.match(json.rules[0].docs, /\/docs\/rules\/supply-chain\/unpinned-image\.md$/);
    });
  });
});
