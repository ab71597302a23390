// Reads zip archives (PyTorch checkpoints, .keras, .npz, model archives) through byte ranges of a
// ByteSource with yauzl: only the central directory and the entries asked for are read, so the
// tensor data of a multi-gigabyte checkpoint is never loaded.

import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { PushParser, type ByteFeed, type Parser } from './byte-feed';
import type { ByteSource } from './byte-source';

const CHUNK = 1 << 20;
/** Bytes read at once for yauzl's small reads (central-directory records, local headers). */
const RECORD_WINDOW = 16 * 1024;
/**
 * Entries listed by name; past it, only the entries the caller keeps (those a loader reads) are
 * listed, so memory stays bounded while no entry a loader would read is missed.
 */
export const MAX_LISTED = 100_000;
/** Central-directory records walked at most (a zip64 archive can claim billions). */
const MAX_WALKED = 5_000_000;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: number;
  encrypted: boolean;
}

/** yauzl's random-access reader over one file of a byte source. */
class WorkspaceRangeReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly io: ByteSource,
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

  /** The last window read, so walking the central directory record by record is not a read per field. */
  private window: { start: number; bytes: Buffer } | undefined;

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null) => void): void {
    const w = this.window;
    if (w && position >= w.start && position + length <= w.start + w.bytes.length) {
      w.bytes.copy(buffer, offset, position - w.start, position - w.start + length);
      // Answered later, not from inside the call: yauzl reads the next record from its callback.
      queueMicrotask(() => callback(null));
      return;
    }
    this.io.readRange(this.rel, position, Math.max(length, RECORD_WINDOW)).then(
      (b) => {
        if (b.length < length) return callback(new Error('unexpected end of file'));
        this.window = { start: position, bytes: b };
        b.copy(buffer, offset, 0, length);
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
    /** Central-directory records walked (every entry, unless over MAX_WALKED). */
    readonly total: number,
    /** The walk stopped at MAX_WALKED records, so later entries were not seen at all. */
    readonly unwalked: boolean,
  ) {}

  /**
   * Opens an archive and lists its entries: the first MAX_LISTED of them, and after those every
   * entry `keep` accepts.
   */
  static async open(io: ByteSource, rel: string, size: number, keep: (name: string) => boolean = () => false): Promise<ZipArchive> {
    const reader = new WorkspaceRangeReader(io, rel);
    const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromRandomAccessReader(reader, size, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, z) =>
        err ? reject(err) : resolve(z),
      ),
    );
    const byName = new Map<string, yauzl.Entry>();
    const entries: ZipEntryInfo[] = [];
    let total = 0;
    let unwalked = false;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        total++;
        if (total > MAX_WALKED) {
          unwalked = true;
          resolve();
          return;
        }
        if (entries.length >= MAX_LISTED && !keep(e.fileName)) {
          zip.readEntry();
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
    const walked = Math.min(total, MAX_WALKED);
    return new ZipArchive(zip, byName, entries, walked > entries.length, walked, unwalked);
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
