// Byte-level access to workspace files for readers and enrichers: the one place that reads files
// for analysis, hashes them and keeps the hash cache. Rules never touch the file system.

import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import * as path from 'node:path';

export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
}

export interface WorkspaceIO {
  /** Absolute path of the workspace root. */
  readonly root: string;
  /** Resolves a workspace-relative POSIX path. */
  resolve(rel: string): string;
  stat(rel: string): Promise<FileStat | undefined>;
  /** Reads at most `length` bytes from `position`. */
  readRange(rel: string, position: number, length: number): Promise<Buffer>;
  /** Reads a whole file; refuses files larger than `limit` bytes. */
  readFile(rel: string, limit?: number): Promise<Buffer>;
  /** Lists a directory's entries (names only), or undefined when it is not a directory. */
  readDir(rel: string): Promise<string[] | undefined>;
  /** Streams the file through the hash; cached by (path, size, mtime). */
  hash(rel: string, algorithm: 'md5' | 'sha256'): Promise<string>;
  /** Streams a file in chunks without loading it whole. */
  stream(rel: string, onChunk: (chunk: Buffer) => void, highWaterMark?: number): Promise<void>;
}

export class FileTooLargeError extends Error {
  constructor(readonly size: number, readonly limit: number) {
    super(`file is ${size} bytes, over the ${limit}-byte limit`);
  }
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  digest: string;
}

export class NodeWorkspaceIO implements WorkspaceIO {
  private readonly hashCache = new Map<string, CacheEntry>();

  constructor(readonly root: string) {}

  resolve(rel: string): string {
    return path.resolve(this.root, ...rel.split('/'));
  }

  async stat(rel: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.stat(this.resolve(rel));
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  async readRange(rel: string, position: number, length: number): Promise<Buffer> {
    const fh = await fsp.open(this.resolve(rel), 'r');
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async readFile(rel: string, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const s = await fsp.stat(this.resolve(rel));
    if (s.size > limit) throw new FileTooLargeError(s.size, limit);
    return fsp.readFile(this.resolve(rel));
  }

  async readDir(rel: string): Promise<string[] | undefined> {
    try {
      return await fsp.readdir(this.resolve(rel));
    } catch {
      return undefined;
    }
  }

  async hash(rel: string, algorithm: 'md5' | 'sha256'): Promise<string> {
    const s = await this.stat(rel);
    if (!s || !s.isFile) throw new Error(`${rel} is not a file`);
    const key = `${algorithm}:${rel}`;
    const hit = this.hashCache.get(key);
    if (hit && hit.size === s.size && hit.mtimeMs === s.mtimeMs) return hit.digest;
    const h = createHash(algorithm);
    await this.stream(rel, (chunk) => h.update(chunk));
    const digest = h.digest('hex');
    this.hashCache.set(key, { size: s.size, mtimeMs: s.mtimeMs, digest });
    return digest;
  }

  stream(rel: string, onChunk: (chunk: Buffer) => void, highWaterMark = 1 << 20): Promise<void> {
    return new Promise((resolve, reject) => {
      const rs = createReadStream(this.resolve(rel), { highWaterMark });
      rs.on('data', (c) => onChunk(c as Buffer));
      rs.on('error', reject);
      rs.on('end', () => resolve());
    });
  }
}
