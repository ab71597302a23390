// The signature layer of a Sigstore bundle, verified offline: Fulcio certificates with their
// transparency-log and timestamp evidence (through @sigstore/verify), public keys, and private-PKI
// certificate chains (checked here, since the library needs timestamps for those). It also closes
// the library's gaps: ECDSA P-384/P-521 DSSE signatures hashed to match the curve, the legacy
// model_signing PAE, root certificates smuggled into a bundle's chain, and streaming of large
// signed files.

import { createHash, createPublicKey, createVerify, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { assertBundle, bundleFromJSON, ValidationError, type Bundle } from '@sigstore/bundle';
import { dsse, X509Certificate } from '@sigstore/core';
import { Bundle as BundleMessage, HashAlgorithm } from '@sigstore/protobuf-specs';
import { PolicyError, toSignedEntity, toTrustMaterial, VerificationError, Verifier, type SignedEntity } from '@sigstore/verify';
import type { Problem } from '../model';
import type { Trust, TrustedKey } from './signature-trust';

/** Media types of the bundle versions mlsec understands. */
export const BUNDLE_MEDIA_TYPES = [
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
];

/** Raised while reading a bundle; carries the code reported to users. */
export class BundleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Signer {
  method: 'sigstore' | 'key' | 'certificate';
  /** Certificate identity (email or URI SAN). */
  identity?: string;
  /** OIDC issuer recorded in a Fulcio certificate. */
  issuer?: string;
  /** Where the trusted key or chain came from. */
  trustedBy?: string;
  /** Subject common name of a private-PKI signing certificate. */
  subject?: string;
}

export interface SignedTime {
  time: Date;
  source: 'transparency log' | 'timestamp authority';
}

export interface SignatureLayer {
  ok: boolean;
  signer?: Signer;
  timestamps: SignedTime[];
  error?: Problem;
  /** Nothing configured can vouch for this signature (no key, chain or identity applies). */
  untrusted: boolean;
  /** Verified, but no identity, key or chain is configured, so who signed was not checked. */
  signerUnchecked: boolean;
}

/** A signed file, streamed once for message signatures. */
export interface ArtifactInput {
  size: number;
  stream(onChunk: (chunk: Buffer) => void): Promise<void>;
}

/** Parses bundle JSON: strictly by media type, except v0.3 certificate chains (model_signing writes them). */
export function parseBundle(text: string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new BundleError('INVALID_BUNDLE', `the bundle is not valid JSON (${(e as Error).message})`);
  }
  const mediaType = (json as { mediaType?: unknown } | null)?.mediaType;
  if (typeof mediaType !== 'string' || !BUNDLE_MEDIA_TYPES.includes(mediaType)) {
    throw new BundleError('INVALID_BUNDLE', `unknown bundle media type ${JSON.stringify(mediaType)}`);
  }
  try {
    return bundleFromJSON(json);
  } catch (e) {
    const fields = e instanceof ValidationError ? (e.fields ?? []) : [];
    const chainOnly = fields.length === 1 && fields[0] === 'verificationMaterial.content.$case';
    if (chainOnly) {
      try {
        const b = BundleMessage.fromJSON(json);
        assertBundle(b);
        return b as Bundle;
      } catch (e2) {
        throw new BundleError('INVALID_BUNDLE', describeValidation(e2));
      }
    }
    throw new BundleError('INVALID_BUNDLE', describeValidation(e));
  }
}

function describeValidation(e: unknown): string {
  if (e instanceof ValidationError) return `the bundle is invalid (${e.message}: ${(e.fields ?? []).join(', ')})`;
  return `the bundle is invalid (${(e as Error).message})`;
}

/** The DSSE envelope of a bundle, when it has one. */
export function envelopeOf(b: Bundle): { payloadType: string; payload: Buffer } | undefined {
  return b.content.$case === 'dsseEnvelope' ? { payloadType: b.content.dsseEnvelope.payloadType, payload: Buffer.from(b.content.dsseEnvelope.payload) } : undefined;
}

const CURVE_HASH: Record<string, string> = { prime256v1: 'sha256', secp384r1: 'sha384', secp521r1: 'sha512' };

/** The hash algorithms to try for a key: the curve's own first, then SHA-256 as sigstore-js signs. */
function hashesFor(key: KeyObject): (string | null)[] {
  if (key.asymmetricKeyType === 'ed25519' || key.asymmetricKeyType === 'ed448') return [null];
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const own = curve ? CURVE_HASH[curve] : undefined;
  return own && own !== 'sha256' ? [own, 'sha256'] : ['sha256'];
}

