// The OpenSSF model-signing (OMS) manifest: the in-toto statement a `model.sig` signs, its
// per-file or per-shard digests, and the recomputation of those digests over a model directory
// by streaming every file through WorkspaceIO, with the spec's ignore rules.

import { createHash } from 'node:crypto';
import type { WorkspaceIO } from '../workspace/io';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_V1 = 'https://model_signing/signature/v1.0';
/** model_signing 0.2 listed one subject per file and had no predicate body. */
export const PREDICATE_LEGACY = 'https://model_signing/Digests/v0.1';

/** Paths at the model root that model_signing never signs. */
export const DEFAULT_IGNORED = ['.git', '.gitattributes', '.github', '.gitignore'];

export interface Subject {
  name: string;
  digest: Record<string, string>;
}

export interface Serialization {
  method: 'files' | 'shards';
  /** Node's name for the file hash (sha256, blake2b512). */
  hash: string;
  /** The name written in the manifest (sha256, blake2b, blake3). */
  hashType: string;
  shardSize?: number;
  ignorePaths: string[];
}

export interface ModelManifest {
  predicateType: string;
  subjects: Subject[];
  /** name (or `path:start:end`) → hex digest, in the order listed. */
  resources: { name: string; digest: string }[];
  serialization: Serialization;
}

export interface FileCheck {
  name: string;
  status: 'ok' | 'changed' | 'missing' | 'extra';
  expected?: string;
  actual?: string;
}

const HASHES: Record<string, string> = { sha256: 'sha256', blake2b: 'blake2b512', sha384: 'sha384', sha512: 'sha512' };

/** Reads the statement; throws with a sentence when it is not an OMS statement. */
export function parseStatement(payloadType: string, payload: Buffer): ModelManifest {
  if (payloadType !== 'application/vnd.in-toto+json') throw new Error(`the signed payload is ${payloadType}, not an in-toto statement`);
  let st: Record<string, unknown>;
  try {
    st = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`the signed statement is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (st._type !== STATEMENT_TYPE) throw new Error(`the statement type is ${JSON.stringify(st._type)}, not ${STATEMENT_TYPE}`);
  const subjects = (Array.isArray(st.subject) ? st.subject : []) as Subject[];
  if (!subjects.every((s) => s && typeof s.name === 'string' && s.digest && typeof s.digest === 'object')) throw new Error('the statement has a malformed subject');
  const predicateType = String(st.predicateType);
  if (predicateType === PREDICATE_LEGACY) {
    return {
      predicateType,
      subjects,
      resources: subjects.map((s) => ({ name: s.name, digest: s.digest.sha256 ?? '' })),
      serialization: { method: 'files', hash: 'sha256', hashType: 'sha256', ignorePaths: [] },
    };
  }
  if (predicateType !== PREDICATE_V1) throw new Error(`the statement's predicate type is ${predicateType}, not ${PREDICATE_V1}`);
  if (subjects.length !== 1) throw new Error(`the statement has ${subjects.length} subjects; a model signature has exactly one`);
  const predicate = (st.predicate ?? {}) as { resources?: unknown; serialization?: Record<string, unknown> };
  const ser = predicate.serialization ?? {};
  const method = ser.method;
  if (method !== 'files' && method !== 'shards') throw new Error(`unknown serialization method ${JSON.stringify(method)}`);
  const hashType = String(ser.hash_type ?? 'sha256');
  const hash = HASHES[hashType];
  if (!hash) throw new Error(`files are hashed with ${hashType}, which mlsec cannot compute`);
  const shardSize = method === 'shards' ? Number(ser.shard_size) : undefined;
  if (shardSize !== undefined && !(Number.isSafeInteger(shardSize) && shardSize > 0)) throw new Error(`invalid shard size ${JSON.stringify(ser.shard_size)}`);
  const resources = (Array.isArray(predicate.resources) ? predicate.resources : []) as { name?: unknown; digest?: unknown }[];
  if (!resources.every((r) => typeof r.name === 'string' && typeof r.digest === 'string' && /^[0-9a-f]*$/i.test(r.digest))) throw new Error('the manifest lists a malformed resource');
  const ignorePaths = Array.isArray(ser.ignore_paths) ? (ser.ignore_paths as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  return {
    predicateType,
    subjects,
    resources: resources.map((r) => ({ name: r.name as string, digest: (r.digest as string).toLowerCase() })),
    serialization: { method, hash, hashType, ...(shardSize ? { shardSize } : {}), ignorePaths },
  };
}

/** The subject digest must be sha256 over the resource digests concatenated in listed order. */
export function checkRootDigest(m: ModelManifest): string | undefined {
  if (m.predicateType === PREDICATE_LEGACY) return undefined;
  const want = m.subjects[0].digest.sha256;
  if (!want) return 'the statement subject has no sha256 digest';
  const h = createHash('sha256');
  for (const r of m.resources) h.update(Buffer.from(r.digest, 'hex'));
  const got = h.digest('hex');
  return got === want.toLowerCase() ? undefined : `the subject digest ${want} is not the digest of the listed files (${got}): the manifest is inconsistent`;
}

function normalize(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
}

/** Whether `rel` (relative to the model root) is ignored: itself or a parent directory is listed. */
function ignoredBy(rel: string, ignore: Set<string>): boolean {
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) if (ignore.has(parts.slice(0, i).join('/'))) return true;
  return false;
}

const WALK_LIMIT = 1_000_000;

/** Lists the files of a model directory, relative to it, sorted, minus ignored paths. */
export async function listModelFiles(io: WorkspaceIO, dir: string, ignore: string[]): Promise<string[]> {
  const skip = new Set(ignore.map(normalize).filter(Boolean));
  const out: string[] = [];
  // Real paths of the directories listed: two self-loop symlinks would otherwise double the walk per level.
  const visited = new Set<string>();
  const visit = async (rel: string, depth: number): Promise<void> => {
    if (depth > 64 || out.length > WALK_LIMIT) return;
    const real = await io.realPath(rel ? `${dir}/${rel}` : dir);
    if (!real || visited.has(real)) return;
    visited.add(real);
    const names = await io.readDir(rel ? `${dir}/${rel}` : dir);
    for (const name of (names ?? []).sort()) {
      const child = rel ? `${rel}/${name}` : name;
      if (ignoredBy(child, skip)) continue;
      const st = await io.stat(`${dir}/${child}`);
      if (st?.isDirectory) await visit(child, depth + 1);
      else if (st?.isFile) out.push(child);
    }
  };
  await visit('', 0);
  return out;
}

async function hashFile(io: WorkspaceIO, rel: string, algorithm: string): Promise<string> {
  if (algorithm === 'sha256') return io.hash(rel, 'sha256');
  const h = createHash(algorithm);
  await io.stream(rel, (c) => h.update(c));
  return h.digest('hex');
}

/** Hashes one file in shards of `size` bytes in a single streaming pass. */
async function hashShards(io: WorkspaceIO, rel: string, algorithm: string, size: number): Promise<string[]> {
  const digests: string[] = [];
  let h = createHash(algorithm);
  let filled = 0;
  await io.stream(rel, (chunk) => {
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(size - filled, chunk.length - at);
      h.update(chunk.subarray(at, at + take));
      filled += take;
      at += take;
      if (filled === size) {
        digests.push(h.digest('hex'));
        h = createHash(algorithm);
        filled = 0;
      }
    }
  });
  if (filled > 0) digests.push(h.digest('hex'));
  return digests;
}

