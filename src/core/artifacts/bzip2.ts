// A bounded, streaming bzip2 decoder, for joblib dumps written with `compress='bz2'`. Node's zlib
// has no bzip2, and the pure-JavaScript decoders on npm are either unmaintained or decode whole
// buffers, so the format is decoded here from its description: per block a Huffman-coded,
// move-to-front and run-length coded Burrows–Wheeler transform, then a final run-length stage.
// Memory is one block (at most 900,000 symbols, 3.6 MB) plus its compressed input; output is
// handed on in chunks and stops at the caller's limit, so a bzip2 bomb cannot grow anything.

/** Compressed bytes kept ahead of the decoder: more than the largest block can occupy. */
const WINDOW = 3 * 1024 * 1024;
const OUT_CHUNK = 64 * 1024;
const BLOCK_MAGIC_HI = 0x314159;
const BLOCK_MAGIC_LO = 0x265359;
const END_MAGIC_HI = 0x177245;
const END_MAGIC_LO = 0x385090;
const MAX_CODE_LENGTH = 20;
const GROUP_SIZE = 50;

export class Bzip2Error extends Error {}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** Reads bits most-significant first from a window of the compressed input. */
class BitReader {
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;
  eof = false;

  constructor(private readonly next: () => Promise<Buffer | null>) {}

  /** Makes sure the window holds WINDOW bytes past the read position, or all that is left. */
  async fill(): Promise<void> {
    const parts: Buffer[] = [this.buf.subarray(this.pos >>> 3)];
    this.pos &= 7;
    let have = parts[0].length;
    while (have < WINDOW && !this.eof) {
      const chunk = await this.next();
      if (!chunk || chunk.length === 0) this.eof = true;
      else {
        parts.push(chunk);
        have += chunk.length;
      }
    }
    this.buf = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Whether nothing but the padding of the last byte is left. */
  atEnd(): boolean {
    return this.eof && ((this.pos + 7) & ~7) >= this.buf.length * 8;
  }

  bits(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) v = (v << 1) | this.bit();
    return v >>> 0;
  }

  bit(): number {
    const byte = this.pos >>> 3;
    if (byte >= this.buf.length) throw new Bzip2Error('the bzip2 data ends early (truncated)');
    const b = (this.buf[byte] >>> (7 - (this.pos & 7))) & 1;
    this.pos++;
    return b;
  }

  alignToByte(): void {
    this.pos = (this.pos + 7) & ~7;
  }
}

/** A canonical Huffman code, decoded bit by bit. */
class HuffmanTable {
  private readonly firstCode = new Int32Array(MAX_CODE_LENGTH + 2);
  private readonly firstIndex = new Int32Array(MAX_CODE_LENGTH + 2);
  private readonly count = new Int32Array(MAX_CODE_LENGTH + 2);
  private readonly symbols: Uint16Array;

  constructor(lengths: Uint8Array) {
    this.symbols = new Uint16Array(lengths.length);
    for (const l of lengths) this.count[l]++;
    let code = 0;
    let index = 0;
    for (let l = 1; l <= MAX_CODE_LENGTH; l++) {
      this.firstCode[l] = code;
      this.firstIndex[l] = index;
      index += this.count[l];
      code = (code + this.count[l]) << 1;
    }
    const next = this.firstIndex.slice();
    for (let s = 0; s < lengths.length; s++) this.symbols[next[lengths[s]]++] = s;
  }

  decode(r: BitReader): number {
    let code = 0;
    for (let l = 1; l <= MAX_CODE_LENGTH; l++) {
      code = (code << 1) | r.bit();
      const k = code - this.firstCode[l];
      if (k >= 0 && k < this.count[l]) return this.symbols[this.firstIndex[l] + k];
    }
    throw new Bzip2Error('invalid Huffman code in a bzip2 block');
  }
}