/** The buggy PAE of model_signing 0.2: `DSSEV1 <n> <type> <n> b'<Python bytes repr>'`. */
function legacyPae(payloadType: string, payload: Buffer): Buffer {
  const hasSingle = payload.includes(0x27);
  const quote = hasSingle && !payload.includes(0x22) ? '"' : "'";
  let repr = '';
  for (const c of payload) {
    if (c === 0x5c) repr += '\\\\';
    else if (c === quote.charCodeAt(0)) repr += `\\${quote}`;
    else if (c === 0x09) repr += '\\t';
    else if (c === 0x0a) repr += '\\n';
    else if (c === 0x0d) repr += '\\r';
    else if (c < 0x20 || c >= 0x7f) repr += `\\x${c.toString(16).padStart(2, '0')}`;
    else repr += String.fromCharCode(c);
  }
  return Buffer.from(`DSSEV1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} b${quote}${repr}${quote}`, 'utf8');
}

/** Verifies a DSSE signature with every encoding and hash a legitimate signer may have used. */
function verifyDsse(env: { payloadType: string; payload: Buffer }, sig: Buffer, key: KeyObject, legacy: boolean): boolean {
  const messages = [dsse.preAuthEncoding(env.payloadType, env.payload)];
  if (legacy) messages.push(legacyPae(env.payloadType, env.payload));
  for (const m of messages) {
    for (const h of hashesFor(key)) {
      try {
        if (cryptoVerify(h, m, key, sig)) return true;
      } catch {
        // A key type that cannot use this hash: try the next.
      }
    }
  }
  return false;
}

const HASH_NAMES: Partial<Record<HashAlgorithm, string>> = {
  [HashAlgorithm.HASH_ALGORITHM_UNSPECIFIED]: 'sha256',
  [HashAlgorithm.SHA2_256]: 'sha256',
  [HashAlgorithm.SHA2_384]: 'sha384',
  [HashAlgorithm.SHA2_512]: 'sha512',
  [HashAlgorithm.SHA3_256]: 'sha3-256',
  [HashAlgorithm.SHA3_384]: 'sha3-384',
};

/** Ed25519 needs the whole message; files larger than this cannot be checked against such keys. */
const ED25519_MESSAGE_MAX = 256 * 1024 * 1024;

function spki(key: KeyObject): Buffer {
  return key.export({ type: 'spki', format: 'der' });
}

/**
 * Streams a signed file once, computing its digest and a signature check for every candidate
 * key, so a multi-gigabyte model is never held in memory.
 */
async function checkMessage(artifact: ArtifactInput, algorithm: string, signature: Buffer, keys: KeyObject[]): Promise<{ digest: Buffer; verified: Buffer[] }> {
  const hash = createHash(algorithm);
  const streaming = keys.map((k) => (hashesFor(k)[0] === null ? undefined : createVerify(algorithm)));
  const whole: Buffer[] = [];
  const needWhole = streaming.some((v) => v === undefined) && artifact.size <= ED25519_MESSAGE_MAX;
  await artifact.stream((chunk) => {
    hash.update(chunk);
    for (const v of streaming) v?.update(chunk);
    if (needWhole) whole.push(chunk);
  });
  const verified: Buffer[] = [];
  keys.forEach((k, i) => {
    const v = streaming[i];
    let ok: boolean;
    try {
      ok = v ? v.verify(k, signature) : needWhole && cryptoVerify(null, Buffer.concat(whole), k, signature);
    } catch {
      ok = false;
    }
    if (ok) verified.push(spki(k));
  });
  return { digest: hash.digest(), verified };
}

function toError(e: unknown): Problem {
  if (e instanceof PolicyError) return { level: 'error', code: 'UNTRUSTED_SIGNER', message: e.message };
  if (e instanceof VerificationError) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    return { level: 'error', code: e.code, message: cause && !e.message.includes(cause) ? `${e.message}: ${cause}` : e.message };
  }
  if (e instanceof BundleError) return { level: 'error', code: e.code, message: e.message };
  return { level: 'error', code: 'INVALID_BUNDLE', message: `the bundle could not be checked (${(e as Error).message})` };
}

function certificatesOf(b: Bundle): X509Certificate[] {
  const c = b.verificationMaterial.content;
  if (c.$case === 'x509CertificateChain') return c.x509CertificateChain.certificates.map((x) => X509Certificate.parse(Buffer.from(x.rawBytes)));
  if (c.$case === 'certificate') return [X509Certificate.parse(Buffer.from(c.certificate.rawBytes))];
  return [];
}

