// DVC's content hashes computed the way DVC computes them: the md5 of a file's raw bytes (DVC 3,
// `hash: md5`), the legacy md5 of text files after CRLF→LF conversion (DVC 1 and 2), and the
// `.dir` hash of a directory listing serialised exactly as Python's `json.dumps(…, sort_keys=True)`.

import { createHash } from 'node:crypto';
import type { WorkspaceIO } from '../../workspace/io';
import type { HashName } from './lock';

/** DVC reads files in blocks of this size and converts line endings block by block. */
export const DVC_CHUNK_SIZE = 1 << 20;
const CRLF = Buffer.from('\r\n');
const CR = Buffer.from('\r');
/** DVC decides text or binary from the first 512 bytes. */
const TEXT_PROBE_SIZE = 512;

/**
 * DVC's text heuristic: empty is text; a NUL byte means binary; otherwise text when at most 30%
 * of the bytes are outside printable ASCII and \n \r \t \f \b.
 */
export function isTextBlock(block: Uint8Array): boolean {
  if (block.length === 0) return true;
  let nonText = 0;
  for (const b of block) {
    if (b === 0) return false;
    const text = (b >= 32 && b < 127) || b === 10 || b === 13 || b === 9 || b === 12 || b === 8;
    if (!text) nonText++;
  }
  return nonText / block.length <= 0.3;
}

/** Replaces CRLF with LF inside one block (a CRLF split across blocks stays, as in DVC). */
export function dos2unix(block: Buffer): Buffer {
  const first = block.indexOf(CRLF);
  if (first < 0) return block;
  // A plain byte loop: text files have a CRLF every few dozen bytes, too many for slice copies.
  const out = Buffer.allocUnsafe(block.length);
  block.copy(out, 0, 0, first);
  let n = first;
  const len = block.length;
  for (let i = first; i < len; i++) {
    const b = block[i];
    if (b === 13 && i + 1 < len && block[i + 1] === 10) continue;
    out[n++] = b;
  }
  return out.subarray(0, n);
}

/** An md5 over a stream that applies DVC's legacy text normalisation on exact 1 MiB blocks. */
export class LegacyMd5 {
  private readonly hash = createHash('md5');
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private text: boolean | undefined;

  update(chunk: Buffer): void {
    if (!this.pendingLength && chunk.length === DVC_CHUNK_SIZE) {
      this.block(chunk);
      return;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
    while (this.pendingLength >= DVC_CHUNK_SIZE) {
      const all = Buffer.concat(this.pending, this.pendingLength);
      this.block(all.subarray(0, DVC_CHUNK_SIZE));
      const rest = all.subarray(DVC_CHUNK_SIZE);
      this.pending = rest.length ? [rest] : [];
      this.pendingLength = rest.length;
    }
  }

  private block(b: Buffer): void {
    if (this.text === undefined) this.text = isTextBlock(b.subarray(0, TEXT_PROBE_SIZE));
    this.hash.update(this.text ? dos2unix(b) : b);
  }

  digest(): string {
    if (this.pendingLength) this.block(Buffer.concat(this.pending, this.pendingLength));
    return this.hash.digest('hex');
  }
}

interface LegacyCacheEntry {
  size: number;
  mtimeMs: number;
  digest: string;
}

/**
 * Computes file md5s for DVC entries. Raw md5s use WorkspaceIO's cached streaming hash; legacy
 * md5s of binary files equal the raw md5 and reuse it, and legacy md5s of text files are streamed
 * through {@link LegacyMd5} and cached here by (path, size, mtime).
 */
export class DvcHasher {
  private readonly legacy = new Map<string, LegacyCacheEntry>();

  constructor(private readonly io: WorkspaceIO) {}

  async md5(path: string, hashName: HashName): Promise<string> {
    if (hashName === 'md5') return this.io.hash(path, 'md5');
    const st = await this.io.stat(path);
    if (!st?.isFile) throw new Error(`${path} is not a file`);
    const head = await this.io.readRange(path, 0, TEXT_PROBE_SIZE);
    if (!isTextBlock(head)) return this.io.hash(path, 'md5');
    const hit = this.legacy.get(path);
    if (hit && hit.size === st.size && hit.mtimeMs === st.mtimeMs) return hit.digest;
    const h = new LegacyMd5();
    await this.io.stream(path, (c) => h.update(c));
    const digest = h.digest();
    this.legacy.set(path, { size: st.size, mtimeMs: st.mtimeMs, digest });
    return digest;
  }
}

/** Python's `json.dumps` string form with `ensure_ascii=True`. */
export function pyJsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += s[i];
  }
  return `${out}"`;
}

/** Compares strings by Unicode code point, as Python sorts them. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx - cy;
  }
}

/**
 * The bytes DVC hashes for a directory: the list of `{"md5", "relpath"}` entries sorted by
 * relpath, serialised by `json.dumps(entries, sort_keys=True)` (", " and ": " separators, ASCII
 * escapes). The `.dir` hash is the md5 of these bytes plus the `.dir` suffix.
 */
export function dirListingJson(entries: readonly { relpath: string; md5: string }[]): string {
  const sorted = [...entries].sort((a, b) => compareCodePoints(a.relpath, b.relpath));
  return `[${sorted.map((e) => `{"md5": ${pyJsonString(e.md5)}, "relpath": ${pyJsonString(e.relpath)}}`).join(', ')}]`;
}

export function dirHash(entries: readonly { relpath: string; md5: string }[]): string {
  return `${createHash('md5').update(dirListingJson(entries), 'utf8').digest('hex')}.dir`;
}

/**
 * The md5s of a text file's bytes with its line endings converted both ways (CRLF→LF and
 * LF→CRLF over the whole stream). A recorded md5 that equals one of them means only the line
 * endings changed, as git's autocrlf conversion does between Windows and Unix checkouts.
 */
export async function lineEndingVariantsMd5(io: WorkspaceIO, path: string): Promise<{ lf: string; crlf: string }> {
  const lf = createHash('md5');
  const crlf = createHash('md5');
  let prevLast = -1;
  let heldCr = false;
  await io.stream(path, (chunk) => {
    if (!chunk.length) return;
    // CRLF→LF: drop each CR that a LF follows, holding a trailing CR until the next chunk.
    if (heldCr && chunk[0] !== 10) lf.update(CR);
    heldCr = chunk[chunk.length - 1] === 13;
    const body = heldCr ? chunk.subarray(0, chunk.length - 1) : chunk;
    lf.update(dos2unix(body));
    // LF→CRLF: add a CR before each LF that has none.
    let start = 0;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      const before = i > 0 ? chunk[i - 1] : prevLast;
      if (before === 13) continue;
      crlf.update(chunk.subarray(start, i));
      crlf.update(CR);
      start = i;
    }
    crlf.update(chunk.subarray(start));
    prevLast = chunk[chunk.length - 1];
  });
  if (heldCr) lf.update(CR);
  return { lf: lf.digest('hex'), crlf: crlf.digest('hex') };
}
