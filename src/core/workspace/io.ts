// Byte-level access to workspace files for readers and enrichers: the one place that reads files
// for analysis, hashes them and keeps the hash cache, and the workspace boundary every read,
// listing and write goes through. Rules never touch the file system.

import { createHash } from 'node:crypto';
import { closeSync, constants as fsc, fstatSync, openSync, promises as fsp, readSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { BoundaryError, type Refusal, RefusalLog, lexicalPath } from './boundary';

export { BoundaryError, type Refusal } from './boundary';

export interface FileStat {
  size: number;
  mtimeMs: number;
  /** A regular file (never a FIFO, device or socket). */
  isFile: boolean;
  isDirectory: boolean;
}

export interface WorkspaceIO {
  /** Absolute path of the workspace root. */
  readonly root: string;
  /** Resolves a workspace-relative POSIX path (lexically; it does not check the boundary). */
  resolve(rel: string): string;
  /** Undefined when the path is absent or refused (outside the workspace, see `refusals`). */
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
  /**
   * An identity of the file or directory (its real path inside the workspace), for directory walks
   * that must not visit one place twice; undefined when absent or refused.
   */
  realPath(rel: string): Promise<string | undefined>;
  /**
   * Why an edit may not write `rel` (a symlink, outside the workspace, not a regular file), or
   * undefined when it may. A file that does not exist yet may be written when its directory is inside.
   */
  writeRefusal(rel: string): Promise<string | undefined>;
  /** The paths refused since the last call, each once; the caller turns them into notes. */
  takeRefusals(): Refusal[];
  /**
   * Reads a regular file whole through one open handle (its size from that handle), or says why
   * not: absent or refused, not a regular file, or over `limit`. Optional: without it the caller
   * stats and reads. Unlike `readFile`, a FIFO or directory here is an answer, not a refusal.
   */
  readRegular?(rel: string, limit: number): Promise<RegularRead>;
}

/** What `readRegular` found. */
export type RegularRead = { bytes: Buffer } | { absent: true } | { notRegular: true } | { tooLarge: number };

export class FileTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`file is ${size} bytes, over the ${limit}-byte limit`);
  }
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  digest: string;
}

/** Opened read-only and non-blocking, so opening a FIFO returns at once instead of waiting for a writer. */
const READ_FLAGS = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0) | (fsc.O_NOFOLLOW ?? 0);

const inside = (p: string, base: string) => p === base || p.startsWith(base.endsWith(path.sep) ? base : base + path.sep);

export class NodeWorkspaceIO implements WorkspaceIO {
  private readonly hashCache = new Map<string, CacheEntry>();
  private readonly log = new RefusalLog();
  private realRoots: string[] | undefined;
  readonly roots: readonly string[];

  /** `root` and any further `roots` are the places files may be read from. */
  constructor(
    readonly root: string,
    roots: readonly string[] = [],
  ) {
    this.roots = [root, ...roots].map((r) => path.resolve(r));
  }

  resolve(rel: string): string {
    return path.resolve(this.root, ...rel.split('/'));
  }

  takeRefusals(): Refusal[] {
    return this.log.take();
  }

  private refuse(rel: string, reason: string): BoundaryError {
    return this.log.refuse(rel, reason);
  }

  private realRootList(): string[] {
    this.realRoots ??= this.roots.map((r) => {
      try {
        return realpathSync.native(r);
      } catch {
        return r;
      }
    });
    return this.realRoots;
  }

