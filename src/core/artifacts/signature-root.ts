// Sigstore trusted roots: mlsec's compact form of the shipped public-good root, conversion to
// the protobuf TrustedRoot that @sigstore/verify reads, and the validation the library skips.

import { TrustedRoot } from '@sigstore/protobuf-specs';
import { PUBLIC_GOOD_ROOT } from './signature-public-good';

/** A transparency log or CT log key. Keys and certificates are base64 DER. */
export interface RootLog {
  url: string;
  keyType: string;
  key: string;
  logId: string;
  start: string;
  end?: string;
}

/** A certificate authority (Fulcio) or timestamp authority with its chain, leaf first. */
export interface RootAuthority {
  url: string;
  organization: string;
  commonName: string;
  chain: string[];
  start: string;
  end?: string;
}

export interface TrustedRootData {
  logs: RootLog[];
  ctLogs: RootLog[];
  certificateAuthorities: RootAuthority[];
  timestampAuthorities: RootAuthority[];
}

const MEDIA_TYPE = 'application/vnd.dev.sigstore.trustedroot+json;version=0.1';

/** The trusted_root.json shape of mlsec's compact data. */
export function trustedRootJSON(data: TrustedRootData): Record<string, unknown> {
  const log = (l: RootLog) => ({
    baseUrl: l.url,
    hashAlgorithm: 'SHA2_256',
    publicKey: { rawBytes: l.key, keyDetails: l.keyType, validFor: { start: l.start, ...(l.end ? { end: l.end } : {}) } },
    logId: { keyId: l.logId },
  });
  const authority = (a: RootAuthority) => ({
    subject: { organization: a.organization, commonName: a.commonName },
    uri: a.url,
    certChain: { certificates: a.chain.map((rawBytes) => ({ rawBytes })) },
    validFor: { start: a.start, ...(a.end ? { end: a.end } : {}) },
  });
  return {
    mediaType: MEDIA_TYPE,
    tlogs: data.logs.map(log),
    certificateAuthorities: data.certificateAuthorities.map(authority),
    ctlogs: data.ctLogs.map(log),
    timestampAuthorities: data.timestampAuthorities.map(authority),
  };
}

/** A loaded trusted root with where it came from. */
export interface LoadedRoot {
  root: TrustedRoot;
  source: string;
}

/** The Sigstore public-good root shipped with mlsec. */
export function publicGoodRoot(): LoadedRoot {
  return { root: TrustedRoot.fromJSON(trustedRootJSON(PUBLIC_GOOD_ROOT)), source: 'the Sigstore public-good root shipped with mlsec' };
}

/**
 * Parses a trusted_root.json. Every log, CA and TSA entry must state when its validity starts:
 * @sigstore/verify reads a missing start as "valid since the beginning of time", which would let
 * a key vouch for signatures made before it existed.
 */
export function parseTrustedRoot(text: string, source: string): LoadedRoot {
  const json = JSON.parse(text) as Record<string, unknown>;
  if (!json || typeof json !== 'object') throw new Error('not a JSON object');
  const missing: string[] = [];
  const logs = (key: string) => (Array.isArray(json[key]) ? (json[key] as Record<string, Record<string, Record<string, unknown>>>[]) : []);
  for (const key of ['tlogs', 'ctlogs']) {
    for (const l of logs(key)) if (!l.publicKey?.validFor?.start) missing.push(`${key} ${String(l.baseUrl ?? '?')}`);
  }
  for (const key of ['certificateAuthorities', 'timestampAuthorities']) {
    for (const a of logs(key) as unknown as Record<string, Record<string, unknown>>[]) if (!a.validFor?.start) missing.push(`${key} ${String(a.uri ?? '?')}`);
  }
  if (missing.length) throw new Error(`entries without a validity start (validFor.start): ${missing.join(', ')}`);
  return { root: TrustedRoot.fromJSON(json), source };
}

/** A root that trusts nothing, used when a configured root cannot be read. */
export function emptyRoot(source: string): LoadedRoot {
  return { root: TrustedRoot.fromJSON({ mediaType: MEDIA_TYPE, tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] }), source: `${source} (unreadable)` };
}
