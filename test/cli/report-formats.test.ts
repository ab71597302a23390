// The GitLab SAST (schema 15.x) and JUnit XML reports, and --severity on every format.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JsonReport } from '../../src/core/report/json';
import { xmlEscape } from '../../src/core/report/junit';
import { REPO, removeWorkspaces, run, workspace } from './helpers';

const ML_REPO = path.join(REPO, 'examples', 'ml-repo');
const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Info', 'Unknown'];

interface GitlabReport {
  version: string;
  scan: Record<string, unknown> & { analyzer: Record<string, unknown>; scanner: Record<string, unknown> };
  vulnerabilities: (Record<string, unknown> & { identifiers: Record<string, unknown>[]; location: Record<string, unknown> })[];
}

describe('mlsec scan report formats', () => {
  after(removeWorkspaces);

  it('writes a GitLab SAST report with every required field, one vulnerability per finding', async () => {
    const json = JSON.parse((await run(['scan', '--format', 'json'], { cwd: ML_REPO })).stdout) as JsonReport;
    const r = await run(['scan', '--format', 'gitlab-sast'], { cwd: ML_REPO });
    assert.equal(r.stderr, '');
    const g = JSON.parse(r.stdout) as GitlabReport;
    assert.match(g.version, /^15\.\d+\.\d+$/);
    for (const part of [g.scan.analyzer, g.scan.scanner]) {
      for (const key of ['id', 'name', 'version']) assert.equal(typeof part[key], 'string', key);
      assert.equal(typeof (part.vendor as { name: string }).name, 'string');
    }
    assert.equal(g.scan.type, 'sast');
    assert.equal(g.scan.status, 'success');
    for (const key of ['start_time', 'end_time']) assert.match(String(g.scan[key]), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, key);
    assert.equal(g.vulnerabilities.length, json.findings.length);
    assert.ok(g.vulnerabilities.length > 0);
    const ids = new Set<string>();
    g.vulnerabilities.forEach((v, i) => {
      const f = json.findings[i];
      assert.equal(typeof v.id, 'string');
      ids.add(v.id as string);
      assert.ok(SEVERITIES.includes(v.severity as string));
      assert.equal(v.severity, f.severity[0].toUpperCase() + f.severity.slice(1));
      assert.equal(typeof v.name, 'string');
      assert.ok((v.description as string).startsWith(f.message));
      assert.ok(v.identifiers.length >= 1);
      for (const id of v.identifiers) for (const key of ['type', 'name', 'value']) assert.equal(typeof id[key], 'string', key);
      assert.equal(v.identifiers[0].value, f.ruleId);
      assert.deepEqual([v.location.file, v.location.start_line], [f.location.file, f.location.line]);
    });
    assert.equal(ids.size, g.vulnerabilities.length, 'ids are unique');
    const again = JSON.parse((await run(['scan', '--format', 'gitlab-sast'], { cwd: ML_REPO })).stdout) as GitlabReport;
    assert.deepEqual(
      again.vulnerabilities.map((v) => v.id),
      g.vulnerabilities.map((v) => v.id),
      'ids are stable',
    );
  });

  it('writes JUnit XML with one failed test case per finding, escaped', async () => {
    const ws = workspace({ 'a&b.Dockerfile': 'FROM python\nUSER 1000\nENV API_TOKEN="<x>&\'y\'"\n' });
    const json = JSON.parse((await run(['scan', '--format', 'json'], { cwd: ws })).stdout) as JsonReport;
    const r = await run(['scan', '--format', 'junit'], { cwd: ws });
    assert.ok(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mlsec"'));
    const cases = r.stdout.match(/<testcase /g) ?? [];
    assert.equal(cases.length, json.findings.length);
    assert.ok(cases.length >= 2);
    assert.match(r.stdout, new RegExp(`<testsuite name="mlsec scan" tests="${cases.length}" failures="${cases.length}"`));
    assert.ok(r.stdout.includes('name="a&amp;b.Dockerfile:1:6"'));
    assert.ok(!/&(?!amp;|lt;|gt;|quot;|apos;)/.test(r.stdout), 'every ampersand is an entity');
    // Everything between tags is free of raw markup characters.
    for (const text of r.stdout.split(/<[^>]*>/)) assert.ok(!/[<>]/.test(text), text);
    assert.equal(xmlEscape('a<b>&"\'\u0001'), 'a&lt;b&gt;&amp;&quot;&apos;\ufffd');
  });

  it('filters every format with --severity', async () => {
    const all = JSON.parse((await run(['scan', '--format', 'json'], { cwd: ML_REPO })).stdout) as JsonReport;
    const high = all.findings.filter((f) => f.severity === 'critical' || f.severity === 'high');
    assert.ok(high.length > 0 && high.length < all.findings.length);
    const json = JSON.parse((await run(['scan', '--format', 'json', '--severity', 'high'], { cwd: ML_REPO })).stdout) as JsonReport;
    assert.deepEqual(json.findings, high);
    const sarif = JSON.parse((await run(['scan', '--format', 'sarif', '--severity', 'high'], { cwd: ML_REPO })).stdout);
    assert.equal((sarif.runs[0].results as { suppressions?: unknown }[]).filter((x) => !x.suppressions).length, high.length);
    const g = JSON.parse((await run(['scan', '--format', 'gitlab-sast', '--severity', 'high'], { cwd: ML_REPO })).stdout) as GitlabReport;
    assert.equal(g.vulnerabilities.length, high.length);
    const junit = (await run(['scan', '--format', 'junit', '--severity', 'high'], { cwd: ML_REPO })).stdout;
    assert.equal((junit.match(/<testcase /g) ?? []).length, high.length);
    const text = (await run(['scan', '--severity', 'high', '--no-color'], { cwd: ML_REPO })).stdout;
    assert.match(text, new RegExp(`^${high.length} problems`, 'm'));
    const bad = await run(['scan', '--severity', 'urgent'], { cwd: ML_REPO });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--severity must be one of critical, high, medium, low, info/);
  });
});
