// Recomputes every downloaded file's hash the way its record was made (SHA-256 of the content, or
// git's blob SHA-1 of `blob <size>\0<content>`), streaming each file once with a bounded number of
// files open at a time, and compares it with the record.

import { createHash } from 'node:crypto';
import type { WorkspaceIO } from '../../workspace/io';
import type { DownloadFile, FileRecord } from './layout';

export type IntegrityStatus = 'ok' | 'mismatch' | 'missing' | 'unrecorded';

export interface FileIntegrity {
  name: string;
  size?: number;
  status: IntegrityStatus;
  record?: FileRecord;
  /** The recomputed digest, in the record's algorithm (SHA-256 when there is no record). */
  actual?: string;
  /** Why the file could not be checked. */
  reason?: string;
}

/** Files hashed at once: enough to keep the disk and the hash busy, few enough to bound memory. */
export const HASH_CONCURRENCY = 4;
const CHUNK = 4 << 20;

/** Runs `task` over `items` with at most `limit` running, keeping the order of the results. */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function digestOf(io: WorkspaceIO, rel: string, size: number, algorithm: FileRecord['algorithm'] | undefined): Promise<string> {
  const h = createHash(algorithm === 'git-sha1' ? 'sha1' : 'sha256');
  if (algorithm === 'git-sha1') h.update(`blob ${size}\0`);
  let seen = 0;
  await io.stream(rel, (c) => ((seen += c.length), h.update(c)), CHUNK);
  if (seen !== size) throw new Error(`${rel} changed size while it was read`);
  return h.digest('hex');
}

async function checkOne(io: WorkspaceIO, f: DownloadFile): Promise<FileIntegrity> {
  const base: FileIntegrity = { name: f.name, status: 'missing', ...(f.record ? { record: f.record } : {}) };
  if (f.unreadable) return { ...base, reason: f.unreadable };
  const st = await io.stat(f.path);
  if (!st?.isFile) return { ...base, reason: 'it cannot be read' };
  try {
    const actual = await digestOf(io, f.path, st.size, f.record?.algorithm);
    const status: IntegrityStatus = !f.record ? 'unrecorded' : actual === f.record.digest ? 'ok' : 'mismatch';
    return { ...base, size: st.size, status, actual };
  } catch (e) {
    return { ...base, size: st.size, reason: (e as Error).message };
  }
}

/** Checks every file against its record, `concurrency` files at a time. */
export function checkIntegrity(io: WorkspaceIO, files: readonly DownloadFile[], concurrency = HASH_CONCURRENCY): Promise<FileIntegrity[]> {
  return mapBounded(files, concurrency, (f) => checkOne(io, f));
}
