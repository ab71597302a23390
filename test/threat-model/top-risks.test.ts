// The reviewer's view of a threat model: open threats ranked by severity and exposure, and the
// Markdown report's top-risks section and mitigation column.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { threatModelMarkdown } from '../../src/core/report/threat-model-markdown';
import { topRisks } from '../../src/core/report/top-risks';
import { threatModelForWorkspace } from '../../src/core/threat-model/workspace';
import type { ThreatModel } from '../../src/core/threat-model/model';

const dirs: string[] = [];

async function modelOf(files: Record<string, string>): Promise<ThreatModel> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-risk-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, rel), text);
  return (await threatModelForWorkspace({}, { engine: createEngine(), root: dir })).model;
}

/** An unauthenticated MLflow server in `ns`, behind a Service of `type`. */
const mlflow = (ns: string, type: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: mlflow, namespace: ${ns}}
spec:
  template:
    metadata: {labels: {app: mlflow}}
    spec:
      serviceAccountName: mlflow
      containers:
        - name: ${ns}-server
          image: ghcr.io/mlflow/mlflow:v2.14.1
          command: [mlflow, server, --host, 0.0.0.0]
---
apiVersion: v1
kind: Service
metadata: {name: mlflow, namespace: ${ns}}
spec:
  type: ${type}
  selector: {app: mlflow}
`;

describe('top risks and the reviewer report', function () {
  this.timeout(30_000);
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('ranks the same open threat on an internet-facing server above the internal one', async () => {
    const m = await modelOf({ 'internal.yaml': mlflow('internal', 'ClusterIP'), 'public.yaml': mlflow('public', 'LoadBalancer') });
    const risks = topRisks(m, 1000);
    assert.ok(risks.length > 0);
    assert.ok(risks.every((r) => r.threat.status === 'open'));
    for (let i = 1; i < risks.length; i++) assert.ok(risks[i - 1].score >= risks[i].score, 'worst first');
    const extraction = risks.filter((r) => r.threat.template === 'ml.model-extraction');
    assert.deepEqual(
      extraction.map((r) => [r.target, r.exposure]),
      [
        ['public-server', 'internet-facing'],
        ['internal-server', 'internal'],
      ],
    );
    assert.ok(extraction[0].score > extraction[1].score);
  });

  it('shows the top risks first and a mitigation column naming the control and where it is written', async () => {
    const m = await modelOf({ 'internal.yaml': mlflow('internal', 'ClusterIP') });
    const md = threatModelMarkdown(m, {});
    const top = md.indexOf('## Top risks');
    assert.ok(top > md.indexOf('## Summary') && top < md.indexOf('## Data-flow diagram'), 'after the summary, before the diagram');
    assert.match(md, /\| # \| Risk \| Target \| Exposure \| Severity \| Evidence \| To close it \|/);
    assert.match(md, /\| 1 \| .+ \| internal-server \| internal \| critical \|/);
    assert.match(md, /\| Threat \| Frameworks \| Severity \| Status \| Evidence \| Mitigation \|/);
    const mitigated = m.threats.find((t) => t.status === 'mitigated' && t.mitigations.some((c) => c.loc))!;
    assert.ok(mitigated, 'the fixture has a mitigated threat');
    const row = md.split('\n').find((l) => l.includes(mitigated.id))!;
    assert.ok(row.includes(mitigated.mitigations[0].text), row);
    assert.match(row, /\(internal\.yaml\b/, 'the control cites its file');
    const open = m.threats.find((t) => t.status === 'open')!;
    assert.ok(
      md
        .split('\n')
        .find((l) => l.includes(open.id))!
        .includes('To close: '),
    );
  });

  it('says so when nothing is open', () => {
    const empty: ThreatModel = {
      format: 'mlsec-threat-model',
      version: 1,
      title: 't',
      boundaries: [],
      elements: [],
      flows: [],
      assets: [],
      threats: [],
      findings: [],
      notes: [],
      summary: {
        elements: 0,
        flows: 0,
        boundaries: 0,
        threats: { open: 0, mitigated: 0, 'needs-review': 0, accepted: 0, 'not-applicable': 0, transferred: 0 },
        openBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
      },
    };
    assert.match(threatModelMarkdown(empty), /## Top risks\n\nNo threat is open\./);
  });
});
