// Writes OpenSSF model-signing (model_signing v1.0) signatures: the files of a model directory
// (or one model file) hashed with SHA-256, listed as resource descriptors in code-point order,
// the subject digest over those digests, the serialization parameters and ignored paths, all
// signed as an in-toto statement in a DSSE envelope. What `verify-model` and `model_signing
// verify key` read.

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { compareCodePoints } from '../formats/dvc/hashing';
import type { WorkspaceIO } from '../workspace/io';
import { DEFAULT_IGNORED, PREDICATE_V1, STATEMENT_TYPE } from './signature-manifest';
import { signStatement, type SigningKey } from './signing-key';

export interface SignModelRequest {
  io: WorkspaceIO;
  /** The model directory or file, relative to `io.root` (not the root itself). */
  target: string;
  key: SigningKey;
  /** Paths relative to the model directory that are not signed (the signature file among them). */
  ignorePaths?: string[];
  /** Follow symbolic links inside the model (model_signing refuses them by default). */
  allowSymlinks?: boolean;
}

export interface SignedModel {
  /** The bundle JSON to write. */
  bundle: string;
  statement: ModelStatement;
  /** The files signed, relative to the model directory ("." for a single file). */
  files: string[];
}

export interface ModelStatement {
  _type: string;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: string;
  predicate: {
    serialization: { method: 'files'; hash_type: 'sha256'; allow_symlinks: boolean; ignore_paths?: string[] };
    resources: { algorithm: 'sha256'; digest: string; name: string }[];
  };
}

/** Why a model cannot be signed, naming the path. */
export class SignModelError extends Error {}

const HASH_CONCURRENCY = 4;
const WALK_LIMIT = 1_000_000;

function ignored(rel: string, skip: Set<string>): boolean {
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) if (skip.has(parts.slice(0, i).join('/'))) return true;
  return false;
}

/** The files of the model directory, sorted; symlinks refused unless allowed, special files always. */
async function modelFiles(io: WorkspaceIO, dir: string, skip: Set<string>, allowSymlinks: boolean): Promise<string[]> {
  const rootReal = await io.realPath(dir);
  if (!rootReal) throw new SignModelError(`${dir} cannot be read`);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = async (rel: string, expected: string, depth: number): Promise<void> => {
    if (depth > 64) throw new SignModelError(`${dir}/${rel} is nested more than 64 directories deep`);
    const names = (await io.readDir(rel ? `${dir}/${rel}` : dir)) ?? [];
    for (const name of names.sort(compareCodePoints)) {
      const child = rel ? `${rel}/${name}` : name;
      if (ignored(child, skip)) continue;
      const real = await io.realPath(`${dir}/${child}`);
      const st = await io.stat(`${dir}/${child}`);
      if (!real || !st) throw new SignModelError(`${dir}/${child} cannot be read (a broken link, or a link that leaves the folder being signed)`);
      const childExpected = path.join(expected, name);
      if (real !== childExpected && !allowSymlinks) throw new SignModelError(`${dir}/${child} is a symbolic link; model signatures refuse links unless --allow-symlinks is given`);
      if (st.isDirectory) {
        if (seen.has(real)) continue;
        seen.add(real);
        await visit(child, real, depth + 1);
      } else if (st.isFile) {
        out.push(child);
        if (out.length > WALK_LIMIT) throw new SignModelError(`${dir} holds more than ${WALK_LIMIT} files`);
      } else throw new SignModelError(`${dir}/${child} is not a regular file or directory`);
    }
  };
  seen.add(rootReal);
  await visit('', rootReal, 0);
  return out;
}

/** SHA-256 of each file, a few at a time, in the order given. */
export async function hashFiles(io: WorkspaceIO, paths: string[], concurrency = HASH_CONCURRENCY): Promise<string[]> {
  const digests = new Array<string>(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const i = next++;
      digests[i] = await io.hash(paths[i], 'sha256');
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  return digests;
}

function normalize(p: string): string {
  return p
    .replace(/\\/g, '/')
    .replace(/^\.\/+/, '')
    .replace(/\/+$/, '');
}

/** Builds and signs the model_signing v1.0 statement for `target`. */
export async function signModel(req: SignModelRequest): Promise<SignedModel> {
  const { io, target, key } = req;
  const st = await io.stat(target);
  if (!st) throw new SignModelError(`${target} does not exist`);
  const name = target.slice(target.lastIndexOf('/') + 1);
  const extra = (req.ignorePaths ?? []).map(normalize).filter(Boolean);
  let files: string[];
  let paths: string[];
  if (st.isDirectory) {
    files = await modelFiles(io, target, new Set([...DEFAULT_IGNORED, ...extra]), !!req.allowSymlinks);
    if (!files.length) throw new SignModelError(`${target} holds no file to sign`);
    paths = files.map((f) => `${target}/${f}`);
  } else if (st.isFile) {
    files = ['.'];
    paths = [target];
  } else throw new SignModelError(`${target} is not a regular file or directory`);
  const digests = await hashFiles(io, paths);
  const root = createHash('sha256');
  for (const d of digests) root.update(Buffer.from(d, 'hex'));
  const ignorePaths = st.isDirectory ? [...new Set([...extra, ...DEFAULT_IGNORED])] : [];
  const statement: ModelStatement = {
    _type: STATEMENT_TYPE,
    subject: [{ name, digest: { sha256: root.digest('hex') } }],
    predicateType: PREDICATE_V1,
    predicate: {
      serialization: { method: 'files', hash_type: 'sha256', allow_symlinks: !!req.allowSymlinks, ...(ignorePaths.length ? { ignore_paths: ignorePaths } : {}) },
      resources: files.map((f, i) => ({ algorithm: 'sha256', digest: digests[i], name: f })),
    },
  };
  return { bundle: signStatement(statement, key), statement, files };
}