/** Splits `path:start:end` (the path itself may contain colons). */
function parseShardName(name: string): { path: string; start: number; end: number } | undefined {
  const m = /^(.*):(\d+):(\d+)$/.exec(name);
  return m ? { path: m[1], start: Number(m[2]), end: Number(m[3]) } : undefined;
}

/**
 * Recomputes the manifest over `target` (a model directory or a single file) and reports each
 * file as ok, changed, missing or extra. A single-file model is named "." by model_signing and by
 * its base name in the OMS specification; both are accepted.
 */
export async function checkModelFiles(io: WorkspaceIO, target: string, isDir: boolean, m: ModelManifest, ignore: string[], allowExtra: boolean): Promise<FileCheck[]> {
  const base = target.slice(target.lastIndexOf('/') + 1);
  const ser = m.serialization;
  const files = isDir ? await listModelFiles(io, target, [...DEFAULT_IGNORED, ...ser.ignorePaths, ...ignore]) : ['.'];
  const pathOf = (name: string) => (isDir ? `${target}/${name}` : target);
  const fileName = (name: string) => (!isDir && (name === base || name === '.') ? '.' : normalize(name));
  const checks: FileCheck[] = [];
  if (ser.method === 'files') {
    const expected = new Map(m.resources.map((r) => [fileName(r.name), r.digest]));
    const present = new Set(files);
    for (const [name, digest] of expected) {
      if (!present.has(name)) {
        checks.push({ name: name === '.' ? base : name, status: 'missing', expected: digest });
        continue;
      }
      const actual = await hashFile(io, pathOf(name), ser.hash);
      checks.push({ name: name === '.' ? base : name, status: actual === digest ? 'ok' : 'changed', expected: digest, actual });
    }
    for (const f of files) if (!expected.has(f) && !allowExtra) checks.push({ name: f, status: 'extra' });
    return checks;
  }
  const size = ser.shardSize ?? 0;
  const byFile = new Map<string, Map<string, string>>();
  for (const r of m.resources) {
    const s = parseShardName(r.name);
    const key = s ? fileName(s.path) : fileName(r.name);
    if (!byFile.has(key)) byFile.set(key, new Map());
    byFile.get(key)!.set(s ? `${s.start}:${s.end}` : r.name, r.digest);
  }
  for (const [name, shards] of byFile) {
    const shown = name === '.' ? base : name;
    if (!files.includes(name)) {
      checks.push({ name: shown, status: 'missing' });
      continue;
    }
    const st = await io.stat(pathOf(name));
    const digests = await hashShards(io, pathOf(name), ser.hash, size);
    const actual = new Map(digests.map((d, k) => [`${k * size}:${Math.min((k + 1) * size, st?.size ?? 0)}`, d]));
    const same = actual.size === shards.size && [...shards].every(([range, d]) => actual.get(range) === d);
    checks.push({ name: shown, status: same ? 'ok' : 'changed' });
  }
  for (const f of files) {
    if (byFile.has(f) || allowExtra) continue;
    // The shard method omits empty files, so an empty file is not "extra".
    if ((await io.stat(pathOf(f)))?.size === 0) continue;
    checks.push({ name: f, status: 'extra' });
  }
  return checks;
}
