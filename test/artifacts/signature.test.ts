// Tests of offline signature verification with signatures made in the test: model directories
// (files and shards, P-256 and P-384), single files (message signatures streamed, DSSE subjects),
// trusted-root validation, model_signing's golden digests, and the editor API.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyModelPath } from '../../src/core/verify-model';
import { verifySignature } from '../../src/core/artifacts/signature';
import { checkModelFiles, type ModelManifest } from '../../src/core/artifacts/signature-manifest';
import { parseTrustedRoot, publicGoodRoot, trustedRootJSON } from '../../src/core/artifacts/signature-root';
import { PUBLIC_GOOD_ROOT } from '../../src/core/artifacts/signature-public-good';
import { emptyTrust, parsePublicKeys, type Trust } from '../../src/core/artifacts/signature-trust';
import { defaultConfig } from '../../src/core/config';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';
import { dsseBundle, newKey, signFile, signModel, type TestKey } from '../helpers/signing';
import * as fx from '../helpers/model-fixtures';

function trustKey(k: TestKey): Trust {
  const t = emptyTrust();
  t.keys.push(...parsePublicKeys(k.pem, 'release.pem'));
  return t;
}

const files = { 'model.safetensors': fx.validSafetensors(), 'config.json': '{"layers": 2}', 'tokenizer/vocab.txt': 'a\nb\n' };

function modelIO(extra: Record<string, string | Buffer> = {}, sig?: string): MemoryWorkspaceIO {
  const io = new MemoryWorkspaceIO();
  for (const [k, v] of Object.entries({ ...files, ...extra })) io.set(`m/${k}`, v);
  if (sig) io.set('m/model.sig', sig);
  return io;
}

