// The DVC and MLflow part of the example repository that `npm start` scans: each file shows the
// problems it was written to show, and its provenance report names the changed metrics.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ProvenanceReport } from '../../src/core/provenance/lineage';
import { REPO, run } from './helpers';

const EXAMPLE_REPO = path.join(REPO, 'examples', 'ml-repo');

interface JsonFinding {
  ruleId: string;
  location: { file: string; line: number };
}

describe('example repository: DVC and MLflow files', () => {
  it('reports the problems each file was written to show', async () => {
    const r = await run(['scan', EXAMPLE_REPO, '--format', 'json', '--fail-on', 'none'], { cwd: REPO });
    assert.equal(r.code, 0, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
    const byFile = (file: string) =>
      findings
        .filter((f) => f.location.file === file)
        .map((f) => f.ruleId)
        .sort();
    assert.deepEqual(byFile('.dvc/config'), ['secrets/hardcoded-credential', 'transport/plaintext-http', 'transport/tls-verification-disabled']);
    assert.deepEqual(byFile('dvc.yaml'), ['provenance/stage-not-locked']);
    assert.deepEqual(byFile('dvc.lock'), ['provenance/lock-mismatch']);
    assert.deepEqual(byFile('data/customers.csv.dvc'), ['supply-chain/unpinned-data-import']);
    assert.deepEqual(byFile('MLproject'), ['serving/unauthenticated-ml-service', 'supply-chain/unpinned-image', 'transport/plaintext-http']);
    assert.deepEqual(byFile('models/churn/MLmodel'), ['model/pickle-format', 'serving/model-without-input-schema']);
    assert.deepEqual(byFile('models/churn/conda.yaml'), ['supply-chain/extra-index-url', 'supply-chain/unpinned-package']);
  });

  it('traces the hand-edited metrics back to the stage that wrote them', async () => {
    const r = await run(['provenance', EXAMPLE_REPO, '--format', 'json'], { cwd: REPO });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as ProvenanceReport;
    assert.deepEqual(
      report.artifacts.filter((a) => a.status === 'mismatch').map((a) => [a.path, a.producedBy]),
      [['reports/metrics.json', 'dvc-stage:dvc.yaml:evaluate']],
    );
    assert.equal(report.artifacts.find((a) => a.path === 'models/churn/model.pkl')?.status, 'not-checked-out');
  });
});
