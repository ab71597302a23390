#!/usr/bin/env node
// Generates the signed models of the example workspace (examples/ml-repo/models/): a small
// fraud-scoring model in safetensors format with an OpenSSF model signature (model_signing v1.0,
// key mode: a DSSE envelope in a Sigstore bundle v0.3), and a tampered copy whose weights changed
// after signing but which still carries the original signature. The signing key is the EXAMPLE
// key scripts/example-keys/model-signing.example-key.pem (created on the first run); its public
// half is written to examples/ml-repo/keys/ for `.mlsec.yaml` `models.trust`.
//
// The model bytes and the signed statement depend only on this script; an ECDSA signature does
// not (its nonce is random), so an existing model.sig that still verifies over the same statement
// is kept. `--check` changes nothing and exits 1 when a file is missing or out of date.
// Usage: node scripts/gen-example-models.js [--check]
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'examples', 'ml-repo');
const privateKeyFile = path.join(__dirname, 'example-keys', 'model-signing.example-key.pem');
const publicKeyFile = path.join(example, 'keys', 'model-signing.example.pub.pem');
const signedDir = path.join(example, 'models', 'fraud-scorer');
const tamperedDir = path.join(example, 'models', 'fraud-scorer-tampered');
const check = process.argv.includes('--check');

const KEY_LABEL = ['EXAMPLE KEY of the mlsec example workspace, made by scripts/gen-example-models.js.', 'It is public on purpose: never sign or trust anything real with it.', ''].join('\n');

const FEATURES = ['amount', 'hour', 'merchant_risk', 'card_age_days', 'foreign', 'velocity_1h', 'velocity_24h', 'chargebacks'];
const WEIGHTS = [0.82, -0.11, 1.37, -0.46, 0.93, 1.12, 0.58, 2.05];
const BIAS = -3.2;

/** A safetensors file: an 8-byte little-endian header length, the JSON header, then the tensors. */
function safetensors(weights, bias) {
  const data = Buffer.alloc((weights.length + 1) * 4);
  weights.forEach((w, i) => data.writeFloatLE(w, i * 4));
  data.writeFloatLE(bias, weights.length * 4);
  const header = {
    __metadata__: { format: 'pt', model: 'fraud-scorer', features: FEATURES.join(',') },
    bias: { dtype: 'F32', shape: [1], data_offsets: [weights.length * 4, (weights.length + 1) * 4] },
    weight: { dtype: 'F32', shape: [1, weights.length], data_offsets: [0, weights.length * 4] },
  };
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([len, Buffer.from(json, 'utf8'), data]);
}

const sha256 = (b) => crypto.createHash('sha256').update(b).digest('hex');

/** The model_signing v1.0 statement over the files of a model directory (name → bytes). */
function statement(name, files) {
  const names = Object.keys(files).sort();
  const resources = names.map((n) => ({ algorithm: 'sha256', digest: sha256(files[n]), name: n }));
  const rootDigest = crypto.createHash('sha256');
  for (const r of resources) rootDigest.update(Buffer.from(r.digest, 'hex'));
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: rootDigest.digest('hex') } }],
    predicateType: 'https://model_signing/signature/v1.0',
    predicate: {
      serialization: { method: 'files', hash_type: 'sha256', allow_symlinks: false, ignore_paths: ['model.sig', '.git', '.gitattributes', '.github', '.gitignore'] },
      resources,
    },
  };
}

const PAYLOAD_TYPE = 'application/vnd.in-toto+json';

/** DSSE pre-authentication encoding. */
function pae(type, payload) {
  return Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${payload.length} `), payload]);
}

function hintOf(publicKey) {
  return sha256(publicKey.export({ type: 'spki', format: 'pem' }).toString());
}

function bundle(payload, privateKey, publicKey) {
  const sig = crypto.sign('sha256', pae(PAYLOAD_TYPE, payload), privateKey);
  const b = {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: hintOf(publicKey) }, tlogEntries: [] },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType: PAYLOAD_TYPE, signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  };
  return `${JSON.stringify(b, null, 2)}\n`;
}

/** Whether an existing bundle signs exactly `payload` with `publicKey`. */
function stillValid(text, payload, publicKey) {
  try {
    const env = JSON.parse(text).dsseEnvelope;
    if (Buffer.from(env.payload, 'base64').compare(payload) !== 0) return false;
    return crypto.verify('sha256', pae(env.payloadType, payload), publicKey, Buffer.from(env.signatures[0].sig, 'base64'));
  } catch {
    return false;
  }
}

let stale = 0;
function write(file, content) {
  const old = fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  if (old && Buffer.from(content).equals(old)) return;
  stale++;
  if (check) {
    console.error(`${path.relative(root, file)} is ${old ? 'out of date' : 'missing'}`);
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  console.log(`wrote ${path.relative(root, file)}`);
}

function loadKey() {
  if (!fs.existsSync(privateKeyFile)) {
    if (check) throw new Error(`${path.relative(root, privateKeyFile)} is missing`);
    const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    write(privateKeyFile, KEY_LABEL + privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  const privateKey = crypto.createPrivateKey(fs.readFileSync(privateKeyFile, 'utf8').slice(KEY_LABEL.length));
  return { privateKey, publicKey: crypto.createPublicKey(privateKey) };
}

function main() {
  const { privateKey, publicKey } = loadKey();
  write(publicKeyFile, KEY_LABEL + publicKey.export({ type: 'spki', format: 'pem' }));
  const model = safetensors(WEIGHTS, BIAS);
  const payload = Buffer.from(JSON.stringify(statement(path.basename(signedDir), { 'model.safetensors': model }), null, 2), 'utf8');
  const sigFile = path.join(signedDir, 'model.sig');
  const existing = fs.existsSync(sigFile) ? fs.readFileSync(sigFile, 'utf8') : '';
  const sig = stillValid(existing, payload, publicKey) ? existing : bundle(payload, privateKey, publicKey);
  write(path.join(signedDir, 'model.safetensors'), model);
  write(sigFile, sig);
  // The tampered copy: one weight changed after signing (merchant risk no longer counts), the signature kept.
  const tampered = WEIGHTS.map((w, i) => (FEATURES[i] === 'merchant_risk' ? 0 : w));
  write(path.join(tamperedDir, 'model.safetensors'), safetensors(tampered, BIAS));
  write(path.join(tamperedDir, 'model.sig'), sig);
  if (check && stale) process.exit(1);
}

main();