describe('signature verification', () => {
  const p256 = newKey();
  const p384 = newKey('P-384');

  it('verifies a model directory signed with P-256 and with P-384 (SHA-384, as model_signing signs)', async () => {
    for (const k of [p256, p384]) {
      const sig = signModel('m', files, k);
      const r = await verifySignature({ io: modelIO({}, sig), target: 'm', bundle: { text: sig, source: 'm/model.sig' }, trust: trustKey(k), ignorePaths: ['model.sig'] });
      assert.equal(r.ok, true, JSON.stringify(r.errors));
      assert.equal(r.kind, 'model-signing');
      assert.deepEqual(
        r.files.map((f) => `${f.name}:${f.status}`),
        ['config.json:ok', 'model.safetensors:ok', 'tokenizer/vocab.txt:ok'],
      );
      assert.equal(r.signer?.method, 'key');
    }
  });

  it('names each changed, missing and extra file', async () => {
    const sig = signModel('m', files, p256);
    const io = modelIO({ 'config.json': '{"layers": 3}', 'new.bin': 'x' }, sig);
    io.set('m/.git/HEAD', 'ref: main');
    const r = await verifySignature({ io, target: 'm', bundle: { text: sig, source: 'm/model.sig' }, trust: trustKey(p256) });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors.map((e) => e.code).sort(), ['FILE_CHANGED', 'FILE_EXTRA']);
    assert.match(r.errors.find((e) => e.code === 'FILE_EXTRA')?.message ?? '', /^new\.bin/);
    const allowed = await verifySignature({ io, target: 'm', bundle: { text: sig, source: 'x' }, trust: trustKey(p256), allowExtraFiles: true, ignorePaths: ['config.json'] });
    assert.equal(allowed.ok, false, 'config.json is still in the manifest, so ignoring it on disk makes it missing');
    assert.deepEqual(
      allowed.errors.map((e) => e.code),
      ['FILE_MISSING'],
    );
  });

  it('verifies the shard serialisation and locates a change', async () => {
    const sig = signModel('m', files, p256, { shardSize: 16 });
    const ok = await verifySignature({ io: modelIO(), target: 'm', bundle: { text: sig, source: 'x' }, trust: trustKey(p256) });
    assert.equal(ok.ok, true, JSON.stringify(ok.errors));
    const bad = await verifySignature({ io: modelIO({ 'tokenizer/vocab.txt': 'a\nc\n' }), target: 'm', bundle: { text: sig, source: 'x' }, trust: trustKey(p256) });
    assert.deepEqual(
      bad.files.filter((f) => f.status !== 'ok').map((f) => f.name),
      ['tokenizer/vocab.txt'],
    );
  });

  it('fails with the wrong key, and marks a signature with no configured key as unverifiable', async () => {
    const sig = signModel('m', files, p256);
    const wrong = await verifySignature({ io: modelIO(), target: 'm', bundle: { text: sig, source: 'x' }, trust: trustKey(p384) });
    assert.equal(wrong.errors[0].code, 'SIGNATURE_ERROR');
    assert.equal(wrong.untrusted, false);
    const none = await verifySignature({ io: modelIO(), target: 'm', bundle: { text: sig, source: 'x' }, trust: emptyTrust() });
    assert.equal(none.errors[0].code, 'NO_TRUSTED_KEY');
    assert.equal(none.untrusted, true);
  });

  it('rejects a statement edited after signing', async () => {
    const sig = JSON.parse(signModel('m', files, p256)) as { dsseEnvelope: { payload: string } };
    const st = JSON.parse(Buffer.from(sig.dsseEnvelope.payload, 'base64').toString()) as { predicate: { serialization: { allow_symlinks: boolean } } };
    st.predicate.serialization.allow_symlinks = true;
    sig.dsseEnvelope.payload = Buffer.from(JSON.stringify(st, null, 2)).toString('base64');
    const r = await verifySignature({ io: modelIO(), target: 'm', bundle: { text: JSON.stringify(sig), source: 'x' }, trust: trustKey(p256) });
    assert.equal(r.errors[0].code, 'SIGNATURE_ERROR');
  });

  it('streams a large signed file once for a message signature', async () => {
    const big = Buffer.alloc(6 * 1024 * 1024, 0x5a);
    const io = new MemoryWorkspaceIO({ 'model.bin': big });
    let chunks = 0;
    const stream = io.stream.bind(io);
    io.stream = (rel, onChunk, hw) => stream(rel, (c) => (chunks++, onChunk(c)), hw);
    const bundle = signFile(big, p384);
    const ok = await verifySignature({ io, target: 'model.bin', bundle: { text: bundle, source: 'b' }, trust: trustKey(p384) });
    assert.equal(ok.ok, true, JSON.stringify(ok.errors));
    assert.equal(ok.kind, 'sigstore-bundle');
    assert.equal(chunks, 6, 'one pass of 1 MiB chunks');
    io.set('model.bin', Buffer.concat([big, Buffer.from([1])]));
    const bad = await verifySignature({ io, target: 'model.bin', bundle: { text: bundle, source: 'b' }, trust: trustKey(p384) });
    assert.equal(bad.errors[0].code, 'ARTIFACT_DIGEST_MISMATCH');
  });

  it('requires the file to be a subject of a DSSE statement', async () => {
    const data = Buffer.from('weights');
    const statement = {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: 'model.bin', digest: { sha256: require('node:crypto').createHash('sha256').update(data).digest('hex') } }],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {},
    };
    const bundle = dsseBundle(statement, p256);
    const io = new MemoryWorkspaceIO({ 'model.bin': data, 'other.bin': 'other' });
    const ok = await verifySignature({ io, target: 'model.bin', bundle: { text: bundle, source: 'b' }, trust: trustKey(p256) });
    assert.equal(ok.ok, true, JSON.stringify(ok.errors));
    const other = await verifySignature({ io, target: 'other.bin', bundle: { text: bundle, source: 'b' }, trust: trustKey(p256) });
    assert.equal(other.errors[0].code, 'SUBJECT_MISMATCH');
    const alone = await verifySignature({ io, bundle: { text: bundle, source: 'b' }, trust: trustKey(p256) });
    assert.equal(alone.ok, true);
    assert.deepEqual(
      alone.subjects.map((s) => s.name),
      ['model.bin'],
    );
  });

  it('accepts both names of a single-file model: "." and the base name', async () => {
    const data = Buffer.from('one file model');
    const io = new MemoryWorkspaceIO({ 'w/model.pt': data });
    for (const name of ['.', 'model.pt']) {
      const sig = signModel('model.pt', { [name]: data }, p256);
      const r = await verifySignature({ io, target: 'w/model.pt', bundle: { text: sig, source: 'x' }, trust: trustKey(p256) });
      assert.equal(r.ok, true, `${name}: ${JSON.stringify(r.errors)}`);
    }
  });

  it('never throws on garbage bundles', async () => {
    const io = new MemoryWorkspaceIO({ 'm.bin': 'x' });
    for (const text of [
      '',
      'null',
      '[]',
      '{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"}',
      JSON.stringify({
        mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        verificationMaterial: { publicKey: { hint: '' } },
        dsseEnvelope: { payload: 'e30=', payloadType: 'x', signatures: [] },
      }),
    ]) {
      const r = await verifySignature({ io, target: 'm.bin', bundle: { text, source: 'x' }, trust: trustKey(p256) });
      assert.equal(r.ok, false, text);
      assert.ok(r.errors.length > 0);
    }
  });
});

