// Reads zip archives (PyTorch checkpoints, .keras, .npz) through WorkspaceIO byte ranges with
// yauzl: only the central directory and the entries asked for are read, so the tensor data of a
// multi-gigabyte checkpoint is never loaded.

import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { PushParser, type ByteFeed, type Parser } from './byte-feed';
import type { WorkspaceIO } from '../workspace/io';

const CHUNK = 1 << 20;
/** Archives listing more entries than this are read only up to it. */
const MAX_ENTRIES = 100_000;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  encrypted: boolean;
}

/** yauzl's random-access reader over one workspace file. */
class WorkspaceRangeReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly io: WorkspaceIO,
    private readonly rel: string,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const { io, rel } = this;
    let pos = start;
    return new Readable({
      read() {
        if (pos >= end) {
          this.push(null);
          return;
        }
        const len = Math.min(CHUNK, end - pos);
        io.readRange(rel, pos, len).then(
          (b) => {
            if (b.length === 0) {
              this.destroy(new Error('unexpected end of file'));
              return;
            }
            pos += b.length;
            this.push(b);
          },
          (e: Error) => this.destroy(e),
        );
      },
    });
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    this.io.readRange(this.rel, position, length).then(
      (b) => {
        if (b.length < length) return callback(new Error('unexpected end of file'));
        b.copy(buffer, offset);
        callback(null);
      },
      (e: Error) => callback(e),
    );
  }
}

/** An open archive: its entry list and selective entry reading. */
export class ZipArchive {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, yauzl.Entry>,
    readonly entries: ZipEntryInfo[],
    /** More entries exist than were listed. */
    readonly truncated: boolean,
  ) {}

  static async open(io: WorkspaceIO, rel: string, size: number): Promise<ZipArchive> {
    const reader = new WorkspaceRangeReader(io, rel);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
    const byName = new Map<string, yauzl.Entry>();
    const entries: ZipEntryInfo[] = [];
    let truncated = false;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        if (entries.length >= MAX_ENTRIES) {
          truncated = true;
          resolve();
          return;
        }
        byName.set(e.fileName, e);
        entries.push({
          name: e.fileName,
          compressedSize: e.compressedSize,
          uncompressedSize: e.uncompressedSize,
          compressionMethod: e.compressionMethod,
          encrypted: e.isEncrypted(),
        });
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
    return new ZipArchive(zip, byName, entries, truncated);
  }

  /** Streams an entry's (decompressed) bytes through a parser; stops reading once it is done. */
  async parseEntry<T>(name: string, parser: (feed: ByteFeed) => Parser<T>): Promise<T> {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`no entry named ${name}`);
    const stream = await this.zip.openReadStreamPromise(entry);
    const p = new PushParser(parser);
    try {
      for await (const chunk of stream) {
        p.write(chunk as Buffer);
        if (p.done) break;
      }
    } finally {
      stream.destroy();
    }
    return p.end();
  }

  /** Reads a whole (small) entry; refuses entries over `limit` bytes. */
  async readEntry(name: string, limit: number): Promise<Buffer> {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`no entry named ${name}`);
    if (entry.uncompressedSize > limit) throw new Error(`${name} is ${entry.uncompressedSize} bytes, over the ${limit}-byte limit`);
    const stream = await this.zip.openReadStreamPromise(entry);
    const parts: Buffer[] = [];
    for await (const chunk of stream) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  close(): void {
    this.zip.close();
  }
}
