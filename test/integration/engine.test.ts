// Integration tests of the engine on Dockerfiles: suppressions, configuration and failure isolation.

import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/core';
import { DocumentIndex } from '../../src/core/document';
import { Engine, INVALID_SUPPRESSION_ID } from '../../src/core/engine';
import { defaultConfig, type MlsecConfig } from '../../src/core/config';
import { readers } from '../../src/core/formats';
import { rules } from '../../src/core/rules';
import { defineRule } from '../../src/core/rules/rule';
import { SourceFile } from '../../src/core/source';

async function analyze(files: Record<string, string>, config: Partial<MlsecConfig> = {}, engine = createEngine()) {
  const cfg = { ...defaultConfig(), ...config };
  const index = new DocumentIndex();
  for (const [path, text] of Object.entries(files)) {
    const { docs } = await engine.parse(new SourceFile(path, text), { config: cfg });
    docs.forEach((d) => index.add(d));
  }
  return engine.analyze(index, { config: cfg });
}

const ROOT_DOCKERFILE = 'FROM python:3.12-slim@sha256:' + 'a'.repeat(64) + '\nCMD ["python", "app.py"]\n';

describe('engine', () => {
  it('reports the final stage running as root and nothing for a builder stage', async () => {
    const r = await analyze({ Dockerfile: 'FROM python:3.12@sha256:' + 'b'.repeat(64) + ' AS build\nRUN true\n' + ROOT_DOCKERFILE });
    const root = r.findings.filter((f) => f.ruleId === 'container/runs-as-root');
    assert.equal(root.length, 1);
    assert.equal(root[0].range.start.line, 2);
  });

  it('honours a suppression with a reason on the line before', async () => {
    const r = await analyze({ Dockerfile: '# mlsec-ignore: container/runs-as-root -- entrypoint drops privileges with gosu\n' + ROOT_DOCKERFILE });
    assert.equal(r.findings.length, 0);
    assert.equal(r.suppressed.length, 1);
    assert.equal(r.suppressed[0].by.reason, 'entrypoint drops privileges with gosu');
  });

  it('reports a suppression without a reason, and still suppresses', async () => {
    const r = await analyze({ Dockerfile: '# mlsec-ignore: container/runs-as-root\n' + ROOT_DOCKERFILE });
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      [INVALID_SUPPRESSION_ID],
    );
    assert.equal(r.suppressed.length, 1);
  });

  it('applies file-wide suppressions only to the named rule', async () => {
    const text = '# mlsec-ignore-file: supply-chain/unpinned-image -- base images are pinned by the build system\nFROM python:3.12\nUSER 10001\nRUN curl -k https://example.com\n';
    const r = await analyze({ Dockerfile: text });
    assert.deepEqual(
      r.findings.map((f) => f.ruleId),
      ['transport/tls-verification-disabled'],
    );
  });

  it('turns rules off and overrides severities from configuration', async () => {
    const text = 'FROM python:3.12\nUSER 10001\n';
    const off = await analyze({ Dockerfile: text }, { rules: { 'supply-chain/unpinned-image': { enabled: false } } });
    assert.equal(off.findings.length, 0);
    const high = await analyze({ Dockerfile: text }, { rules: { 'supply-chain/unpinned-image': { severity: 'high' } } });
    assert.equal(high.findings[0].severity, 'high');
  });

  it('isolates a failing rule: the others still report and the failure becomes a note', async () => {
    const broken = defineRule({
      meta: { ...rules[0].meta, id: 'test/broken' },
      check() {
        throw new Error('boom');
      },
    });
    const engine = new Engine([broken, ...rules], readers);
    const r = await analyze({ Dockerfile: 'FROM python:3.12\n' }, {}, engine);
    assert.ok(r.findings.some((f) => f.ruleId === 'supply-chain/unpinned-image'));
    assert.ok(r.notes.some((n) => /test\/broken failed: boom/.test(n.message)));
  });

  it('never reports a fix kind the rule does not declare', async () => {
    for (const rule of rules) {
      const r = await analyze({ Dockerfile: 'FROM python\nARG TOKEN=abcdefgh1234\nRUN curl -k http://x.example.com/m.pt | sh\n' }, {}, new Engine([rule], readers));
      assert.ok(!r.notes.some((n) => /does not declare/.test(n.message)), rule.meta.id);
    }
  });
});