describe('trusted roots', () => {
  it('builds the shipped public-good root with its logs, CAs and timestamp authority', () => {
    const { root } = publicGoodRoot();
    assert.equal(root.tlogs.length, PUBLIC_GOOD_ROOT.logs.length);
    assert.ok(root.certificateAuthorities.length >= 1);
    assert.ok(root.timestampAuthorities.length >= 1);
    assert.ok(root.tlogs.every((t) => t.publicKey?.validFor?.start));
  });

  it('rejects a trusted root whose entries lack a validity start', () => {
    const json = trustedRootJSON(PUBLIC_GOOD_ROOT) as { tlogs: { publicKey: { validFor: { start?: string } } }[] };
    assert.ok(parseTrustedRoot(JSON.stringify(json), 'ok.json'));
    delete json.tlogs[0].publicKey.validFor.start;
    assert.throws(() => parseTrustedRoot(JSON.stringify(json), 'bad.json'), /without a validity start.*rekor\.sigstore\.dev/);
  });
});

describe('model_signing golden serialisations', () => {
  const GOLDEN = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'sigstore', 'model-transparency', 'testdata', 'serialization');

  /** The sample_model_folder fixture of model_signing's tests. */
  function sampleFolder(): MemoryWorkspaceIO {
    const io = new MemoryWorkspaceIO();
    for (let i = 0; i < 4; i++) io.set(`sample/f${i}`, `This is file f${i} in root.`);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) io.set(`sample/d${i}/f${i}${j}`, `This is file f${i}${j} in d${i}.`);
    return io;
  }

  function manifest(lines: string[], method: 'files' | 'shards', shardSize?: number): ModelManifest {
    const resources = lines.map((l) => {
      const at = l.lastIndexOf(':');
      return { name: l.slice(0, at), digest: l.slice(at + 1) };
    });
    return {
      predicateType: 'https://model_signing/signature/v1.0',
      subjects: [],
      resources,
      serialization: { method, hash: 'sha256', hashType: 'sha256', ignorePaths: [], ...(shardSize ? { shardSize } : {}) },
    };
  }

  for (const [file, method, size] of [
    ['file/TestSerializer/sample_model_folder', 'files', undefined],
    ['file_shard/TestSerializer/sample_model_folder_small_shards', 'shards', 8],
  ] as const) {
    it(`reproduces ${file}`, async function () {
      const golden = path.join(GOLDEN, file);
      if (!fs.existsSync(golden)) {
        console.log('    skipped: ../shared is not present');
        this.skip();
      }
      const lines = fs.readFileSync(golden, 'utf8').trim().split('\n');
      const checks = await checkModelFiles(sampleFolder(), 'sample', true, manifest(lines, method, size), [], false);
      assert.equal(checks.length, 10);
      assert.deepEqual(
        checks.filter((c) => c.status !== 'ok'),
        [],
      );
    });
  }
});

describe('verifyModelPath (editor API)', () => {
  const key = newKey();
  const config = { ...defaultConfig(), models: { trust: { publicKeys: ['keys/release.pem'] } } };

  it('reports nothing for a verified folder and summarises who signed it', async () => {
    const io = new MemoryWorkspaceIO({ 'keys/release.pem': key.pem, 'm/model.safetensors': fx.validSafetensors(), 'm/model.sig': signModel('m', { 'model.safetensors': fx.validSafetensors() }, key) });
    const r = await verifyModelPath(io, 'm', config);
    assert.deepEqual(r.findings, []);
    assert.match(r.summary[0], /^Verified: m is signed by the public key in keys\/release\.pem\./);
  });

  it('returns findings for a tampered folder and an unsigned file', async () => {
    const io = new MemoryWorkspaceIO({
      'keys/release.pem': key.pem,
      'm/model.safetensors': fx.overlapSafetensors(),
      'm/model.sig': signModel('m', { 'model.safetensors': fx.validSafetensors() }, key),
      'loose/model.pt': fx.torchZip(fx.torchStateDictPickle()),
    });
    const r = await verifyModelPath(io, '', config);
    assert.deepEqual(
      r.findings.map((f) => `${f.ruleId} ${f.loc.file} ${f.severity}`),
      ['model/unsigned-model loose/model.pt info', 'model/signature-invalid m/model.sig critical'],
    );
    assert.deepEqual(
      r.findings[1].related.map((x) => x.loc.file),
      ['m/model.safetensors'],
    );
    assert.equal(r.findings[1].range.start.line, 0);
  });
});
