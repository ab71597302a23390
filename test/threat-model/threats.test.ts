// Threats from templates: which targets they apply to, statuses from findings and controls
// (open, mitigated, needs review), suppressions, stable ids, and complete template metadata.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildThreatModel } from '../../src/core/threat-model';
import { stableId } from '../../src/core/threat-model/ids';
import type { Threat, ThreatModel } from '../../src/core/threat-model/model';
import { TEMPLATES } from '../../src/core/threat-model/templates';
import { churnScenario, DOCKERFILE, KFP } from './fixtures';

function threat(m: ThreatModel, template: string, targetName: string): Threat {
  const names = new Map([...m.elements.map((e) => [e.id, e.name] as const)]);
  const found = m.threats.filter(
    (t) => t.template === template && (names.get(t.targets[0]) === targetName || (t.targetType === 'flow' && [t.targets[1], t.targets[2]].map((x) => names.get(x)).join(' → ') === targetName)),
  );
  assert.equal(found.length, 1, `expected one ${template} threat on ${targetName}, found ${found.length}`);
  return found[0];
}

const SHARED = path.resolve(__dirname, '../../../../shared');

describe('threat evaluation', () => {
  const s = churnScenario();
  const m = buildThreatModel({ facts: s.facts, findings: s.findings });

  it('opens a threat with the findings that make it concrete', () => {
    const t = threat(m, 'supply-chain.image-substitution', `Docker Hub → ${DOCKERFILE}`);
    assert.equal(t.status, 'open');
    assert.deepEqual(
      t.findings.map((f) => [f.ruleId, f.loc.file, f.range.start.line]),
      [['supply-chain/unpinned-image', DOCKERFILE, 0]],
    );
    assert.deepEqual(t.stride, ['T']);
    assert.deepEqual(t.atlas, ['AML.T0010.004']);
    assert.deepEqual(t.owasp, ['ML06']);
  });

  it('mitigates the threat once the finding is fixed, with the control as evidence', () => {
    const fixed = churnScenario({ baseImageDigest: true });
    const m2 = buildThreatModel({ facts: fixed.facts, findings: fixed.findings });
    const t = threat(m2, 'supply-chain.image-substitution', `Docker Hub → ${DOCKERFILE}`);
    assert.equal(t.status, 'mitigated');
    assert.equal(t.id, threat(m, 'supply-chain.image-substitution', `Docker Hub → ${DOCKERFILE}`).id, 'the id survives the fix');
    assert.deepEqual(t.findings, []);
    assert.equal(t.mitigations[0].kind, 'digest-pinned');
    const loc = t.mitigations[0].loc!;
    assert.match(fixed.files.texts[loc.file].slice(loc.start, loc.end), /^python:3\.11-slim@sha256:/);
    assert.equal(m2.summary.threats.open, m.summary.threats.open - 1);
  });

  it('marks a threat for review when neither a finding nor a control decides it', () => {
    const t = threat(m, 'ml.membership-inference', 'churn');
    assert.equal(t.status, 'needs-review');
    assert.equal(t.computedStatus, 'needs-review');
  });

  it('mitigates from controls in the manifests: non-root, no escalation, limits, secret references', () => {
    assert.equal(threat(m, 'stride.process.elevation-of-privilege', 'churn').status, 'mitigated');
    assert.deepEqual(
      threat(m, 'stride.process.elevation-of-privilege', 'churn').mitigations.map((c) => c.kind),
      ['non-root', 'no-privilege-escalation'],
    );
    assert.equal(threat(m, 'ml.inference-dos', 'churn').status, 'mitigated');
    const secrets = m.threats.find((t) => t.template === 'stride.process.information-disclosure' && t.title === 'Credentials of train exposed')!;
    assert.equal(secrets.status, 'mitigated');
    assert.equal(secrets.mitigations[0].kind, 'secret-reference');
  });

  it('carries findings from the Dockerfile that builds a step’s image to the step', () => {
    const t = m.threats.find((x) => x.template === 'stride.process.elevation-of-privilege' && x.title === 'Container escape from train')!;
    assert.equal(t.status, 'open');
    assert.deepEqual(
      t.findings.map((f) => [f.ruleId, f.loc.file]),
      [['container/runs-as-root', DOCKERFILE]],
    );
  });

  it('opens the unsafe-deserialization threat on the serving flow through the model join', () => {
    const t = m.threats.find((x) => x.template === 'ml.unsafe-deserialization' && x.title.startsWith('churn'))!;
    assert.equal(t.status, 'open');
    assert.equal(t.severity, 'critical');
    assert.deepEqual(t.cwe, ['CWE-502']);
  });

  it('keeps a suppressed finding visible but does not count it as open', () => {
    const f = s.findings.find((x) => x.ruleId === 'transport/plaintext-http')!;
    const m2 = buildThreatModel({ facts: s.facts, findings: s.findings.filter((x) => x !== f), suppressed: [{ finding: f, by: { reason: 'cluster-internal service' } }] });
    const t = m2.threats.find((x) => x.template === 'stride.flow.tampering' && x.findings.some((y) => y.ruleId === 'transport/plaintext-http'))!;
    assert.equal(t.status, 'needs-review');
    assert.equal(t.findings[0].suppressed, 'cluster-internal service');
    assert.ok(m2.findings.some((x) => x.suppressed === 'cluster-internal service' && x.targets.length > 0));
  });

  it('derives threat ids from the template and the target only', () => {
    for (const t of m.threats) assert.equal(t.id, stableId('th', t.template, t.targets[0]));
    assert.equal(new Set(m.threats.map((t) => t.id)).size, m.threats.length);
  });

  it('attaches every finding of the scenario to some element or flow', () => {
    for (const f of m.findings) assert.ok(f.targets.length > 0, `${f.ruleId} at ${f.loc.file} is attached to nothing`);
    const http = m.findings.find((f) => f.ruleId === 'transport/plaintext-http')!;
    const flows = new Set(m.flows.map((x) => x.id));
    assert.ok(http.targets.some((id) => flows.has(id) && m.flows.find((x) => x.id === id)!.kind === 'tracking'));
    assert.equal(http.loc.file, KFP);
  });

  it('adds LINDDUN threats only for personal data', () => {
    assert.equal(m.threats.filter((t) => t.template.startsWith('linddun.')).length, 0);
    const m2 = buildThreatModel({ facts: s.facts, findings: s.findings, review: { personal: ['churn', 'data/clean.csv'] } });
    const privacy = m2.threats.filter((t) => t.template.startsWith('linddun.'));
    const names = new Map([...m2.elements.map((e) => [e.id, e.name] as const), ...m2.flows.map((f) => [f.id, f.name] as const)]);
    const onChurn = privacy
      .filter((t) => names.get(t.targets[0]) === 'churn')
      .map((t) => t.linddun[0])
      .sort();
    assert.deepEqual(onChurn, ['detectability', 'disclosure-of-information', 'identifiability', 'linkability', 'non-compliance', 'non-repudiation']);
    assert.ok(
      privacy.some((t) => t.targetType === 'flow' && names.get(t.targets[0]) === 'artifacts'),
      'the flow carrying the personal dataset gets privacy threats',
    );
    assert.ok(
      privacy.some((t) => t.linddun.includes('unawareness')),
      'clients of a personal-data service are unaware parties',
    );
    assert.equal(threat(m2, 'ml.membership-inference', 'churn').severity, 'high');
  });

  it('refuses to call a threat mitigated when a literal credential is written', () => {
    const s2 = churnScenario();
    s2.facts.settings.push({
      name: s2.files.str(KFP, 'MLFLOW_TRACKING_URI'),
      value: s2.files.str(KFP, 'http://mlflow.mlops.svc.cluster.local:5000'),
      referenced: false,
      origin: 'k8s-env',
      workloadId: 'kfp:train',
    });
    s2.facts.settings.push({
      name: { value: 'DB_PASSWORD', loc: s2.files.loc(KFP, 'exec-train:') },
      value: { value: 'hunter2', loc: s2.files.loc(KFP, 'exec-train:') },
      referenced: false,
      origin: 'k8s-env',
      workloadId: 'kfp:train',
    });
    const m2 = buildThreatModel({ facts: s2.facts, findings: [] });
    const t = m2.threats.find((x) => x.template === 'stride.process.information-disclosure' && x.title === 'Credentials of train exposed')!;
    assert.equal(t.status, 'needs-review');
  });

  it('gives every template complete metadata and rule ids from the catalog', function () {
    const ids = new Set<string>();
    for (const t of TEMPLATES) {
      assert.ok(!ids.has(t.id), `duplicate template ${t.id}`);
      ids.add(t.id);
      for (const k of ['description', 'impact', 'mitigation', 'detection', 'falsePositives'] as const) assert.ok(t[k].length > 20, `${t.id} lacks ${k}`);
      assert.ok(t.stride.length + (t.linddun?.length ?? 0) > 0, `${t.id} has no STRIDE or LINDDUN category`);
      for (const r of t.references) assert.match(r, /^https:\/\//);
      for (const a of t.atlas) assert.match(a, /^AML\.T\d{4}(\.\d{3})?$/);
      for (const o of t.owasp) assert.match(o, /^ML(0[1-9]|10)$/);
    }
    const catalog = path.join(SHARED, 'RULES.md');
    if (!fs.existsSync(catalog)) {
      console.log('    skipped the catalog check: ../shared is not present');
      return;
    }
    const text = fs.readFileSync(catalog, 'utf8');
    for (const t of TEMPLATES) for (const r of t.rules) assert.ok(text.includes(r.split('/')[1]) && text.includes(r), `${t.id} names ${r}, which RULES.md does not list`);
  });
});
