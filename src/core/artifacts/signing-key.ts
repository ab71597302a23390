// Signing with a private key, offline, the way model_signing's key mode does: an elliptic-curve
// key (P-256, P-384 or P-521) read from PEM, a DSSE envelope over an in-toto statement signed with
// the curve's own hash, in a Sigstore bundle v0.3 whose verification material is the key's hint
// (the hex SHA-256 of the public key's SPKI PEM) and no transparency-log entry.

import { createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { dsse } from '@sigstore/core';

export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const BUNDLE_V03_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';

const CURVES: Record<string, { name: string; hash: string }> = {
  prime256v1: { name: 'P-256', hash: 'sha256' },
  secp384r1: { name: 'P-384', hash: 'sha384' },
  secp521r1: { name: 'P-521', hash: 'sha512' },
};

/** A private key that can sign, with what verifiers need to know about it. */
export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** P-256, P-384 or P-521. */
  curve: string;
  /** The hash the signature is made with: the curve's own, as model_signing does. */
  hash: string;
  /** model_signing's key hint: hex SHA-256 of the SPKI PEM of the public key. */
  hint: string;
}

/** Why a key cannot be used; the message is a sentence for the user. */
export class SigningKeyError extends Error {}

/**
 * Reads a PEM private key (PKCS#8 `PRIVATE KEY`, SEC 1 `EC PRIVATE KEY`, or `ENCRYPTED PRIVATE
 * KEY` with its password). Throws SigningKeyError saying what is wrong: not a private key, a
 * public key given instead, a wrong or missing password, an unsupported key type or curve.
 */
export function loadSigningKey(pem: string, source: string, password?: string): SigningKey {
  if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem)) {
    if (/-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(pem)) throw new SigningKeyError(`${source} holds a public key or certificate; signing needs the private key`);
    throw new SigningKeyError(`${source} is not a PEM private key`);
  }
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(pem);
  if (encrypted && password === undefined) throw new SigningKeyError(`${source} is encrypted; give its password`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem', ...(password !== undefined ? { passphrase: password } : {}) });
  } catch (e) {
    const why = encrypted ? 'the password is wrong or the key is damaged' : 'the key is damaged';
    throw new SigningKeyError(`${source} cannot be read: ${why} (${(e as Error).message})`, { cause: e });
  }
  if (privateKey.asymmetricKeyType !== 'ec') throw new SigningKeyError(`${source} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; only elliptic-curve keys (P-256, P-384, P-521) are supported`);
  const curveId = privateKey.asymmetricKeyDetails?.namedCurve ?? '';
  const curve = CURVES[curveId];
  if (!curve) throw new SigningKeyError(`${source} is a key on curve ${curveId || 'unknown'}; only P-256, P-384 and P-521 are supported`);
  const publicKey = createPublicKey(privateKey);
  const spkiPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return { privateKey, publicKey, curve: curve.name, hash: curve.hash, hint: createHash('sha256').update(spkiPem).digest('hex') };
}

/** The DSSE envelope of a payload, signed over its pre-authentication encoding. */
export function signEnvelope(payloadType: string, payload: Buffer, key: SigningKey): { payload: string; payloadType: string; signatures: { sig: string; keyid: string }[] } {
  const sig = sign(key.hash, dsse.preAuthEncoding(payloadType, payload), key.privateKey);
  return { payload: payload.toString('base64'), payloadType, signatures: [{ sig: sig.toString('base64'), keyid: '' }] };
}

/** A Sigstore bundle v0.3 holding an in-toto statement signed with `key` (JSON text, with a final newline). */
export function signStatement(statement: unknown, key: SigningKey): string {
  const payload = Buffer.from(JSON.stringify(statement, null, 2), 'utf8');
  const bundle = {
    mediaType: BUNDLE_V03_MEDIA_TYPE,
    verificationMaterial: { publicKey: { hint: key.hint }, tlogEntries: [] },
    dsseEnvelope: signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, key),
  };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
