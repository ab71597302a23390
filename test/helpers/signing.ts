// Signs model files and directories in Node the way model_signing and cosign do with a key
// (v0.3 bundles without a transparency log), so signature tests need no external data.

import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { dsse } from '@sigstore/core';

export interface TestKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  pem: string;
}

export function newKey(curve: 'P-256' | 'P-384' = 'P-256'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  return { privateKey, publicKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

const MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest();

function hint(key: TestKey): string {
  return sha256(key.pem).toString('hex');
}

/** A DSSE bundle over an in-toto statement, signed with the curve's hash as model_signing does. */
export function dsseBundle(statement: unknown, key: TestKey): string {
  const payload = Buffer.from(JSON.stringify(statement, null, 2));
  const pae = dsse.preAuthEncoding('application/vnd.in-toto+json', payload);
  const hash = key.publicKey.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'sha384' : 'sha256';
  const sig = sign(hash, pae, key.privateKey);
  return JSON.stringify({
    mediaType: MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: hint(key) }, tlogEntries: [] },
    dsseEnvelope: { payload: payload.toString('base64'), payloadType: 'application/vnd.in-toto+json', signatures: [{ sig: sig.toString('base64'), keyid: '' }] },
  });
}

/** The model_signing v1.0 statement for files (name → content) of a model called `name`. */
export function modelStatement(name: string, files: Record<string, Buffer | string>, options: { shardSize?: number; ignore?: string[] } = {}): unknown {
  const resources: { name: string; algorithm: string; digest: string }[] = [];
  for (const file of Object.keys(files).sort()) {
    const data = Buffer.from(files[file]);
    if (options.shardSize) {
      for (let at = 0; at < data.length; at += options.shardSize) {
        const end = Math.min(at + options.shardSize, data.length);
        resources.push({ name: `${file}:${at}:${end}`, algorithm: `sha256-sharded-${options.shardSize}`, digest: sha256(data.subarray(at, end)).toString('hex') });
      }
    } else resources.push({ name: file, algorithm: 'sha256', digest: sha256(data).toString('hex') });
  }
  const root = createHash('sha256');
  for (const r of resources) root.update(Buffer.from(r.digest, 'hex'));
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name, digest: { sha256: root.digest('hex') } }],
    predicateType: 'https://model_signing/signature/v1.0',
    predicate: {
      serialization: {
        method: options.shardSize ? 'shards' : 'files',
        hash_type: 'sha256',
        allow_symlinks: false,
        ignore_paths: ['model.sig', '.git', '.gitattributes', '.github', '.gitignore', ...(options.ignore ?? [])],
        ...(options.shardSize ? { shard_size: options.shardSize } : {}),
      },
      resources,
    },
  };
}

/** A `model.sig` for a directory holding `files`. */
export function signModel(name: string, files: Record<string, Buffer | string>, key: TestKey, options: { shardSize?: number; ignore?: string[] } = {}): string {
  return dsseBundle(modelStatement(name, files, options), key);
}

/** A message-signature bundle for one file (as `cosign sign-blob --key` writes without a log). */
export function signFile(data: Buffer, key: TestKey): string {
  return JSON.stringify({
    mediaType: MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: hint(key) }, tlogEntries: [] },
    messageSignature: { messageDigest: { algorithm: 'SHA2_256', digest: sha256(data).toString('base64') }, signature: sign('sha256', data, key.privateKey).toString('base64') },
  });
}
