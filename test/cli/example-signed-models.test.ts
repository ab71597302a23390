// The signed models of the example repository: the signed one verifies against the key that
// `.mlsec.yaml` trusts, the tampered copy fails with the file that changed, the scan reports only
// the tampered one, and the committed files are what scripts/gen-example-models.js makes.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO, run } from './helpers';

const EXAMPLE_REPO = path.join(REPO, 'examples', 'ml-repo');

describe('example repository: signed models', () => {
  it('verifies the signed model with the key .mlsec.yaml trusts', async () => {
    const r = await run(['verify-model', 'models/fraud-scorer'], { cwd: EXAMPLE_REPO });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Verified: fraud-scorer is signed by the public key in keys\/model-signing\.example\.pub\.pem\./);
    assert.match(r.stdout, /Files: 1 of 1 match the signed manifest\./);
  });

  it('fails the tampered copy, naming the changed file', async () => {
    const r = await run(['verify-model', 'models/fraud-scorer-tampered'], { cwd: EXAMPLE_REPO });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Not verified: fraud-scorer-tampered \(model signature fraud-scorer-tampered\/model\.sig\)\.\n {2}FILE_CHANGED: model\.safetensors differs from the signed manifest/);
    assert.match(r.stderr, /Files: 0 of 1 match the signed manifest\./);
  });

  it('says the signature was not verified when run outside the workspace that trusts the key', async () => {
    const r = await run(['verify-model', path.join(EXAMPLE_REPO, 'models/fraud-scorer')], { cwd: REPO });
    assert.doesNotMatch(r.stdout, /^Verified:/);
    assert.match(r.stdout, /Signature fraud-scorer\/model\.sig is present but was not verified: no trusted signer was given/);
  });

  it('reports the tampered signature in a scan, and nothing about the signed one', async () => {
    const r = await run(['scan', EXAMPLE_REPO, '--format', 'json', '--fail-on', 'none'], { cwd: REPO });
    assert.equal(r.code, 0, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: { ruleId: string; severity: string; location: { file: string } }[] }).findings;
    const about = findings.filter((f) => f.location.file.startsWith('models/fraud-scorer'));
    assert.deepEqual(
      about.map((f) => [f.location.file, f.ruleId, f.severity]),
      [['models/fraud-scorer-tampered/model.sig', 'model/signature-invalid', 'critical']],
    );
  });

  it('holds exactly what the generator writes', () => {
    const r = spawnSync(process.execPath, [path.join(REPO, 'scripts', 'gen-example-models.js'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
