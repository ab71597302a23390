// An in-memory WorkspaceIO over a map of files, so readers and enrichers see a test case's files
// exactly as they would see them on disk.

import { createHash } from 'node:crypto';
import type { FileStat, WorkspaceIO } from '../../src/core/workspace/io';

export class MemoryWorkspaceIO implements WorkspaceIO {
  readonly root = '/memory';
  private readonly files = new Map<string, Buffer>();

  constructor(files: Record<string, string | Buffer>) {
    for (const [p, c] of Object.entries(files)) this.files.set(p, typeof c === 'string' ? Buffer.from(c, 'utf8') : c);
  }

  resolve(rel: string): string {
    return `${this.root}/${rel}`;
  }

  private isDir(rel: string): boolean {
    if (rel === '' || rel === '.') return true;
    const prefix = `${rel}/`;
    for (const p of this.files.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  async stat(rel: string): Promise<FileStat | undefined> {
    const f = this.files.get(rel);
    if (f) return { size: f.length, mtimeMs: 0, isFile: true, isDirectory: false };
    if (this.isDir(rel)) return { size: 0, mtimeMs: 0, isFile: false, isDirectory: true };
    return undefined;
  }

  private get(rel: string): Buffer {
    const f = this.files.get(rel);
    if (!f) throw new Error(`ENOENT: ${rel}`);
    return f;
  }

  async readRange(rel: string, position: number, length: number): Promise<Buffer> {
    return this.get(rel).subarray(position, position + length);
  }

  async readFile(rel: string, limit = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
    const f = this.get(rel);
    if (f.length > limit) throw new Error(`${rel} is over the limit`);
    return f;
  }

  async readDir(rel: string): Promise<string[] | undefined> {
    if (!this.isDir(rel)) return undefined;
    const prefix = rel === '' || rel === '.' ? '' : `${rel}/`;
    const names = new Set<string>();
    for (const p of this.files.keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    return [...names];
  }

  async hash(rel: string, algorithm: 'md5' | 'sha256'): Promise<string> {
    return createHash(algorithm).update(this.get(rel)).digest('hex');
  }

  async stream(rel: string, onChunk: (chunk: Buffer) => void, highWaterMark = 1 << 20): Promise<void> {
    const f = this.get(rel);
    for (let i = 0; i < f.length; i += highWaterMark) onChunk(f.subarray(i, i + highWaterMark));
  }
}
