// Who may sign models: exact identities with their OIDC issuer, public keys, private-PKI
// certificate chains and the Sigstore trusted root, loaded from `.mlsec.yaml` (through
// WorkspaceIO) or from command-line files.

import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { X509Certificate } from '@sigstore/core';
import type { TrustPolicy } from '../config';
import type { WorkspaceIO } from '../workspace/io';
import { emptyRoot, parseTrustedRoot, publicGoodRoot, type LoadedRoot } from './signature-root';
import { appendAll } from '../collections';

/** An exact certificate identity (email or URI SAN) and the exact OIDC issuer that vouched for it. */
export interface TrustedIdentity {
  identity: string;
  issuer: string;
}

export interface TrustedKey {
  /** Where the key was read from. */
  source: string;
  key: KeyObject;
  /** The hints a bundle may carry for this key: base64 sha256 of the DER (Sigstore), hex sha256 of the PEM (model_signing). */
  hints: string[];
}

export interface TrustedChain {
  source: string;
  certificates: X509Certificate[];
}

export interface Trust {
  identities: TrustedIdentity[];
  keys: TrustedKey[];
  chains: TrustedChain[];
  root: LoadedRoot;
}

/** The shipped public-good root and nothing else: signatures verify, but no signer is trusted. */
export function emptyTrust(): Trust {
  return { identities: [], keys: [], chains: [], root: publicGoodRoot() };
}

/** Whether anything says who may sign (otherwise only the cryptography can be checked). */
export function hasSigners(t: Trust): boolean {
  return t.identities.length > 0 || t.keys.length > 0 || t.chains.length > 0;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function pemBlocks(text: string): { label: string; der: Buffer<ArrayBuffer> }[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => ({ label: m[1], der: Buffer.from(m[2].replace(/\s+/g, ''), 'base64') as Buffer<ArrayBuffer> }));
}

export function keyHints(key: KeyObject): string[] {
  const der = key.export({ type: 'spki', format: 'der' });
  const pem = key.export({ type: 'spki', format: 'pem' }).toString();
  return [createHash('sha256').update(der).digest('base64'), createHash('sha256').update(pem).digest('hex')];
}

/**
 * Reads public keys from PEM text: `PUBLIC KEY` blocks, and the key of each `CERTIFICATE`
 * block. Text around the blocks (certtool writes a description first) is ignored.
 */
export function parsePublicKeys(text: string, source: string): TrustedKey[] {
  const keys: TrustedKey[] = [];
  for (const b of pemBlocks(text)) {
    let key: KeyObject | undefined;
    if (b.label === 'PUBLIC KEY') key = createPublicKey({ key: b.der, format: 'der', type: 'spki' });
    else if (b.label === 'CERTIFICATE') key = createPublicKey({ key: X509Certificate.parse(b.der).publicKey, format: 'der', type: 'spki' });
    if (key) keys.push({ source, key, hints: keyHints(key) });
  }
  if (!keys.length) throw new Error(`${source} holds no PEM public key`);
  return keys;
}

/** Reads the certificates of a PEM chain, in the order written. */
export function parseCertificates(text: string, source: string): TrustedChain {
  const certificates = pemBlocks(text)
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => X509Certificate.parse(b.der));
  if (!certificates.length) throw new Error(`${source} holds no PEM certificate`);
  return { source, certificates };
}

/** What a trust policy could not load, with the rest still usable. */
export interface LoadedTrust {
  trust: Trust;
  problems: string[];
}

/** Loads `.mlsec.yaml` `models.trust`; key, chain and root paths are workspace-relative. */
export async function loadTrustPolicy(io: WorkspaceIO, policy: TrustPolicy | undefined): Promise<LoadedTrust> {
  const trust = emptyTrust();
  const problems: string[] = [];
  if (!policy) return { trust, problems };
  for (const id of policy.identities ?? []) {
    if (id.identity && id.issuer) trust.identities.push({ identity: id.identity, issuer: id.issuer });
  }
  const read = async (rel: string) => (await io.readFile(rel, 16 * 1024 * 1024)).toString('utf8');
  for (const rel of policy.publicKeys ?? []) {
    try {
      appendAll(trust.keys, parsePublicKeys(await read(rel), rel));
    } catch (e) {
      problems.push(`models.trust.publicKeys: ${rel}: ${(e as Error).message}`);
    }
  }
  for (const rel of policy.certificateChains ?? []) {
    try {
      trust.chains.push(parseCertificates(await read(rel), rel));
    } catch (e) {
      problems.push(`models.trust.certificateChains: ${rel}: ${(e as Error).message}`);
    }
  }
  if (policy.trustedRoot) {
    try {
      trust.root = parseTrustedRoot(await read(policy.trustedRoot), policy.trustedRoot);
    } catch (e) {
      // Fail closed: a broken private root must not silently widen trust to the public-good one.
      trust.root = emptyRoot(policy.trustedRoot);
      problems.push(`models.trust.trustedRoot: ${policy.trustedRoot}: ${(e as Error).message}; Sigstore signatures cannot be verified until it is fixed`);
    }
  }
  return { trust, problems };
}