/** The symbol-to-byte map of a block: which of the 256 byte values occur in it. */
function readByteMap(r: BitReader): Uint8Array {
  const used: number[] = [];
  const groups = r.bits(16);
  for (let i = 0; i < 16; i++) {
    if (!(groups & (0x8000 >>> i))) continue;
    const bits = r.bits(16);
    for (let j = 0; j < 16; j++) if (bits & (0x8000 >>> j)) used.push(i * 16 + j);
  }
  if (!used.length) throw new Bzip2Error('a bzip2 block uses no byte values');
  return Uint8Array.from(used);
}

/** The Huffman tables of a block and, for every group of 50 symbols, the table it uses. */
function readTables(r: BitReader, alphaSize: number): { tables: HuffmanTable[]; selectors: Uint8Array } {
  const nGroups = r.bits(3);
  const nSelectors = r.bits(15);
  if (nGroups < 2 || nGroups > 6 || nSelectors < 1) throw new Bzip2Error('invalid table counts in a bzip2 block');
  const order = Array.from({ length: nGroups }, (_, i) => i);
  const selectors = new Uint8Array(nSelectors);
  for (let i = 0; i < nSelectors; i++) {
    let j = 0;
    while (r.bit()) if (++j >= nGroups) throw new Bzip2Error('invalid selector in a bzip2 block');
    const t = order[j];
    order.splice(j, 1);
    order.unshift(t);
    selectors[i] = t;
  }
  const tables: HuffmanTable[] = [];
  for (let t = 0; t < nGroups; t++) {
    const lengths = new Uint8Array(alphaSize);
    let len = r.bits(5);
    for (let s = 0; s < alphaSize; s++) {
      for (;;) {
        if (len < 1 || len > MAX_CODE_LENGTH) throw new Bzip2Error('invalid code length in a bzip2 block');
        if (!r.bit()) break;
        len += r.bit() ? -1 : 1;
      }
      lengths[s] = len;
    }
    tables.push(new HuffmanTable(lengths));
  }
  return { tables, selectors };
}

/**
 * Decodes the symbols of a block into `tt` (the Burrows–Wheeler transformed bytes, one per
 * entry's low 8 bits) and returns how many there are.
 */
function readSymbols(r: BitReader, tt: Uint32Array, maxLength: number): number {
  const byteMap = readByteMap(r);
  const alphaSize = byteMap.length + 2;
  const { tables, selectors } = readTables(r, alphaSize);
  const mtf = Uint8Array.from(byteMap.keys());
  const eob = alphaSize - 1;
  let n = 0;
  let run = 0;
  let runBit = 1;
  let group = -1;
  let left = 0;
  let table = tables[0];
  const flushRun = () => {
    if (!run) return;
    if (n + run > maxLength) throw new Bzip2Error('a bzip2 block is longer than its declared size');
    tt.fill(byteMap[mtf[0]], n, n + run);
    n += run;
    run = 0;
    runBit = 1;
  };
  for (;;) {
    if (left === 0) {
      if (++group >= selectors.length) throw new Bzip2Error('a bzip2 block has more symbols than selectors');
      table = tables[selectors[group]];
      left = GROUP_SIZE;
    }
    left--;
    const sym = table.decode(r);
    if (sym <= 1) {
      // RUNA and RUNB: the run length of the front byte, in bijective base 2.
      run += runBit << sym;
      runBit <<= 1;
      if (run > maxLength) throw new Bzip2Error('a bzip2 run is longer than the block');
      continue;
    }
    flushRun();
    if (sym === eob) return n;
    const k = sym - 1;
    const v = mtf[k];
    mtf.copyWithin(1, 0, k);
    mtf[0] = v;
    if (n >= maxLength) throw new Bzip2Error('a bzip2 block is longer than its declared size');
    tt[n++] = byteMap[v];
  }
}

/** Links each entry of `tt` to the next in text order (the inverse transform), in its high 24 bits. */
function invertTransform(tt: Uint32Array, n: number): void {
  const start = new Int32Array(256);
  for (let i = 0; i < n; i++) start[tt[i] & 0xff]++;
  for (let b = 0, sum = 0; b < 256; b++) {
    const c = start[b];
    start[b] = sum;
    sum += c;
  }
  for (let i = 0; i < n; i++) tt[start[tt[i] & 0xff]++] |= i << 8;
}

