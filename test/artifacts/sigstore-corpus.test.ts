// Runs every signature case of ../shared/corpus/sigstore (Sigstore conformance bundles,
// sigstore-js bundles, model-transparency signatures, OMS spec vectors and generated model
// directories) through `mlsec verify-model` and checks the outcome MANIFEST.tsv expects.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { verifyModelCommand } from '../../src/cli/verify-model';
import { verifySignature } from '../../src/core/artifacts/signature';
import { PUBLIC_GOOD_ROOT } from '../../src/core/artifacts/signature-public-good';
import { parseTrustedRoot, trustedRootJSON } from '../../src/core/artifacts/signature-root';
import { emptyTrust } from '../../src/core/artifacts/signature-trust';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';

const SHARED = path.resolve(__dirname, '..', '..', '..', '..', 'shared');
const CORPUS = path.join(SHARED, 'corpus', 'sigstore');

const DEFAULT_IDENTITY = 'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const DEFAULT_ISSUER = 'https://token.actions.githubusercontent.com';
const MT = 'model-transparency/scripts-tests';
const MT_KEY = `${MT}/keys/certificate/signing-key-pub.pem`;
const MT_CA = `${MT}/keys/certificate/ca-cert.pem`;
const IBM = ['--identity', 'stefanb@us.ibm.com', '--issuer', 'https://sigstore.verify.ibm.com/oauth2'];

interface Case {
  file: string;
  expected: 'valid' | 'invalid';
  args: string[];
}

const c = (rel: string) => path.join(CORPUS, rel);

/** The `verify-model` arguments for one corpus file, following each suite's conventions. */
function argsFor(file: string): string[] {
  if (file.startsWith('conformance/bundle-verify/')) {
    const dir = path.dirname(c(file));
    const opt = (name: string) => (fs.existsSync(path.join(dir, name)) ? path.join(dir, name) : undefined);
    const read = (name: string, fallback: string) => (opt(name) ? fs.readFileSync(path.join(dir, name), 'utf8').trim() : fallback);
    const args = [opt('artifact') ?? path.join(dir, '..', 'a.txt'), '--signature', c(file)];
    const key = opt('key.pub');
    if (key) args.push('--key', key);
    else args.push('--identity', read('identity', DEFAULT_IDENTITY), '--issuer', read('issuer', DEFAULT_ISSUER));
    const root = opt('trusted_root.json');
    if (root) args.push('--trusted-root', root);
    return args;
  }
  if (file.startsWith('sigstore-js/')) return ['--signature', c(file), '--identity', 'brian@dehamer.com', '--issuer', 'https://github.com/login/oauth'];
  if (file.startsWith(`${MT}/`)) {
    const dir = path.dirname(c(file));
    const version = path.basename(dir);
    const ignore = version.startsWith('v1.0.1') ? ['--ignore', 'ignore-me'] : [];
    if (version.endsWith('-certificate')) return [dir, '--signature', c(file), '--certificate-chain', c(MT_CA), ...ignore];
    if (version.endsWith('-elliptic-key')) {
      const singleFile = version.startsWith('v0.3.1') || version.startsWith('v1.0.0');
      return [singleFile ? path.join(dir, 'signme-1') : dir, '--signature', c(file), '--key', c(MT_KEY), ...ignore];
    }
    return [dir, '--signature', c(file), ...IBM, ...ignore];
  }
  if (file.startsWith('model-signing-spec/')) {
    const name = path.basename(file);
    if (name.startsWith('sigstore') || name.startsWith('missing-tlog')) return [c(`${MT}/v1.1.0-sigstore`), '--signature', c(file), ...IBM];
    const trust = name.startsWith('certificate') ? ['--certificate-chain', c(MT_CA)] : ['--key', c(MT_KEY)];
    return [c(`${MT}/v1.1.0-elliptic-key`), '--signature', c(file), ...trust, '--ignore', 'model.sig'];
  }
  if (file.startsWith('generated/')) {
    const key = file.includes('p384') ? 'generated/keys/p384-pub.pem' : 'generated/keys/p256-pub.pem';
    return [c('generated/tiny-model'), '--signature', c(file), '--key', c(key)];
  }
  throw new Error(`no convention for ${file}`);
}