function commonName(cert: X509Certificate): string | undefined {
  const der = cert.subject;
  const oid = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
  const at = der.indexOf(oid);
  if (at < 0) return undefined;
  const len = der[at + oid.length + 1];
  return der.toString('utf8', at + oid.length + 2, at + oid.length + 2 + len);
}

const EKU_CODE_SIGNING = Buffer.from([0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03]);

/** Builds leaf → … → anchor through the bundle's intermediates; undefined when no anchor is reached. */
function chainToAnchor(certs: X509Certificate[], anchors: { cert: X509Certificate; source: string }[]): { path: X509Certificate[]; source: string } | undefined {
  const path = [certs[0]];
  let current = certs[0];
  for (let depth = 0; depth < 10; depth++) {
    const pinned = anchors.find((a) => a.cert.equals(current));
    if (pinned) return { path, source: pinned.source };
    const issuedBy = (c: X509Certificate) => c.subject.equals(current.issuer) && current.verify(c);
    const anchor = anchors.find((a) => issuedBy(a.cert));
    if (anchor) return { path: [...path, anchor.cert], source: anchor.source };
    const next = certs.slice(1).find((c) => !path.includes(c) && issuedBy(c));
    if (!next) return undefined;
    path.push(next);
    current = next;
  }
  return undefined;
}

/**
 * A bundle's chain may carry intermediates, and the root only when it is one of the trusted
 * roots at the end of a properly ordered chain; any other self-signed certificate is an attempt
 * to bring its own trust anchor.
 */
function checkBundleChain(certs: X509Certificate[], trust: Trust): Problem | undefined {
  if (certs.length < 2) return undefined;
  const trustedRoots = trust.root.root.certificateAuthorities.flatMap((ca) => (ca.certChain?.certificates ?? []).map((c) => X509Certificate.parse(Buffer.from(c.rawBytes))));
  for (let i = 1; i < certs.length; i++) {
    const c = certs[i];
    const selfSigned = c.subject.equals(c.issuer) && c.verify();
    if (!certs[i - 1].verify(c)) return { level: 'error', code: 'CERTIFICATE_ERROR', message: `certificate ${i + 1} of the bundle's chain did not issue certificate ${i}` };
    if (selfSigned && (i !== certs.length - 1 || !trustedRoots.some((r) => r.equals(c)))) {
      return { level: 'error', code: 'CERTIFICATE_ERROR', message: 'the bundle\u2019s certificate chain contains a root certificate that is not a trusted root' };
    }
  }
  return undefined;
}

function timestampsOf(entity: SignedEntity): SignedTime[] {
  return entity.timestamps.map((t) =>
    t.$case === 'transparency-log'
      ? { time: new Date(Number(t.tlogEntry.integratedTime) * 1000), source: 'transparency log' as const }
      : { time: t.timestamp.signingTime, source: 'timestamp authority' as const },
  );
}

/** What every outcome of one bundle's check carries: its signed times and whether trust was missing. */
type LayerBase = Pick<SignatureLayer, 'timestamps' | 'untrusted' | 'signerUnchecked'>;

const failed = (base: LayerBase, error: Problem, extra: Partial<SignatureLayer> = {}): SignatureLayer => ({ ...base, ok: false, error, ...extra });

/**
 * Verifies the signature layer of a bundle. `artifact` is needed for message signatures; DSSE
 * signatures cover their payload, and the caller ties the payload to files. `legacy` accepts
 * model_signing 0.2's PAE encoding.
 */
