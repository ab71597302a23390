// Builds Hugging Face downloads on disk for tests and benchmarks: a hub cache
// (`models--org--name/{blobs,refs,snapshots}`, snapshot files as relative symlinks to blobs named
// by SHA-256 for LFS files and git blob SHA-1 for the others), a `local_dir` download with its
// `.cache/huggingface/download/*.metadata` records, and Git LFS pointer files.

import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

export const sha256Hex = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
export const gitBlobSha1 = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

/** Files stored with LFS on the hub (named by SHA-256 in the cache); the rest are git blobs. */
export const isLfsName = (name: string) => /\.(safetensors|bin|pt|pth|ckpt|pkl|h5|onnx|gguf|msgpack|npy)$/.test(name);

/** The record the hub keeps for a file: its SHA-256 for LFS files, its git blob SHA-1 otherwise. */
export function hubRecord(name: string, data: Buffer): string {
  return isLfsName(name) ? sha256Hex(data) : gitBlobSha1(data);
}

/** A Git LFS pointer file for `data`. */
export function lfsPointer(data: Buffer | { oid: string; size: number }): Buffer {
  const oid = Buffer.isBuffer(data) ? sha256Hex(data) : data.oid;
  const size = Buffer.isBuffer(data) ? data.length : data.size;
  return Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${size}\n`);
}

export interface CacheOptions {
  /** Refs pointing at the commit (`main` by default); an empty list is a download by commit hash. */
  refs?: string[];
  commit?: string;
}

/** Writes a hub cache for `repo` (`org/name`) under `hubDir`; returns the snapshot folder. */
export async function writeHubCache(hubDir: string, repo: string, files: Record<string, Buffer | string>, options: CacheOptions = {}): Promise<string> {
  const repoDir = path.join(hubDir, `models--${repo.replace('/', '--')}`);
  const commit = options.commit ?? sha256Hex(JSON.stringify(Object.keys(files))).slice(0, 40);
  const snapshot = path.join(repoDir, 'snapshots', commit);
  await fsp.mkdir(path.join(repoDir, 'blobs'), { recursive: true });
  for (const ref of options.refs ?? ['main']) {
    await fsp.mkdir(path.dirname(path.join(repoDir, 'refs', ref)), { recursive: true });
    await fsp.writeFile(path.join(repoDir, 'refs', ref), commit);
  }
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const blob = hubRecord(name, data);
    await fsp.writeFile(path.join(repoDir, 'blobs', blob), data);
    const link = path.join(snapshot, name);
    await fsp.mkdir(path.dirname(link), { recursive: true });
    await fsp.symlink(path.relative(path.dirname(link), path.join(repoDir, 'blobs', blob)), link);
  }
  return snapshot;
}

/** Writes a `local_dir` download of `files` at `commit` into `dir`. */
export async function writeLocalDir(dir: string, files: Record<string, Buffer | string>, commit: string): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    await fsp.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fsp.writeFile(path.join(dir, name), data);
    const meta = path.join(dir, '.cache', 'huggingface', 'download', `${name}.metadata`);
    await fsp.mkdir(path.dirname(meta), { recursive: true });
    await fsp.writeFile(meta, `${commit}\n${hubRecord(name, data)}\n1733212800.0\n`);
  }
}
