// `mlsec sign-model`: the signatures it writes verify with `verify-model` and fail after one byte
// of one file changes; the statement equals what the independent test signer (test/helpers/
// signing.ts) and model_signing write; bad keys, missing files and links give clear errors.

import * as assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dsse } from '@sigstore/core';
import { modelStatement } from '../helpers/signing';
import { run, SHARED } from './helpers';

interface Bundle {
  mediaType: string;
  verificationMaterial: { publicKey: { hint: string }; tlogEntries: unknown[] };
  dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] };
}

const readBundle = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Bundle;
const payloadOf = (b: Bundle) => JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8')) as Record<string, unknown>;

/** The statement with its ignore paths in a fixed order (model_signing writes them from a set). */
function canonical(statement: unknown): unknown {
  const s = JSON.parse(JSON.stringify(statement)) as { predicate: { serialization: { ignore_paths?: string[] } } };
  s.predicate.serialization.ignore_paths?.sort();
  return s;
}

describe('mlsec sign-model', () => {
  let dir: string;
  const files = { 'config.json': '{"a":1}', 'weights/model.safetensors': Buffer.from([0, 1, 2, 3, 4, 5, 6, 7]), 'tokenizer.json': '{}' };
  const ec = (curve: string) => generateKeyPairSync('ec', { namedCurve: curve });

  async function writeModel(name: string): Promise<string> {
    const m = path.join(dir, name);
    for (const [f, data] of Object.entries(files)) {
      await fsp.mkdir(path.dirname(path.join(m, f)), { recursive: true });
      await fsp.writeFile(path.join(m, f), data);
    }
    await fsp.mkdir(path.join(m, '.git'), { recursive: true });
    await fsp.writeFile(path.join(m, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    return m;
  }

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-sign-'));
    const p256 = ec('P-256');
    await fsp.writeFile(path.join(dir, 'key.pem'), p256.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await fsp.writeFile(path.join(dir, 'pub.pem'), p256.publicKey.export({ type: 'spki', format: 'pem' }));
    const p384 = ec('P-384');
    await fsp.writeFile(path.join(dir, 'key384.pem'), p384.privateKey.export({ type: 'sec1', format: 'pem' }));
    await fsp.writeFile(path.join(dir, 'pub384.pem'), p384.publicKey.export({ type: 'spki', format: 'pem' }));
    const p521 = ec('P-521');
    await fsp.writeFile(path.join(dir, 'key521.pem'), p521.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'correct horse' }));
    await fsp.writeFile(path.join(dir, 'pub521.pem'), p521.publicKey.export({ type: 'spki', format: 'pem' }));
    await fsp.writeFile(path.join(dir, 'password.txt'), 'correct horse\n');
    await fsp.writeFile(path.join(dir, 'wrong-password.txt'), 'battery staple\n');
    const other = ec('P-256');
    await fsp.writeFile(path.join(dir, 'other-pub.pem'), other.publicKey.export({ type: 'spki', format: 'pem' }));
    const ed = generateKeyPairSync('ed25519');
    await fsp.writeFile(path.join(dir, 'ed25519.pem'), ed.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const k1 = ec('secp256k1');
    await fsp.writeFile(path.join(dir, 'k1.pem'), k1.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await fsp.writeFile(path.join(dir, 'garbage.pem'), '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
  });

  after(() => fsp.rm(dir, { recursive: true, force: true }));

  it('writes model.sig that verify-model accepts, and that fails after one byte of one file changes', async () => {
    const m = await writeModel('m1');
    const signed = await run(['sign-model', 'm1', '--key', 'key.pem'], { cwd: dir });
    assert.equal(signed.code, 0, signed.stderr);
    assert.match(signed.stdout, /^Signed m1 \(3 files\) with a P-256 key; wrote m1\/model\.sig\./);
    const ok = await run(['verify-model', 'm1', '--key', 'pub.pem'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /Verified: m1 is signed by the public key in pub\.pem\./);
    assert.match(ok.stdout, /Files: 3 of 3 match the signed manifest\./);

    const weights = path.join(m, 'weights', 'model.safetensors');
    const bytes = await fsp.readFile(weights);
    bytes[5] ^= 0x01;
    await fsp.writeFile(weights, bytes);
    const bad = await run(['verify-model', 'm1', '--key', 'pub.pem'], { cwd: dir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /FILE_CHANGED: weights\/model\.safetensors differs from the signed manifest/);
    assert.doesNotMatch(bad.stderr, /FILE_CHANGED: (config|tokenizer)/);
  });

  it('fails verification with another key, and when a signed file is removed or one is added', async () => {
    const m = await writeModel('m2');
    assert.equal((await run(['sign-model', 'm2', '--key', 'key.pem'], { cwd: dir })).code, 0);
    const wrongKey = await run(['verify-model', 'm2', '--key', 'other-pub.pem'], { cwd: dir });
    assert.equal(wrongKey.code, 1);
    assert.match(wrongKey.stderr, /SIGNATURE_ERROR/);
    await fsp.writeFile(path.join(m, 'extra.bin'), 'x');
    const extra = await run(['verify-model', 'm2', '--key', 'pub.pem'], { cwd: dir });
    assert.equal(extra.code, 1);
    assert.match(extra.stderr, /FILE_EXTRA: extra\.bin is not in the signed manifest/);
    await fsp.rm(path.join(m, 'extra.bin'));
    await fsp.rm(path.join(m, 'tokenizer.json'));
    const missing = await run(['verify-model', 'm2', '--key', 'pub.pem'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /FILE_MISSING: tokenizer\.json is in the signed manifest but missing/);
  });

  it('signs exactly the statement the independent test signer builds, and a DSSE signature model_signing checks', async () => {
    await writeModel('m3');
    assert.equal((await run(['sign-model', 'm3', '--key', 'key.pem'], { cwd: dir })).code, 0);
    const bundle = readBundle(path.join(dir, 'm3', 'model.sig'));
    assert.deepEqual(canonical(payloadOf(bundle)), canonical(modelStatement('m3', files)));
    assert.equal(bundle.mediaType, 'application/vnd.dev.sigstore.bundle.v0.3+json');
    assert.deepEqual(bundle.verificationMaterial.tlogEntries, []);
    // model_signing's key verifier: the hint is the hex SHA-256 of the SPKI PEM, the signature is over the DSSE PAE.
    const pem = fs.readFileSync(path.join(dir, 'pub.pem'), 'utf8');
    assert.equal(bundle.verificationMaterial.publicKey.hint, createHash('sha256').update(pem).digest('hex'));
    const pae = dsse.preAuthEncoding(bundle.dsseEnvelope.payloadType, Buffer.from(bundle.dsseEnvelope.payload, 'base64'));
    assert.ok(cryptoVerify('sha256', pae, pem, Buffer.from(bundle.dsseEnvelope.signatures[0].sig, 'base64')));
  });

  it('signs with P-384 (SEC 1) and encrypted P-521 keys using the curve hash, with --output and --ignore', async () => {
    const m = await writeModel('m4');
    await fsp.writeFile(path.join(m, 'notes.txt'), 'not signed');
    const r384 = await run(['sign-model', 'm4', '--key', 'key384.pem', '--output', 'sigs/m4.sig', '--ignore', 'notes.txt'], { cwd: dir });
    assert.equal(r384.code, 0, r384.stderr);
    const bundle = readBundle(path.join(dir, 'sigs', 'm4.sig'));
    const pae = dsse.preAuthEncoding(bundle.dsseEnvelope.payloadType, Buffer.from(bundle.dsseEnvelope.payload, 'base64'));
    assert.ok(cryptoVerify('sha384', pae, fs.readFileSync(path.join(dir, 'pub384.pem'), 'utf8'), Buffer.from(bundle.dsseEnvelope.signatures[0].sig, 'base64')));
    const statement = payloadOf(bundle) as { predicate: { serialization: { ignore_paths: string[] }; resources: { name: string }[] } };
    assert.ok(statement.predicate.serialization.ignore_paths.includes('notes.txt'));
    assert.ok(!statement.predicate.resources.some((r) => r.name === 'notes.txt'));
    const v384 = await run(['verify-model', 'm4', '--key', 'pub384.pem', '--signature', 'sigs/m4.sig'], { cwd: dir });
    assert.equal(v384.code, 0, v384.stdout + v384.stderr);

    const r521 = await run(['sign-model', 'm4', '--key', 'key521.pem', '--password-file', 'password.txt', '--ignore', 'notes.txt'], { cwd: dir });
    assert.equal(r521.code, 0, r521.stderr);
    assert.match(r521.stdout, /with a P-521 key/);
    const v521 = await run(['verify-model', 'm4', '--key', 'pub521.pem'], { cwd: dir });
    assert.equal(v521.code, 0, v521.stdout + v521.stderr);
    const viaEnv = await run(['sign-model', 'm4', '--key', 'key521.pem', '--output', 'sigs/env.sig'], { cwd: dir, env: { MLSEC_KEY_PASSWORD: 'correct horse' } });
    assert.equal(viaEnv.code, 0, viaEnv.stderr);
  });

  it('signs a single file beside it as FILE.sigstore.json, named "." as model_signing names it', async () => {
    await fsp.writeFile(path.join(dir, 'single.pt'), 'weights');
    const r = await run(['sign-model', 'single.pt', '--key', 'key.pem', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { signature: string; statement: { subject: { name: string }[]; predicate: { resources: { name: string }[] } } };
    assert.equal(out.signature, 'single.pt.sigstore.json');
    assert.equal(out.statement.subject[0].name, 'single.pt');
    assert.deepEqual(
      out.statement.predicate.resources.map((x) => x.name),
      ['.'],
    );
    const v = await run(['verify-model', 'single.pt', '--key', 'pub.pem'], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
    await fsp.appendFile(path.join(dir, 'single.pt'), '!');
    assert.equal((await run(['verify-model', 'single.pt', '--key', 'pub.pem'], { cwd: dir })).code, 1);
  });

  const keyCases: [string, string[], RegExp][] = [
    ['a public key', ['--key', 'pub.pem'], /pub\.pem holds a public key or certificate; signing needs the private key/],
    ['an Ed25519 key', ['--key', 'ed25519.pem'], /ed25519\.pem is a ed25519 key; only elliptic-curve keys \(P-256, P-384, P-521\) are supported/],
    ['a secp256k1 key', ['--key', 'k1.pem'], /k1\.pem is a key on curve secp256k1; only P-256, P-384 and P-521 are supported/],
    ['a damaged key', ['--key', 'garbage.pem'], /garbage\.pem cannot be read: the key is damaged/],
    ['an encrypted key without its password', ['--key', 'key521.pem'], /key521\.pem is encrypted; give its password/],
    ['an encrypted key with a wrong password', ['--key', 'key521.pem', '--password-file', 'wrong-password.txt'], /the password is wrong or the key is damaged/],
    ['a key file that does not exist', ['--key', 'nope.pem'], /cannot read the key nope\.pem: ENOENT/],
  ];
  for (const [what, args, message] of keyCases) {
    it(`refuses ${what} with exit 1 and writes nothing`, async () => {
      const m = await writeModel(`bad-${what.replace(/\W+/g, '-')}`);
      const r = await run(['sign-model', path.basename(m), ...args], { cwd: dir });
      assert.equal(r.code, 1, r.stdout);
      assert.match(r.stderr, message);
      assert.ok(!fs.existsSync(path.join(m, 'model.sig')));
    });
  }

  it('says what is wrong with the command line, a missing model and a symlink in the model', async () => {
    const none = await run(['sign-model', 'm1'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--key KEY\.pem \(a PEM private key\) is required/);
    const missing = await run(['sign-model', 'absent', '--key', 'key.pem'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /absent does not exist/);
    const m = await writeModel('linked');
    await fsp.symlink(path.join(m, 'config.json'), path.join(m, 'alias.json'));
    const link = await run(['sign-model', 'linked', '--key', 'key.pem'], { cwd: dir });
    assert.equal(link.code, 1);
    assert.match(link.stderr, /linked\/alias\.json is a symbolic link; model signatures refuse links unless --allow-symlinks is given/);
    const allowed = await run(['sign-model', 'linked', '--key', 'key.pem', '--allow-symlinks'], { cwd: dir });
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal((await run(['verify-model', 'linked', '--key', 'pub.pem'], { cwd: dir })).code, 0);
  });

  describe('compatibility with model_signing (../shared/corpus/sigstore)', () => {
    const MT = path.join(SHARED, 'corpus', 'sigstore', 'model-transparency', 'scripts-tests', 'v1.1.0-elliptic-key');
    before(function () {
      if (!fs.existsSync(path.join(MT, 'model.sig'))) {
        console.log(`    skipped: ${MT} is absent`);
        this.skip();
      }
    });

    it('writes the statement model_signing v1.1.0 wrote for the same files, in a bundle of the same shape', async () => {
      const copy = path.join(dir, 'corpus-copy', 'v1.1.0-elliptic-key');
      await fsp.mkdir(copy, { recursive: true });
      for (const f of ['signme-1', 'signme-2', 'ignore-me']) await fsp.copyFile(path.join(MT, f), path.join(copy, f));
      const r = await run(['sign-model', copy, '--key', 'key384.pem', '--ignore', 'ignore-me'], { cwd: dir });
      assert.equal(r.code, 0, r.stderr);
      const ours = readBundle(path.join(copy, 'model.sig'));
      const theirs = readBundle(path.join(MT, 'model.sig'));
      assert.deepEqual(canonical(payloadOf(ours)), canonical(payloadOf(theirs)));
      const shape = (b: Bundle) => ({
        mediaType: b.mediaType,
        material: Object.keys(b.verificationMaterial).sort(),
        publicKey: Object.keys(b.verificationMaterial.publicKey),
        envelope: Object.keys(b.dsseEnvelope).sort(),
        payloadType: b.dsseEnvelope.payloadType,
        signature: Object.keys(b.dsseEnvelope.signatures[0]).sort(),
        keyid: b.dsseEnvelope.signatures[0].keyid,
      });
      assert.deepEqual(shape(ours), shape(theirs));
    });
  });
});
