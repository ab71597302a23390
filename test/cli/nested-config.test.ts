// Configuration for monorepos in `mlsec scan`: the nearest .mlsec.yaml above a file applies,
// `extends` layers a parent under it (paths relative to each file), and an extends that is a
// cycle, names a missing file or leads out of the workspace is a configuration error.

import * as assert from 'node:assert/strict';
import type { JsonReport } from '../../src/core/report/json';
import { removeWorkspaces, run, workspace } from './helpers';

const TLS = 'transport/tls-verification-disabled';
const DOCKERFILE = 'FROM python:3.12-slim\nRUN curl -k https://example.com/a.tgz -o /a.tgz\nUSER 1000\n';

async function scan(cwd: string): Promise<{ code: number; report?: JsonReport; stderr: string }> {
  const r = await run(['scan', '--format', 'json', '--fail-on', 'none'], { cwd });
  return { code: r.code, report: r.code === 2 ? undefined : (JSON.parse(r.stdout) as JsonReport), stderr: r.stderr };
}
const tls = (r: JsonReport | undefined) =>
  (r?.findings ?? [])
    .filter((f) => f.ruleId === TLS)
    .map((f) => `${f.location.file}:${f.severity}`)
    .sort();

describe('mlsec scan: nested configuration', () => {
  after(removeWorkspaces);

  it('applies the nearest .mlsec.yaml above each file, and the root one elsewhere', async () => {
    const ws = workspace({
      '.mlsec.yaml': `rules:\n  ${TLS}: low\n`,
      Dockerfile: DOCKERFILE,
      'pkg/a/.mlsec.yaml': `rules:\n  ${TLS}: off\n`,
      'pkg/a/Dockerfile': DOCKERFILE,
      'pkg/a/deep/Dockerfile': DOCKERFILE,
      'pkg/b/Dockerfile': DOCKERFILE,
    });
    const r = await scan(ws);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(tls(r.report), ['Dockerfile:low', 'pkg/b/Dockerfile:low']);
  });

  it('layers what a file extends under it: rules merged, child wins, globs relative to each file', async () => {
    const ws = workspace({
      'base/mlsec-base.yaml': `rules:\n  ${TLS}: medium\nignore:\n  - "skip/**"\n`,
      'svc/.mlsec.yaml': `extends: ../base/mlsec-base.yaml\nrules:\n  ${TLS}: critical\nignore:\n  - "gen/**"\n`,
      'svc/Dockerfile': DOCKERFILE,
      'svc/gen/Dockerfile': DOCKERFILE,
      'base/skip/Dockerfile': DOCKERFILE,
      'svc/skip/Dockerfile': DOCKERFILE,
      'other/.mlsec.yaml': 'extends: ../base/mlsec-base.yaml\n',
      'other/Dockerfile': DOCKERFILE,
    });
    const r = await scan(ws);
    assert.equal(r.code, 0, r.stderr);
    // svc/gen is ignored by svc's own glob; base's "skip/**" is relative to base/, so svc/skip is scanned.
    assert.deepEqual(tls(r.report), ['base/skip/Dockerfile:high', 'other/Dockerfile:medium', 'svc/Dockerfile:critical', 'svc/skip/Dockerfile:critical']);
  });

  it('applies the suppressions of a nested file to its files, globs relative to it', async () => {
    const ws = workspace({
      'pkg/.mlsec.yaml': `suppressions:\n  - rule: ${TLS}\n    path: Dockerfile\n    reason: private CA\n    by: platform\n`,
      'pkg/Dockerfile': DOCKERFILE,
      Dockerfile: DOCKERFILE,
    });
    const r = await scan(ws);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(tls(r.report), ['Dockerfile:high']);
    assert.deepEqual(
      r.report!.suppressed.map((s) => `${s.location.file}<-${s.suppression.location.file}`),
      ['pkg/Dockerfile<-pkg/.mlsec.yaml'],
    );
  });

  it('refuses an extends cycle with the chain', async () => {
    const ws = workspace({ 'a/.mlsec.yaml': 'extends: ../b/.mlsec.yaml\n', 'b/.mlsec.yaml': 'extends: ../a/.mlsec.yaml\n', 'a/Dockerfile': DOCKERFILE });
    const r = await scan(ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /makes a cycle \(a\/\.mlsec\.yaml → b\/\.mlsec\.yaml → a\/\.mlsec\.yaml\)/);
  });

  it('refuses a missing parent, at the extends key', async () => {
    const ws = workspace({ 'a/.mlsec.yaml': 'rules: {}\nextends: ../nope.yaml\n', 'a/Dockerfile': DOCKERFILE });
    const r = await scan(ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a\/\.mlsec\.yaml:2:1: error: extends \.\.\/nope\.yaml: nope\.yaml was not read: there is no such file/);
  });

  it('never reads a configuration outside the workspace: an extends leading out is refused', async () => {
    const outside = workspace({ 'evil.yaml': `rules:\n  ${TLS}: off\n` });
    const ws = workspace({ '.mlsec.yaml': `extends: ../${outside.split('/').pop()}/evil.yaml\n`, Dockerfile: DOCKERFILE });
    const r = await scan(ws);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /extends \.\.\/.*evil\.yaml was not read: it leads out of the workspace/);
  });
});