export async function verifySignatureLayer(b: Bundle, trust: Trust, artifact: ArtifactInput | undefined, legacy = false): Promise<SignatureLayer> {
  const base: LayerBase = { timestamps: [], untrusted: false, signerUnchecked: false };
  let entity: SignedEntity;
  let certs: X509Certificate[];
  try {
    entity = toSignedEntity(b, Buffer.alloc(0));
    certs = certificatesOf(b);
  } catch (e) {
    return failed(base, toError(e));
  }
  base.timestamps = timestampsOf(entity);
  const material = b.verificationMaterial.content;
  if ((material.$case === 'x509CertificateChain' || material.$case === 'certificate') && certs.length === 0) {
    return failed(base, { level: 'error', code: 'INVALID_BUNDLE', message: 'the bundle\u2019s certificate chain is empty' });
  }
  const anchors = trust.chains.flatMap((c) => c.certificates.map((cert) => ({ cert, source: c.source })));
  const pki = certs.length ? chainToAnchor(certs, anchors) : undefined;
  const keyCandidates: TrustedKey[] = material.$case === 'publicKey' ? orderByHint(trust.keys, material.publicKey.hint) : [];
  const candidateKeys = certs.length ? [createPublicKey({ key: Buffer.from(certs[0].publicKey), format: 'der', type: 'spki' })] : keyCandidates.map((k) => k.key);

  const routed = await routeSignatureCheck(b, entity, artifact, candidateKeys, legacy);
  if ('level' in routed) return failed(base, routed);
  entity = routed;

  if (material.$case === 'publicKey') return verifyWithKeys(entity, keyCandidates, material.publicKey.hint, trust, base);
  if (pki) return verifyPrivateChain(entity, pki, base);
  return verifySigstore(entity, certs, trust, base);
}

/**
 * The entity with its signature check routed through mlsec's own, which knows curve hashes,
 * legacy PAE and streamed files; or why the check cannot be made.
 */
async function routeSignatureCheck(b: Bundle, entity: SignedEntity, artifact: ArtifactInput | undefined, candidateKeys: KeyObject[], legacy: boolean): Promise<SignedEntity | Problem> {
  const original = entity.signature;
  if (b.content.$case === 'messageSignature') {
    if (!artifact) return { level: 'error', code: 'ARTIFACT_REQUIRED', message: 'the bundle signs a file directly, so the file is needed to verify it' };
    const md = b.content.messageSignature.messageDigest;
    const algorithm = HASH_NAMES[md?.algorithm ?? HashAlgorithm.SHA2_256] ?? 'sha256';
    const checked = await checkMessage(artifact, algorithm, Buffer.from(b.content.messageSignature.signature), candidateKeys);
    if (md && !checked.digest.equals(Buffer.from(md.digest))) {
      return {
        level: 'error',
        code: 'ARTIFACT_DIGEST_MISMATCH',
        message: `the file's ${algorithm} (${checked.digest.toString('hex')}) differs from the digest the bundle signs (${Buffer.from(md.digest).toString('hex')})`,
      };
    }
    return {
      ...entity,
      signature: {
        signature: original.signature,
        compareSignature: (s) => original.compareSignature(s),
        compareDigest: (d) => original.compareDigest(d),
        verifySignature: (key) => checked.verified.some((d) => d.equals(spki(key))),
      },
    };
  }
  const env = b.content.dsseEnvelope;
  const sig = Buffer.from(env.signatures[0]?.sig ?? Buffer.alloc(0));
  const payload = { payloadType: env.payloadType, payload: Buffer.from(env.payload) };
  // Rekor v2 logs a DSSE envelope as a hashedrekord entry over the digest of its PAE.
  const paeDigest = createHash('sha256').update(dsse.preAuthEncoding(payload.payloadType, payload.payload)).digest();
  return {
    ...entity,
    signature: {
      signature: original.signature,
      compareSignature: (s) => original.compareSignature(s),
      compareDigest: (d) => original.compareDigest(d) || paeDigest.equals(d),
      verifySignature: (key) => verifyDsse(payload, sig, key, legacy),
    },
  };
}

/** A bundle signed with a bare public key: verified with each configured key, the hinted ones first. */
function verifyWithKeys(entity: SignedEntity, keyCandidates: TrustedKey[], hint: string, trust: Trust, base: LayerBase): SignatureLayer {
  if (!keyCandidates.length) {
    return failed(
      base,
      { level: 'error', code: 'NO_TRUSTED_KEY', message: `the bundle is signed with a public key${hint ? ` (hint ${hint})` : ''}, and no public key is configured to check it` },
      { untrusted: true },
    );
  }
  let last: Problem | undefined;
  for (const k of keyCandidates) {
    const verifier = new Verifier(
      toTrustMaterial(trust.root.root, () => ({ publicKey: k.key, validFor: () => true })),
      { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 },
    );
    try {
      verifier.verify(entity);
      return { ...base, ok: true, signer: { method: 'key', trustedBy: k.source } };
    } catch (e) {
      last = toError(e);
      // Transparency-log problems do not depend on the key: report them as they are.
      if (last.code !== 'SIGNATURE_ERROR') return failed(base, last);
    }
  }
  return failed(base, {
    level: 'error',
    code: 'SIGNATURE_ERROR',
    message: `the signature does not verify with ${keyCandidates.length === 1 ? `the configured public key (${keyCandidates[0].source})` : `any of the ${keyCandidates.length} configured public keys`}`,
  });
}

