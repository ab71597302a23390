// Integration test: a workspace scan of a directory holding malicious, benign, signed and
// tampered model artifacts, through the real walker, readers, enricher and rules.

import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, loadWorkspaceConfig, scanWorkspace } from '../../src/core';
import * as fx from '../helpers/model-fixtures';
import { newKey, signModel } from '../helpers/signing';

describe('workspace scan of model artifacts', () => {
  let root: string;
  const key = newKey('P-384');

  before(async () => {
    root = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-ws-'));
    const write = async (rel: string, data: string | Buffer) => {
      await fsp.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
      await fsp.writeFile(path.join(root, rel), data);
    };
    const weights = fx.validSafetensors();
    await write('models/good/model.safetensors', weights);
    await write('models/good/model.sig', signModel('good', { 'model.safetensors': weights }, key));
    await write('models/tampered/model.safetensors', fx.overlapSafetensors());
    await write('models/tampered/model.sig', signModel('tampered', { 'model.safetensors': weights }, key));
    await write('checkpoints/evil.pt', fx.torchZip(fx.torchMaliciousPickle()));
    await write('checkpoints/plain.pkl', fx.containersP2());
    await write('keys/release.pem', key.pem);
    await write('.mlsec.yaml', 'models:\n  trust:\n    publicKeys: [keys/release.pem]\n');
  });

  after(() => fsp.rm(root, { recursive: true, force: true }));

  it('reports unsafe pickles, pickle formats, bad and missing signatures where they are', async () => {
    const engine = createEngine();
    const { config, errors } = await loadWorkspaceConfig(root, engine.knownRuleIds());
    assert.deepEqual(errors, []);
    const r = await scanWorkspace(engine, root, { config });
    const got = r.findings.filter((f) => f.ruleId.startsWith('model/')).map((f) => `${f.ruleId} ${f.loc.file}:${f.range.start.line + 1} ${f.severity}`);
    assert.deepEqual(got.sort(), [
      'model/pickle-format checkpoints/plain.pkl:1 info',
      'model/signature-invalid models/tampered/model.sig:1 critical',
      'model/unsafe-deserialization checkpoints/evil.pt:1 critical',
      'model/unsigned-model checkpoints/evil.pt:1 info',
      'model/unsigned-model checkpoints/plain.pkl:1 info',
    ]);
    const evil = r.findings.find((f) => f.ruleId === 'model/unsafe-deserialization');
    assert.match(evil?.details?.[0] ?? '', /^os\.system: runs shell commands, spawns processes or changes files \(GLOBAL at byte \d+ of archive\/data\.pkl, called at byte \d+\)$/);
    const scans = r.index.get('checkpoints/evil.pt')[0].facts.modelFiles;
    assert.deepEqual(
      scans.map((s) => [s.path, s.format, s.dangerous.map((h) => h.what)]),
      [['checkpoints/evil.pt', 'pytorch-zip', ['os.system']]],
    );
    assert.deepEqual(
      r.notes.filter((n) => n.level === 'error'),
      [],
    );
  });
});
