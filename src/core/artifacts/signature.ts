// Offline verification of model signatures, as a pure API over WorkspaceIO shared by the
// workspace enricher, the CLI and the editor: Sigstore bundles for one file
// (`<file>.sigstore.json`, `.sigstore`, `.bundle`) and OpenSSF model-signing signatures for a
// model directory (`model.sig`), with every digest recomputed by streaming.

import { createHash } from 'node:crypto';
import { appendAll } from '../collections';
import type { SignatureFileFact } from '../facts/model-files';
import { codedMessage, type Problem } from '../model';
import { dirOf } from '../paths';
import type { WorkspaceIO } from '../workspace/io';
import { BundleError, envelopeOf, parseBundle, verifySignatureLayer, type Signer, type SignedTime } from './signature-bundle';
import { checkModelFiles, checkRootDigest, parseStatement, PREDICATE_LEGACY, type FileCheck, type Subject } from './signature-manifest';
import type { Trust } from './signature-trust';

export type { FileCheck, Signer, SignedTime };

/** Suffixes of a Sigstore bundle that signs the file it is named after. */
export const BUNDLE_SUFFIXES = ['.sigstore.json', '.sigstore', '.bundle'];
/** The name model_signing gives a directory's signature. */
export const MODEL_SIGNATURE_NAME = 'model.sig';

export interface VerifyRequest {
  io: WorkspaceIO;
  /** The signed file or model directory, relative to `io.root`; omit to check a DSSE bundle alone. */
  target?: string;
  /** The bundle JSON and a description of where it came from (a path, for messages). */
  bundle: { text: string; source: string };
  trust: Trust;
  /** More paths, relative to the model directory, that were not signed (model_signing --ignore-paths). */
  ignorePaths?: string[];
  /** Files in the directory that the manifest does not list are allowed. */
  allowExtraFiles?: boolean;
}

export interface VerifyResult {
  ok: boolean;
  kind: 'sigstore-bundle' | 'model-signing';
  target?: string;
  bundleSource: string;
  signer?: Signer;
  signedAt: SignedTime[];
  subjects: Subject[];
  files: FileCheck[];
  /** Why it failed, most important first, empty when ok; each an error with a @sigstore/verify code (SIGNATURE_ERROR, TLOG_ERROR…) or one of mlsec's (INVALID_BUNDLE, UNTRUSTED_SIGNER, FILE_CHANGED…). */
  errors: Problem[];
  /** It failed only because nothing configured can vouch for the signer (no key, chain or identity). */
  untrusted: boolean;
  /** It verified, but no identity, key or chain was configured, so the signer was not checked. */
  signerUnchecked: boolean;
}

