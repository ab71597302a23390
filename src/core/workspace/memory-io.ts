// A WorkspaceIO over files held in memory: for analysing unsaved editor buffers together with
// the files they refer to, and for tests that build a workspace without touching the disk.

import { createHash } from 'node:crypto';
import { lexicalPath, RefusalLog, type Refusal } from './boundary';
import { FileTooLargeError, type FileStat, type WorkspaceIO } from './io';

export class MemoryWorkspaceIO implements WorkspaceIO {
  private readonly files = new Map<string, Buffer>();
  private readonly log = new RefusalLog();

  constructor(
    files: Record<string, string | Uint8Array> = {},
    readonly root = '/memory',
  ) {
    for (const [rel, content] of Object.entries(files)) this.set(rel, content);
  }

  set(rel: string, content: string | Uint8Array): void {
    this.files.set(normalize(rel), typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  }

  resolve(rel: string): string {
    const n = normalize(rel);
    return n ? `${this.root}/${n}` : this.root;
  }

  private isDir(rel: string): boolean {
    const prefix = rel ? `${rel}/` : '';
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  async stat(rel: string): Promise<FileStat | undefined> {
    let n: string;
    try {
      n = this.inside(rel);
    } catch {
      return undefined;
    }
    const f = this.files.get(n);
    if (f) return { size: f.length, mtimeMs: 0, isFile: true, isDirectory: false };
    return this.isDir(n) ? { size: 0, mtimeMs: 0, isFile: false, isDirectory: true } : undefined;
  }

  /** The same lexical boundary as on disk: absolute paths and `../` out of the root are refused. */
  private inside(rel: string): string {
    const n = lexicalPath(rel);
    if (typeof n !== 'string') throw this.log.refuse(rel, n.reason);
    return n;
  }

  async realPath(rel: string): Promise<string | undefined> {
    try {
      const n = this.inside(rel);
      return this.files.has(n) || this.isDir(n) ? this.resolve(n) : undefined;
    } catch {
      return undefined;
    }
  }

  async writeRefusal(rel: string): Promise<string | undefined> {
    const n = lexicalPath(rel);
    return typeof n === 'string' ? undefined : n.reason;
  }

  takeRefusals(): Refusal[] {
    return this.log.take();
  }

  private get(rel: string): Buffer {
    const f = this.files.get(this.inside(rel));
    if (!f) throw new Error(`ENOENT: no such file, ${rel}`);
    return f;
  }

  async readRange(rel: string, position: number, length: number): Promise<Buffer> {
    return Buffer.from(this.get(rel).subarray(position, position + length));
  }

  async readFile(rel: string, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const f = this.get(rel);
    if (f.length > limit) throw new FileTooLargeError(f.length, limit);
    return Buffer.from(f);
  }

  async readDir(rel: string): Promise<string[] | undefined> {
    let n: string;
    try {
      n = this.inside(rel);
    } catch {
      return undefined;
    }
    if (!this.isDir(n)) return undefined;
    const prefix = n ? `${n}/` : '';
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]);
    return [...names];
  }

  async hash(rel: string, algorithm: 'md5' | 'sha256'): Promise<string> {
    return createHash(algorithm).update(this.get(rel)).digest('hex');
  }

  async stream(rel: string, onChunk: (chunk: Buffer) => void, highWaterMark = 1 << 20): Promise<void> {
    const f = this.get(rel);
    for (let at = 0; at < f.length; at += highWaterMark) onChunk(f.subarray(at, at + highWaterMark));
  }
}

function normalize(rel: string): string {
  return rel
    .split('/')
    .filter((p) => p && p !== '.')
    .join('/');
}