function loadCases(): Case[] {
  const rows = fs.readFileSync(path.join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows
    .map((r) => r.split('\t'))
    .filter((f) => f[5] === 'valid' || f[5] === 'invalid')
    .map((f) => ({ file: f[0], expected: f[5] as 'valid' | 'invalid', args: argsFor(f[0]) }));
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyModelCommand(args, { stdout: (s) => (out += s + '\n'), stderr: (s) => (err += s + '\n') });
  return { code, out, err };
}

describe('signature corpus (../shared/corpus/sigstore)', function () {
  this.timeout(60_000);
  const present = fs.existsSync(path.join(CORPUS, 'MANIFEST.tsv'));
  const cases = present ? loadCases() : [];
  let passed = 0;

  before(function () {
    if (!present) {
      console.log('    skipped: ../shared is not present');
      this.skip();
    }
  });

  after(() => {
    if (present) console.log(`    ${passed} of ${cases.length} corpus cases give the expected outcome`);
  });

  for (const k of cases) {
    it(`${k.expected}: ${k.file}`, async () => {
      const r = await run(k.args);
      const want = k.expected === 'valid' ? 0 : 1;
      assert.equal(r.code, want, `${k.args.join(' ')}\n${r.out}${r.err}`);
      passed++;
    });
  }

  it('accepts a bundle chain ending in a trusted root, and rejects one whose root is not trusted', async function () {
    if (!present) this.skip();
    const text = fs.readFileSync(c('sigstore-js/tests-bundles/bundleV01-full-cert-chain.sigstore'), 'utf8');
    const trust = { ...emptyTrust(), identities: [{ identity: 'brian@dehamer.com', issuer: 'https://github.com/login/oauth' }] };
    const io = new MemoryWorkspaceIO();
    assert.equal((await verifySignature({ io, bundle: { text, source: 'b' }, trust })).ok, true);
    // The same CAs, but with their self-signed roots removed from the trusted chains.
    const data = { ...PUBLIC_GOOD_ROOT, certificateAuthorities: PUBLIC_GOOD_ROOT.certificateAuthorities.map((ca) => ({ ...ca, chain: ca.chain.slice(0, Math.max(1, ca.chain.length - 1)) })) };
    trust.root = parseTrustedRoot(JSON.stringify(trustedRootJSON(data)), 'no-roots.json');
    const r = await verifySignature({ io, bundle: { text, source: 'b' }, trust });
    assert.equal(r.ok, false);
    assert.match(r.errors[0].message, /contains a root certificate that is not a trusted root/);
  });

  describe('generated model directories', () => {
    const gen = (rel: string) => c(`generated/${rel}`);
    const cases2: [string, string, string, RegExp][] = [
      ['tiny-model-tampered', 'signatures/files-p256.sig', 'keys/p256-pub.pem', /FILE_CHANGED: config\.json differs/],
      ['tiny-model-extra-file', 'signatures/files-p256.sig', 'keys/p256-pub.pem', /FILE_EXTRA: extra\.bin is not in the signed manifest/],
      ['tiny-model-missing-file', 'signatures/files-p256.sig', 'keys/p256-pub.pem', /FILE_MISSING: tokenizer\/vocab\.txt/],
      ['tiny-model-tampered', 'signatures/shards16-p256.sig', 'keys/p256-pub.pem', /FILE_CHANGED: config\.json/],
      ['tiny-model', 'signatures/files-p256.sig', 'keys/unrelated-p256-pub.pem', /SIGNATURE_ERROR/],
      ['tiny-model', 'signatures/inconsistent-root-p256.sig', 'keys/p256-pub.pem', /manifest is inconsistent/],
      ['tiny-model', 'signatures/wrong-predicate-p256.sig', 'keys/p256-pub.pem', /predicate type is https:\/\/example\.com/],
    ];
    for (const [dir, sig, key, why] of cases2) {
      it(`rejects ${dir} with ${path.basename(sig)} and ${path.basename(key)}, saying why`, async function () {
        if (!present) this.skip();
        const r = await run([gen(dir), '--signature', gen(sig), '--key', gen(key)]);
        assert.equal(r.code, 1);
        assert.match(r.err, why);
      });
    }

    it('names the signer and the files of a valid signature', async function () {
      if (!present) this.skip();
      const r = await run([gen('tiny-model'), '--key', gen('keys/p256-pub.pem')]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /Verified: tiny-model is signed by the public key in .*p256-pub\.pem/);
      assert.match(r.out, /Files: 4 of 4 match/);
    });

    it('says who signed a Sigstore model signature and when', async function () {
      if (!present) this.skip();
      const r = await run([c(`${MT}/v1.1.0-sigstore`), ...IBM]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /signed by stefanb@us\.ibm\.com \(issuer https:\/\/sigstore\.verify\.ibm\.com\/oauth2\)/);
      assert.match(r.out, /Signed at 20\d\d-.*\(transparency log\)/);
    });

    it('rejects a Sigstore signature from an identity that is not trusted', async function () {
      if (!present) this.skip();
      const r = await run([c(`${MT}/v1.1.0-sigstore`), '--identity', 'stefanb@us.ibm.co', '--issuer', 'https://sigstore.verify.ibm.com/oauth2']);
      assert.equal(r.code, 1);
      assert.match(r.err, /UNTRUSTED_SIGNER: signed by stefanb@us\.ibm\.com/);
    });
  });
});