/** A Sigstore certificate chain: verified against the trusted root, then its identity against the trusted identities. */
function verifySigstore(entity: SignedEntity, certs: X509Certificate[], trust: Trust, base: LayerBase): SignatureLayer {
  const chainProblem = checkBundleChain(certs, trust);
  if (chainProblem) return failed(base, chainProblem);
  // A Sigstore certificate is short-lived and only proves anything with a log entry or a
  // timestamp; a chain with neither is a private PKI that no configured chain vouches for.
  if (!entity.tlogEntries.length && !entity.timestamps.length) {
    return failed(
      base,
      {
        level: 'error',
        code: 'NO_TRUSTED_CHAIN',
        message: `the bundle carries a private certificate chain (signer ${commonName(certs[0]) ?? certs[0].subjectAltName ?? 'unknown'}), and no configured certificate chain issued it`,
      },
      { untrusted: trust.chains.length === 0 },
    );
  }
  try {
    const signer = new Verifier(toTrustMaterial(trust.root.root)).verify(entity);
    const identity = signer.identity?.subjectAlternativeName;
    const issuer = signer.identity?.extensions?.issuer;
    const who: Signer = { method: 'sigstore', ...(identity ? { identity } : {}), ...(issuer ? { issuer } : {}), trustedBy: trust.root.source };
    if (!trust.identities.length) {
      if (trust.keys.length || trust.chains.length)
        return failed(
          base,
          { level: 'error', code: 'UNTRUSTED_SIGNER', message: `signed by ${identity ?? 'an unknown identity'}, but only public keys or certificate chains are trusted` },
          { signer: who },
        );
      return { ...base, ok: true, signer: who, signerUnchecked: true };
    }
    const match = trust.identities.find((t) => t.identity === identity && t.issuer === issuer);
    if (!match) {
      return failed(
        base,
        { level: 'error', code: 'UNTRUSTED_SIGNER', message: `signed by ${identity ?? 'an unknown identity'} (issuer ${issuer ?? 'unknown'}), which is not a trusted identity` },
        { signer: who },
      );
    }
    return { ...base, ok: true, signer: who };
  } catch (e) {
    return failed(base, toError(e));
  }
}

function orderByHint(keys: TrustedKey[], hint: string): TrustedKey[] {
  return [...keys].sort((a, b) => Number(b.hints.includes(hint)) - Number(a.hints.includes(hint)));
}

/**
 * Private-PKI chains (model_signing "certificate" signatures) carry no timestamps, so, as
 * model_signing does, the chain is checked at the leaf's notBefore: every certificate valid then,
 * every issuer a CA, and the leaf allowed to sign (digitalSignature or code signing).
 */
function verifyPrivateChain(entity: SignedEntity, pki: { path: X509Certificate[]; source: string }, base: Omit<SignatureLayer, 'ok'>): SignatureLayer {
  const fail = (message: string): SignatureLayer => ({ ...base, ok: false, error: { level: 'error', code: 'CERTIFICATE_ERROR', message } });
  const [leaf, ...issuers] = pki.path;
  const at = leaf.notBefore;
  for (const c of pki.path) if (!c.validForDate(at)) return fail(`certificate ${commonName(c) ?? ''} is not valid at ${at.toISOString()}, when the signing certificate was issued`);
  for (const c of issuers) if (!c.isCA) return fail(`certificate ${commonName(c) ?? ''} issued the signing certificate but is not a CA`);
  const eku = leaf.extension('2.5.29.37');
  const canSign = leaf.extKeyUsage?.digitalSignature || (eku && Buffer.from(eku.value).includes(EKU_CODE_SIGNING));
  if (!canSign) return fail('the signing certificate is not allowed to sign (no digitalSignature key usage or code-signing extended key usage)');
  const key = createPublicKey({ key: Buffer.from(leaf.publicKey), format: 'der', type: 'spki' });
  if (!entity.signature.verifySignature(key))
    return { ...base, ok: false, error: { level: 'error', code: 'SIGNATURE_ERROR', message: 'the signature does not verify with the signing certificate\u2019s key' } };
  const subject = commonName(leaf) ?? leaf.subjectAltName;
  return { ...base, ok: true, signer: { method: 'certificate', ...(subject ? { subject } : {}), ...(leaf.subjectAltName ? { identity: leaf.subjectAltName } : {}), trustedBy: pki.source } };
}
