// The "Trust this key" fix of model/signature-invalid on a copy of the example repository: with no
// key trusted, the signed model's signature offers to trust the example key in .mlsec.yaml;
// applied and re-analysed, the signed model verifies, the tampered copy is reported for what
// changed, the configuration parses, and no second trust edit is offered.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, loadWorkspaceConfig, scanWorkspace } from '../../src/core';
import { applyEdits } from '../../src/core/fixes';
import type { Finding, Fix } from '../../src/core/model';

const EXAMPLE = path.resolve(__dirname, '../../../examples/ml-repo');
const SIGNED = 'models/fraud-scorer/model.sig';
const TAMPERED = 'models/fraud-scorer-tampered/model.sig';

async function scan(root: string): Promise<Finding[]> {
  const engine = createEngine();
  const { config, errors } = await loadWorkspaceConfig(root, engine.knownRuleIds());
  assert.deepEqual(errors, []);
  return (await scanWorkspace(engine, root, { config })).findings.filter((f) => f.ruleId === 'model/signature-invalid');
}

function apply(root: string, fix: Fix): void {
  for (const e of fix.edits) {
    const file = path.join(root, e.file);
    const text = e.create ? '' : fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, applyEdits(text, [e]));
  }
}

describe('trust fix of model/signature-invalid on the example repository', () => {
  let root: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-trust-'));
    fs.cpSync(EXAMPLE, root, { recursive: true });
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function fixAndRescan(): Promise<{ fix: Fix; after: Finding[] }> {
    const before = await scan(root);
    const signed = before.find((f) => f.loc.file === SIGNED);
    assert.ok(signed, 'the untrusted signature is reported');
    assert.equal(signed.severity, 'medium');
    assert.equal(signed.fixes.length, 1);
    const fix = signed.fixes[0];
    assert.equal(fix.kind, 'review');
    assert.equal(fix.title, 'Trust the key keys/model-signing.example.pub.pem in .mlsec.yaml');
    apply(root, fix);
    return { fix, after: await scan(root) };
  }

  it('creates .mlsec.yaml when there is none; the signed model then verifies and the tampered one fails on its file', async () => {
    fs.rmSync(path.join(root, '.mlsec.yaml'));
    const { fix, after } = await fixAndRescan();
    assert.equal(fix.edits[0].create, true);
    assert.deepEqual(
      after.map((f) => [f.loc.file, f.severity, f.fixes.length]),
      [[TAMPERED, 'critical', 0]],
    );
    assert.match(after[0].message, /model\.safetensors differs from the signed manifest/);
    assert.equal(fs.readFileSync(path.join(root, '.mlsec.yaml'), 'utf8'), 'models:\n  trust:\n    publicKeys:\n      - "keys/model-signing.example.pub.pem"\n');
  });

  it('adds the key to an existing .mlsec.yaml, keeping its comments and settings', async () => {
    const text = '# Our policy\nrules:\n  supply-chain/unpinned-package: high # pins matter\nmodels:\n  requireSignatures: false\n';
    fs.writeFileSync(path.join(root, '.mlsec.yaml'), text);
    const { after } = await fixAndRescan();
    assert.deepEqual(
      after.map((f) => f.loc.file),
      [TAMPERED],
    );
    const out = fs.readFileSync(path.join(root, '.mlsec.yaml'), 'utf8');
    assert.ok(out.startsWith('# Our policy\nrules:\n  supply-chain/unpinned-package: high # pins matter\nmodels:\n  requireSignatures: false\n'), out);
  });

  it('offers no trust fix where the key is trusted already or none in the workspace matches', async () => {
    assert.deepEqual(
      (await scan(root)).map((f) => [f.loc.file, f.fixes.length]),
      [[TAMPERED, 0]],
    );
    fs.rmSync(path.join(root, '.mlsec.yaml'));
    fs.rmSync(path.join(root, 'keys'), { recursive: true });
    const found = await scan(root);
    assert.deepEqual(
      found.map((f) => [f.loc.file, f.severity, f.fixes.length]).sort(),
      [
        [TAMPERED, 'critical', 0],
        [SIGNED, 'medium', 0],
      ].sort(),
    );
  });
});