export interface Bunzip2Options {
  /** Stop (with `truncatedAt` set) once this many bytes were produced. */
  maxOutput: number;
}

/**
 * Decodes a bzip2 stream (or several back to back) read through `next`, yielding the output in
 * chunks. Throws Bzip2Error on corrupt input, including a CRC mismatch.
 */
export async function* bunzip2(next: () => Promise<Buffer | null>, options: Bunzip2Options): AsyncGenerator<Buffer, { truncatedAt?: number }> {
  const r = new BitReader(next);
  let produced = 0;
  await r.fill();
  for (let first = true; ; first = false) {
    const magic = r.bits(24);
    // Like Python's bz2 module, data after the last stream that is not another stream is ignored.
    if (magic !== 0x425a68) {
      if (first) throw new Bzip2Error('not a bzip2 stream (no BZh header)');
      return {};
    }
    const level = r.bits(8) - 0x30;
    if (level < 1 || level > 9) throw new Bzip2Error('invalid bzip2 block size');
    const tt = new Uint32Array(level * 100_000);
    let combined = 0;
    for (;;) {
      await r.fill();
      const hi = r.bits(24);
      const lo = r.bits(24);
      const crc = r.bits(32);
      if (hi === END_MAGIC_HI && lo === END_MAGIC_LO) {
        if (crc !== combined >>> 0) throw new Bzip2Error('the bzip2 stream CRC does not match');
        break;
      }
      if (hi !== BLOCK_MAGIC_HI || lo !== BLOCK_MAGIC_LO) throw new Bzip2Error('invalid bzip2 block header');
      if (r.bit()) throw new Bzip2Error('randomised bzip2 blocks (bzip2 0.9) are not supported');
      const origPtr = r.bits(24);
      const n = readSymbols(r, tt, tt.length);
      if (origPtr >= n) throw new Bzip2Error('invalid bzip2 block start pointer');
      invertTransform(tt, n);
      const block = yield* undoRuns(tt, n, origPtr, options.maxOutput - produced);
      produced += block.length;
      if (block.truncated) return { truncatedAt: produced };
      if (block.crc !== crc) throw new Bzip2Error('a bzip2 block CRC does not match');
      combined = (((combined << 1) | (combined >>> 31)) ^ crc) >>> 0;
    }
    r.alignToByte();
    await r.fill();
    if (r.atEnd()) return {};
  }
}

/** Walks the inverse transform and undoes the first run-length stage, yielding output chunks. */
function* undoRuns(tt: Uint32Array, n: number, origPtr: number, room: number): Generator<Buffer, { length: number; crc: number; truncated: boolean }> {
  if (room <= 0) return { length: 0, crc: 0, truncated: true };
  const out = Buffer.allocUnsafe(OUT_CHUNK);
  let fill = 0;
  let length = 0;
  let crc = 0xffffffff;
  let pos = tt[origPtr] >>> 8;
  let last = -1;
  let same = 0;
  const emit = (b: number) => {
    out[fill++] = b;
    crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  };
  for (let i = 0; i < n; i++) {
    const entry = tt[pos];
    const b = entry & 0xff;
    pos = entry >>> 8;
    if (same === 4) {
      // Four equal bytes are followed by how many more of them there are (fill stays below OUT_CHUNK).
      for (let k = 0; k < b; k++) emit(last);
      same = 0;
    } else {
      same = b === last ? same + 1 : 1;
      last = b;
      emit(b);
    }
    if (fill >= OUT_CHUNK - 256 || length + fill >= room) {
      const take = Math.min(fill, room - length);
      length += take;
      if (take) yield Buffer.from(out.subarray(0, take));
      fill = 0;
      if (length >= room) return { length, crc: ~crc >>> 0, truncated: true };
    }
  }
  if (fill) {
    length += fill;
    yield Buffer.from(out.subarray(0, fill));
  }
  return { length, crc: ~crc >>> 0, truncated: false };
}