  /**
   * The real path of `rel`, after checking it is written as a workspace path and resolves (through
   * any symlinks) inside a root. Throws BoundaryError when refused, a plain error when absent.
   * Synchronous: the files of a scan are small and, once listed, almost always in the page cache,
   * where a thread-pool round trip per call costs more than the call itself.
   */
  private locate(rel: string): string {
    const lexical = lexicalPath(rel);
    if (typeof lexical !== 'string') throw this.refuse(rel, lexical.reason);
    const abs = this.resolve(lexical);
    if (!this.roots.some((r) => inside(abs, r))) throw this.refuse(rel, 'it is outside the workspace');
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ELOOP') throw this.refuse(rel, 'it is a symlink loop');
      throw Object.assign(new Error(`${rel}: no such file or directory`), { code: code ?? 'ENOENT' });
    }
    if (!this.realRootList().some((r) => inside(real, r))) throw this.refuse(rel, 'it is a symlink to a place outside the workspace');
    return real;
  }

  async realPath(rel: string): Promise<string | undefined> {
    try {
      return this.locate(rel);
    } catch {
      return undefined;
    }
  }

  async stat(rel: string): Promise<FileStat | undefined> {
    try {
      const s = statSync(this.locate(rel));
      return { size: s.size, mtimeMs: s.mtimeMs, isFile: s.isFile(), isDirectory: s.isDirectory() };
    } catch {
      return undefined;
    }
  }

  /** Opens a regular file inside the workspace; anything else is refused before a byte is read. */
  private async open(rel: string): Promise<{ fh: fsp.FileHandle; size: number; mtimeMs: number }> {
    const real = this.locate(rel);
    let fh: fsp.FileHandle;
    try {
      fh = await fsp.open(real, READ_FLAGS);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw this.refuse(rel, 'it is a symlink loop');
      throw new Error(`${rel}: cannot be opened (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    }
    const s = await fh.stat();
    if (!s.isFile()) {
      await fh.close();
      throw this.refuse(rel, s.isDirectory() ? 'it is a directory' : 'it is not a regular file (a FIFO, device or socket)');
    }
    return { fh, size: s.size, mtimeMs: s.mtimeMs };
  }

  /** Through synchronous calls, like `locate`: one scan reads thousands of small cached files. */
  async readRegular(rel: string, limit: number): Promise<RegularRead> {
    let real: string;
    try {
      real = this.locate(rel);
    } catch {
      return { absent: true };
    }
    let fd: number;
    try {
      fd = openSync(real, READ_FLAGS);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOOP') throw this.refuse(rel, 'it is a symlink loop');
      // A socket cannot be opened at all; it is simply not a regular file.
      const st = statSync(real, { throwIfNoEntry: false });
      if (!st) return { absent: true };
      if (!st.isFile()) return { notRegular: true };
      throw new Error(`${rel}: cannot be opened (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { cause: e });
    }
    try {
      const s = fstatSync(fd);
      if (!s.isFile()) return { notRegular: true };
      if (s.size > limit) return { tooLarge: s.size };
      return { bytes: readWholeSync(fd, s.size) };
    } finally {
      closeSync(fd);
    }
  }

  async readRange(rel: string, position: number, length: number): Promise<Buffer> {
    const { fh } = await this.open(rel);
    try {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await fh.read(buf, 0, length, position);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async readFile(rel: string, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const { fh, size } = await this.open(rel);
    try {
      if (size > limit) throw new FileTooLargeError(size, limit);
      return await readWhole(fh, size);
    } finally {
      await fh.close();
    }
  }

  async readDir(rel: string): Promise<string[] | undefined> {
    try {
      return await fsp.readdir(this.locate(rel));
    } catch {
      return undefined;
    }
  }

  async hash(rel: string, algorithm: 'md5' | 'sha256'): Promise<string> {
    const { fh, size, mtimeMs } = await this.open(rel);
    try {
      const key = `${algorithm}:${rel}`;
      const hit = this.hashCache.get(key);
      if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.digest;
      const h = createHash(algorithm);
      await readChunks(fh, size, 1 << 20, (chunk) => h.update(chunk));
      const digest = h.digest('hex');
      this.hashCache.set(key, { size, mtimeMs, digest });
      return digest;
    } finally {
      await fh.close();
    }
  }

  async stream(rel: string, onChunk: (chunk: Buffer) => void, highWaterMark = 1 << 20): Promise<void> {
    const { fh, size } = await this.open(rel);
    try {
      await readChunks(fh, size, highWaterMark, onChunk);
    } finally {
      await fh.close();
    }
  }

  async writeRefusal(rel: string): Promise<string | undefined> {
    const lexical = lexicalPath(rel);
    if (typeof lexical !== 'string') return lexical.reason;
    const abs = this.resolve(lexical);
    if (!inside(abs, this.roots[0])) return 'it is outside the workspace';
    const roots = this.realRootList();
    // Every existing component is checked: a symlinked parent directory would redirect the write too.
    let cur = abs;
    const missing: string[] = [];
    for (;;) {
      const st = await fsp.lstat(cur).catch(() => undefined);
      if (st) {
        if (st.isSymbolicLink()) return 'it is a symlink (or inside a symlinked directory), and edits never write through links';
        if (!missing.length && !st.isFile()) return 'it is not a regular file';
        break;
      }
      missing.push(cur);
      const up = path.dirname(cur);
      if (up === cur) return 'it is outside the workspace';
      cur = up;
    }
    const real = await fsp.realpath(cur).catch(() => undefined);
    if (!real || !roots.some((r) => inside(real, r))) return 'it is outside the workspace';
    const relParts = path.relative(this.roots[0], cur).split(path.sep).filter(Boolean);
    for (let i = relParts.length; i > 0; i--) {
      const st = await fsp.lstat(path.join(this.roots[0], ...relParts.slice(0, i))).catch(() => undefined);
      if (st?.isSymbolicLink()) return 'it is inside a symlinked directory, and edits never write through links';
    }
    return undefined;
  }
}

/** Reads what stat promised and no more, so a file that grows while read cannot exceed the limit. */
async function readWhole(fh: fsp.FileHandle, size: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const { bytesRead } = await fh.read(buf, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buf.subarray(0, at);
}

/** `readWhole` through synchronous reads. */
function readWholeSync(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let at = 0;
  while (at < size) {
    const bytesRead = readSync(fd, buf, at, size - at, at);
    if (bytesRead === 0) break;
    at += bytesRead;
  }
  return buf.subarray(0, at);
}

/** Reads `size` bytes from an open file in chunks (never past what stat reported). */
async function readChunks(fh: fsp.FileHandle, size: number, chunkSize: number, onChunk: (chunk: Buffer) => void): Promise<void> {
  let at = 0;
  while (at < size) {
    const buf = Buffer.alloc(Math.min(chunkSize, size - at));
    const { bytesRead } = await fh.read(buf, 0, buf.length, at);
    if (bytesRead === 0) break;
    onChunk(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
    at += bytesRead;
  }
}
