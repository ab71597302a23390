// Tests of the verify-model command's arguments, exit codes and messages (no ../shared needed).

import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyModelCommand } from '../../src/cli/verify-model';
import { run as runMlsec } from './helpers';
import { newKey, signFile, signModel } from '../helpers/signing';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await verifyModelCommand(args, { stdout: (s) => (out += s + '\n'), stderr: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('mlsec verify-model', () => {
  let dir: string;
  const key = newKey();
  const weights = Buffer.from('weights v1');

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-verify-'));
    await fsp.mkdir(path.join(dir, 'model'));
    await fsp.writeFile(path.join(dir, 'model', 'w.bin'), weights);
    await fsp.writeFile(path.join(dir, 'model', 'model.sig'), signModel('model', { 'w.bin': weights }, key));
    await fsp.writeFile(path.join(dir, 'release.pem'), key.pem);
    await fsp.writeFile(path.join(dir, 'bad.pem'), '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n');
    await fsp.writeFile(path.join(dir, 'single.pt'), weights);
    await fsp.writeFile(path.join(dir, 'single.pt.sigstore.json'), signFile(weights, key));
  });

  after(() => fsp.rm(dir, { recursive: true, force: true }));

  it('exits 0 and says who signed a verified directory, finding model.sig by itself', async () => {
    const r = await run([path.join(dir, 'model'), '--key', path.join(dir, 'release.pem')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Verified: model is signed by the public key in .*release\.pem\./);
    assert.match(r.out, /No trusted timestamp: the signing time is unknown\./);
  });

  it('finds <file>.sigstore.json next to a file', async () => {
    const r = await run([path.join(dir, 'single.pt'), '--key', path.join(dir, 'release.pem')]);
    assert.equal(r.code, 0, r.err);
  });

  it('exits 1 with the reason when a file changed', async () => {
    await fsp.writeFile(path.join(dir, 'model', 'w.bin'), 'weights v2');
    try {
      const r = await run([path.join(dir, 'model'), '--key', path.join(dir, 'release.pem')]);
      assert.equal(r.code, 1);
      assert.match(r.err, /Not verified: model .*\n  FILE_CHANGED: w\.bin differs from the signed manifest/);
    } finally {
      await fsp.writeFile(path.join(dir, 'model', 'w.bin'), weights);
    }
  });

  it('exits 1 when there is no signature or the key is unusable', async () => {
    const none = await run([path.join(dir, 'release.pem'), '--key', path.join(dir, 'release.pem')]);
    assert.equal(none.code, 1);
    assert.match(none.err, /no signature found for .*release\.pem \(looked for .*release\.pem\.sigstore\.json/);
    const bad = await run([path.join(dir, 'model'), '--key', path.join(dir, 'bad.pem')]);
    assert.equal(bad.code, 1);
    assert.match(bad.err, /Not verified: --key .*bad\.pem: not a usable public key/);
  });

  it('exits 2 on usage errors', async () => {
    const cases: [string[], RegExp][] = [
      [[], /PATH or --signature is required/],
      [[path.join(dir, 'model'), '--identity', 'a@b.c'], /--identity and --issuer go together/],
      [[path.join(dir, 'nope')], /does not exist/],
      [[path.join(dir, 'model'), '--frobnicate'], /Unknown option '--frobnicate'/],
      [[path.join(dir, 'model'), '--key', path.join(dir, 'missing.pem')], /cannot read .*missing\.pem/],
      [[path.join(dir, 'model'), path.join(dir, 'single.pt')], /one PATH expected, got 2/],
    ];
    for (const [args, why] of cases) {
      const r = await run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, why);
      assert.match(r.err, /Usage: mlsec verify-model PATH/);
    }
  });

  it('prints its usage with --help', async () => {
    const r = await run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.out, /Exit status: 0 verified, 1 not verified, 2 usage error\./);
  });

  it('runs from the mlsec command line, resolving PATH against its working directory', async () => {
    const verified = await runMlsec(['verify-model', 'model', '--key', 'release.pem'], { cwd: dir });
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /^Verified: model is signed by the public key in release\.pem\./);
    const tampered = await runMlsec(['verify-model', 'single.pt', '--key', 'bad.pem'], { cwd: dir });
    assert.notEqual(tampered.code, 0);
    const listed = await runMlsec(['--help'], { cwd: dir });
    assert.match(listed.stdout, /^  verify-model +Verify a model file or directory/m);
  });
});
