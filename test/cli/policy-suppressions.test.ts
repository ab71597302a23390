// Policy-level suppressions in .mlsec.yaml (rule, glob, fingerprint, reason, who, expiry) and
// --no-inline-suppressions / inlineSuppressions: false, through the scan command.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { parseConfig } from '../../src/core/config';
import type { Baseline } from '../../src/core/report/baseline';
import type { JsonReport } from '../../src/core/report/json';
import { removeWorkspaces, run, workspace } from './helpers';

const TLS = 'transport/tls-verification-disabled';
const DOCKERFILE = 'FROM python:3.12-slim\nRUN curl -k https://example.com/a.tgz -o /a.tgz\nRUN curl -k https://example.com/b.tgz -o /b.tgz\nUSER 1000\n';

async function json(argv: string[], cwd: string): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const r = await run(['scan', ...argv, '--format', 'json'], { cwd });
  return { code: r.code, report: r.code === 2 ? (undefined as unknown as JsonReport) : (JSON.parse(r.stdout) as JsonReport), stderr: r.stderr };
}

const entry = (extra: string) => `suppressions:\n  - rule: ${TLS}\n    path: "*Dockerfile"\n    reason: the mirror has a private CA baked into the base image\n    by: platform-team\n${extra}`;

describe('policy-level suppressions', () => {
  after(removeWorkspaces);

  it('suppresses a rule in the files a glob matches, saying why and who', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, '.mlsec.yaml': entry('    expires: "2999-12-31"\n') });
    const r = await json([], ws);
    assert.equal(r.stderr, '');
    assert.ok(!r.report.findings.some((f) => f.ruleId === TLS));
    const hidden = r.report.suppressed.filter((s) => s.ruleId === TLS);
    assert.equal(hidden.length, 2);
    assert.match(hidden[0].suppression.reason, /private CA .*\(by platform-team, until 2999-12-31\)/);
    assert.equal(hidden[0].suppression.location.file, '.mlsec.yaml');
    assert.equal(hidden[0].suppression.location.offset.start, entry('').indexOf('rule:'), 'at the entry');
  });

  it('reports an expired entry in .mlsec.yaml and stops suppressing with it', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE, '.mlsec.yaml': entry('    expires: "2001-01-31"\n') });
    const r = await json([], ws);
    assert.equal(r.report.findings.filter((f) => f.ruleId === TLS).length, 2);
    const expired = r.report.findings.filter((f) => f.ruleId === 'mlsec/invalid-suppression');
    assert.equal(expired.length, 1);
    assert.equal(expired[0].location.file, '.mlsec.yaml');
    assert.equal(expired[0].location.line, 2);
    assert.match(expired[0].message, /expired on 2001-01-31/);
  });

  it('suppresses only the finding a fingerprint names', async () => {
    const ws = workspace({ Dockerfile: DOCKERFILE });
    await run(['scan', '--write-baseline', 'b.json'], { cwd: ws });
    const baseline = JSON.parse(fs.readFileSync(path.join(ws, 'b.json'), 'utf8')) as Baseline;
    const second = baseline.entries.find((e) => e.ruleId === TLS && e.line === 3)!;
    fs.writeFileSync(path.join(ws, '.mlsec.yaml'), entry(`    fingerprint: "${second.fingerprint}"\n`));
    const r = await json([], ws);
    assert.deepEqual(
      r.report.findings.filter((f) => f.ruleId === TLS).map((f) => f.location.line),
      [2],
    );
    assert.deepEqual(
      r.report.suppressed.map((s) => s.location.line),
      [3],
    );
  });

  it('refuses entries without a reason or who, with an unknown rule, or with a bad date', async () => {
    const cases: [string, RegExp][] = [
      [`suppressions:\n  - { rule: ${TLS}, path: Dockerfile, by: me }\n`, /must have required property 'reason'/],
      [`suppressions:\n  - { rule: ${TLS}, path: Dockerfile, reason: ok }\n`, /must have required property 'by'/],
      ['suppressions:\n  - { rule: nope/nothing, path: Dockerfile, reason: ok, by: me }\n', /unknown rule id "nope\/nothing" in suppressions/],
      [`suppressions:\n  - { rule: ${TLS}, path: Dockerfile, reason: ok, by: me, expires: "2025-13-45" }\n`, /is not a date/],
      [`suppressions:\n  - { rule: ${TLS}, path: Dockerfile, reason: ok, by: me, expires: tomorrow }\n`, /must match pattern/],
    ];
    for (const [yaml, expected] of cases) {
      const ws = workspace({ Dockerfile: DOCKERFILE, '.mlsec.yaml': yaml });
      const r = await run(['scan'], { cwd: ws });
      assert.equal(r.code, 2, yaml);
      assert.match(r.stderr, expected);
    }
  });

  it('with --no-inline-suppressions or inlineSuppressions: false, reports comment suppressions and what they hid', async () => {
    const commented = DOCKERFILE.replace('RUN curl -k https://example.com/a.tgz', `# mlsec-ignore: ${TLS} -- fine\nRUN curl -k https://example.com/a.tgz`);
    const ws = workspace({ Dockerfile: commented });
    const plain = await json([], ws);
    assert.equal(plain.report.suppressed.length, 1);
    for (const [argv, config] of [
      [['--no-inline-suppressions'], undefined],
      [[], 'inlineSuppressions: false\n'],
    ] as const) {
      if (config) fs.writeFileSync(path.join(ws, '.mlsec.yaml'), config);
      const r = await json([...argv], ws);
      assert.deepEqual(r.report.suppressed, []);
      assert.equal(r.report.findings.filter((f) => f.ruleId === TLS).length, 2);
      const comment = r.report.findings.filter((f) => f.ruleId === 'mlsec/invalid-suppression');
      assert.equal(comment.length, 1);
      assert.equal(comment[0].location.line, 2);
      assert.match(comment[0].message, /Suppression comments are turned off/);
    }
  });

  it('reads the keys into the configuration, and the schema accepts a full entry', () => {
    const known = createEngine().knownRuleIds();
    const { config, errors } = parseConfig(`inlineSuppressions: false\n${entry('    fingerprint: "0123456789abcdef0123456789abcdef:1"\n    expires: "2030-01-01"\n')}`, known);
    assert.deepEqual(errors, []);
    assert.equal(config.inlineSuppressions, false);
    assert.equal(config.suppressions?.length, 1);
    assert.equal(config.suppressions![0].fingerprint, '0123456789abcdef0123456789abcdef:1');
    assert.equal(typeof config.suppressions![0].start, 'number');
    const bad = parseConfig('inlineSuppressions: "no"\nsuppressions: {}\n', known);
    assert.deepEqual(bad.errors.map((e) => e.message).sort(), ['"inlineSuppressions" must be boolean', '"suppressions" must be array']);
  });
});