const DIGEST_NAMES: Record<string, string> = { sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

async function fileDigests(io: WorkspaceIO, rel: string, algorithms: string[]): Promise<Record<string, string>> {
  const hashes = algorithms.map((a) => createHash(a));
  await io.stream(rel, (c) => hashes.forEach((h) => h.update(c)));
  return Object.fromEntries(algorithms.map((a, i) => [a, hashes[i].digest('hex')]));
}

/** The in-toto statement a DSSE envelope carries, when it is one and parses. */
function inTotoStatement(env: { payloadType: string; payload: Buffer }): { predicateType?: unknown; subject?: unknown } | undefined {
  if (env.payloadType !== 'application/vnd.in-toto+json') return undefined;
  try {
    const st = JSON.parse(env.payload.toString('utf8')) as unknown;
    return st && typeof st === 'object' ? (st as { predicateType?: unknown; subject?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

function subjectsOf(statement: { subject?: unknown }): Subject[] {
  return Array.isArray(statement.subject) ? (statement.subject as Subject[]).filter((x) => x && typeof x === 'object') : [];
}

/** The errors a file compared with the signed manifest gives: changed, missing or extra. */
function fileProblems(f: FileCheck): Problem[] {
  const error = (code: string, message: string): Problem => ({ level: 'error', code, message });
  if (f.status === 'changed')
    return [error('FILE_CHANGED', `${f.name} differs from the signed manifest${f.expected && f.actual ? ` (signed ${f.expected.slice(0, 16)}…, found ${f.actual.slice(0, 16)}…)` : ''}`)];
  if (f.status === 'missing') return [error('FILE_MISSING', `${f.name} is in the signed manifest but missing`)];
  if (f.status === 'extra') return [error('FILE_EXTRA', `${f.name} is not in the signed manifest (an extra file)`)];
  return [];
}
/** Verifies one signature against a file or model directory. Never throws. */
export async function verifySignature(req: VerifyRequest): Promise<VerifyResult> {
  const { io, target, trust } = req;
  const result: VerifyResult = {
    ok: false,
    kind: 'sigstore-bundle',
    ...(target !== undefined ? { target } : {}),
    bundleSource: req.bundle.source,
    signedAt: [],
    subjects: [],
    files: [],
    errors: [],
    untrusted: false,
    signerUnchecked: false,
  };
  const fail = (code: string, message: string): VerifyResult => {
    result.errors.push({ level: 'error', code, message });
    result.ok = false;
    return result;
  };
  try {
    const bundle = parseBundle(req.bundle.text);
    const st = target !== undefined ? await io.stat(target) : undefined;
    if (target !== undefined && !st) return fail('MISSING_TARGET', `${target} does not exist`);
    const env = envelopeOf(bundle);
    const statement = env ? inTotoStatement(env) : undefined;
    const predicateType = statement ? String(statement.predicateType) : undefined;
    const modelSigning = !!st?.isDirectory || !!predicateType?.startsWith('https://model_signing/');
    result.kind = modelSigning ? 'model-signing' : 'sigstore-bundle';
    if (modelSigning && !env) return fail('NOT_MODEL_SIGNATURE', 'a model directory is signed by a DSSE envelope (model.sig), but this bundle signs a single file');
    const artifact = st?.isFile && target !== undefined ? { size: st.size, stream: (f: (c: Buffer) => void) => io.stream(target, f) } : undefined;
    const layer = await verifySignatureLayer(bundle, trust, artifact, predicateType === PREDICATE_LEGACY);
    if (layer.signer) result.signer = layer.signer;
    result.signedAt = layer.timestamps;
    result.untrusted = layer.untrusted;
    result.signerUnchecked = layer.signerUnchecked;
    if (layer.error) result.errors.push(layer.error);

    if (modelSigning && env) {
      let manifest;
      try {
        manifest = parseStatement(env.payloadType, env.payload);
      } catch (e) {
        return fail('INVALID_STATEMENT', (e as Error).message);
      }
      result.subjects = manifest.subjects;
      const rootProblem = checkRootDigest(manifest);
      if (rootProblem) return fail('INVALID_STATEMENT', rootProblem);
      if (target === undefined || !st) return fail('MISSING_TARGET', 'a model signature needs the model directory or file to check');
      result.files = await checkModelFiles(io, target, st.isDirectory, manifest, req.ignorePaths ?? [], !!req.allowExtraFiles);
      for (const f of result.files) appendAll(result.errors, fileProblems(f));
    } else if (env && target !== undefined) {
      // A DSSE signature covers its statement; the file counts only if a subject names its digest.
      if (!st?.isFile) return fail('MISSING_TARGET', `${target} is not a file`);
      if (env.payloadType !== 'application/vnd.in-toto+json') return fail('SUBJECT_MISMATCH', `the envelope's payload (${env.payloadType}) does not name files, so it cannot vouch for ${target}`);
      if (!statement) return fail('INVALID_STATEMENT', 'the signed statement is not valid JSON');
      const subjects = subjectsOf(statement);
      result.subjects = subjects;
      const algorithms = [...new Set(subjects.flatMap((s) => Object.keys(s.digest ?? {})).filter((a) => a in DIGEST_NAMES))];
      const digests = await fileDigests(io, target, algorithms.length ? algorithms : ['sha256']);
      const match = subjects.some((s) => Object.entries(s.digest ?? {}).some(([a, d]) => digests[a] !== undefined && digests[a] === String(d).toLowerCase()));
      if (!match) result.errors.push({ level: 'error', code: 'SUBJECT_MISMATCH', message: `no subject of the signed statement has the digest of ${target} (sha256 ${digests.sha256 ?? '?'})` });
    } else if (statement) {
      result.subjects = subjectsOf(statement);
    }
  } catch (e) {
    const err = e instanceof BundleError ? e : new BundleError('INVALID_BUNDLE', (e as Error).message);
    return fail(err.code, err.message);
  }
  result.ok = result.errors.length === 0;
  if (!result.ok && result.errors.some((e) => !['NO_TRUSTED_KEY', 'NO_TRUSTED_CHAIN'].includes(e.code ?? ''))) result.untrusted = false;
  return result;
}

/** A signature file next to a model, and what it signs. */
/** A signature file and what it signs. */
export type SignatureLocation = SignatureFileFact;

/**
 * The signatures that cover a model file: a bundle named after it, and a `model.sig` in its
 * directory or any parent directory up to the workspace root.
 */
export async function findSignaturesFor(io: WorkspaceIO, file: string): Promise<SignatureLocation[]> {
  const found: SignatureLocation[] = [];
  for (const suffix of BUNDLE_SUFFIXES) {
    if ((await io.stat(file + suffix))?.isFile) found.push({ bundle: file + suffix, target: file, kind: 'sigstore-bundle' });
  }
  let dir = dirOf(file);
  for (;;) {
    const sig = dir ? `${dir}/${MODEL_SIGNATURE_NAME}` : MODEL_SIGNATURE_NAME;
    if ((await io.stat(sig))?.isFile) found.push({ bundle: sig, target: dir || '.', kind: 'model-signing' });
    if (!dir) break;
    dir = dirOf(dir);
  }
  return found;
}

/** What a signature file signs, from its name. */
export function signatureTarget(bundlePath: string): SignatureLocation | undefined {
  const base = bundlePath.slice(bundlePath.lastIndexOf('/') + 1);
  if (base === MODEL_SIGNATURE_NAME) return { bundle: bundlePath, target: dirOf(bundlePath) || '.', kind: 'model-signing' };
  for (const suffix of BUNDLE_SUFFIXES) {
    if (bundlePath.endsWith(suffix) && bundlePath.length > suffix.length) return { bundle: bundlePath, target: bundlePath.slice(0, -suffix.length), kind: 'sigstore-bundle' };
  }
  return undefined;
}

/** Verifies a signature file found in the workspace against what it signs. */
export async function verifySignatureFile(io: WorkspaceIO, loc: SignatureLocation, trust: Trust, ignorePaths: string[] = []): Promise<VerifyResult> {
  let text: string;
  try {
    text = (await io.readFile(loc.bundle, 64 * 1024 * 1024)).toString('utf8');
  } catch (e) {
    return {
      ok: false,
      kind: loc.kind,
      target: loc.target,
      bundleSource: loc.bundle,
      signedAt: [],
      subjects: [],
      files: [],
      errors: [{ level: 'error', code: 'INVALID_BUNDLE', message: `cannot read ${loc.bundle}: ${(e as Error).message}` }],
      untrusted: false,
      signerUnchecked: false,
    };
  }
  // The signature file sits in the directory it signs; it is never part of the manifest.
  const own = loc.kind === 'model-signing' ? [loc.bundle.slice(loc.bundle.lastIndexOf('/') + 1)] : [];
  const target = loc.target === '.' ? '' : loc.target;
  return verifySignature({ io, target, bundle: { text, source: loc.bundle }, trust, ignorePaths: [...own, ...ignorePaths] });
}

/** Who signed, in words. */
export function describeSigner(s: Signer | undefined): string {
  if (!s) return 'an unknown signer';
  if (s.method === 'sigstore') return `${s.identity ?? 'an unknown identity'}${s.issuer ? ` (issuer ${s.issuer})` : ''}`;
  if (s.method === 'key') return `the public key in ${s.trustedBy ?? 'the configuration'}`;
  return `certificate ${s.subject ?? s.identity ?? '(no name)'} issued under ${s.trustedBy ?? 'a configured chain'}`;
}

/** A multi-line human summary of a result, for the CLI and editor messages. */
export function formatResult(r: VerifyResult): string[] {
  const what = r.target !== undefined ? (r.target === '' ? 'the workspace root' : r.target) : 'the bundle';
  const lines: string[] = [];
  if (r.ok) {
    lines.push(`Verified: ${what} is signed by ${describeSigner(r.signer)}.`);
    if (r.signerUnchecked) lines.push('Warning: no trusted identity, key or certificate chain was given, so who signed was not checked against a policy.');
  } else {
    lines.push(`Not verified: ${what} (${r.kind === 'model-signing' ? 'model signature' : 'Sigstore bundle'} ${r.bundleSource}).`);
    for (const e of r.errors) lines.push(`  ${codedMessage(e)}`);
    if (r.signer) lines.push(`  Signed by ${describeSigner(r.signer)}.`);
  }
  for (const t of r.signedAt) lines.push(`  Signed at ${t.time.toISOString()} (${t.source}).`);
  if (r.ok && !r.signedAt.length) lines.push('  No trusted timestamp: the signing time is unknown.');
  const ok = r.files.filter((f) => f.status === 'ok').length;
  if (r.files.length) lines.push(`  Files: ${ok} of ${r.files.length} match the signed manifest.`);
  if (r.target === undefined && r.subjects.length) lines.push(`  The artifact was not checked; the statement names ${r.subjects.map((s) => s.name).join(', ')}.`);
  return lines;
}
