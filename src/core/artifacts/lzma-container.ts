// The containers around LZMA data in joblib dumps: the `.xz` format (stream header, blocks of
// LZMA2 chunks, index) and the legacy `.lzma` format (a 13-byte header, then one LZMA1 stream).
// Both are decoded as streams with the output capped; integrity checks (CRC32/CRC64/SHA-256) are
// skipped, since the output only feeds a pickle scanner that copes with any bytes.

import { LzmaDecoder, LzmaError, propsOf } from './lzma';

const OUT_CHUNK = 64 * 1024;
/** Input kept ahead of the LZMA1 decoder: more than one decoding step can consume. */
const MIN_AHEAD = 64;
const XZ_MAGIC = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];

export interface LzmaOptions {
  maxOutput: number;
}

export type Decoded = AsyncGenerator<Buffer, { truncatedAt?: number }>;

/** The compressed input as a window the decoders read synchronously, refilled between steps. */
class Input {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Bytes dropped from the front of the window, so `offset` is the absolute position. */
  private dropped = 0;
  eof = false;

  constructor(private readonly next: () => Promise<Buffer | null>) {}

  get offset(): number {
    return this.dropped + this.pos;
  }

  get ahead(): number {
    return this.buf.length - this.pos;
  }

  async need(n: number): Promise<void> {
    if (this.ahead >= n) return;
    const parts = [this.buf.subarray(this.pos)];
    this.dropped += this.pos;
    this.pos = 0;
    let have = parts[0].length;
    while (have < n && !this.eof) {
      const chunk = await this.next();
      if (!chunk?.length) this.eof = true;
      else {
        parts.push(chunk);
        have += chunk.length;
      }
    }
    this.buf = Buffer.concat(parts);
    if (this.ahead < n) throw new LzmaError('the compressed data ends early (truncated)');
  }

  async bytes(n: number): Promise<Buffer> {
    await this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  async byte(): Promise<number> {
    return (await this.bytes(1))[0];
  }
}

/** Counts the output against the limit; `cut` is the part of a chunk still within it. */
class Budget {
  produced = 0;
  constructor(private readonly max: number) {}
  cut(b: Buffer): Buffer {
    const keep = b.subarray(0, Math.max(0, this.max - this.produced));
    this.produced += keep.length;
    return keep;
  }
  get full(): boolean {
    return this.produced >= this.max;
  }
}

/** Decodes a legacy `.lzma` (LZMA_Alone) stream. */
export async function* unlzma(next: () => Promise<Buffer | null>, options: LzmaOptions): Decoded {
  const input = new Input(next);
  const header = await input.bytes(13);
  const dictSize = header.readUInt32LE(1);
  const known = header.readBigUInt64LE(5);
  let remaining = known === 0xffffffffffffffffn ? Infinity : Number(known);
  const dec = new LzmaDecoder(input, dictSize);
  dec.setProps(propsOf(header[0]));
  dec.resetState();
  dec.resetDictionary();
  await input.need(5);
  dec.rc.init();
  const budget = new Budget(options.maxOutput);
  while (remaining > 0 && !dec.ended) {
    if (!input.eof) await input.need(MIN_AHEAD).catch(() => undefined);
    const made = dec.run(Math.min(OUT_CHUNK, remaining), () => !input.eof && input.ahead < MIN_AHEAD);
    remaining -= made;
    const out = budget.cut(dec.take());
    if (out.length) yield out;
    if (budget.full) return { truncatedAt: budget.produced };
    if (made === 0 && input.eof && input.ahead === 0 && !dec.ended) throw new LzmaError('the LZMA data ends early (truncated)');
  }
  return {};
}

/** Decodes an `.xz` stream whose blocks use the LZMA2 filter alone. */
export async function* unxz(next: () => Promise<Buffer | null>, options: LzmaOptions): Decoded {
  const input = new Input(next);
  const head = await input.bytes(12);
  if (!head.subarray(0, 6).equals(XZ_MAGIC) || head[6] !== 0 || head[7] > 0x0f) throw new LzmaError('not an xz stream');
  const checkSize = CHECK_SIZES[head[7]];
  const budget = new Budget(options.maxOutput);
  for (;;) {
    const blockStart = input.offset;
    const size = await input.byte();
    if (size === 0) return {}; // the index: no more blocks
    const dictSize = lzma2DictSize(await input.bytes(size * 4 + 3));
    const dec = new LzmaDecoder(input, dictSize);
    for await (const out of lzma2Chunks(input, dec)) {
      const kept = budget.cut(out);
      if (kept.length) yield kept;
      if (budget.full) return { truncatedAt: budget.produced };
    }
    const pad = (4 - ((input.offset - blockStart) % 4)) % 4;
    await input.bytes(pad + checkSize);
  }
}

function readVarint(h: Buffer, at: { i: number }): number {
  let v = 0;
  for (let shift = 0; shift < 63; shift += 7) {
    const b = h[at.i++];
    if (b === undefined) throw new LzmaError('invalid xz block header');
    v += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return v;
  }
  throw new LzmaError('invalid xz block header');
}

/** The dictionary size of a block header (after its size byte) whose one filter is LZMA2. */
function lzma2DictSize(h: Buffer): number {
  const flags = h[0];
  if (flags & 0x3c) throw new LzmaError('unsupported xz block flags');
  const at = { i: 1 };
  if (flags & 0x40) readVarint(h, at);
  if (flags & 0x80) readVarint(h, at);
  if ((flags & 3) !== 0) throw new LzmaError('xz filters other than LZMA2 (BCJ, delta) are not supported');
  const id = readVarint(h, at);
  const propsSize = readVarint(h, at);
  if (id !== 0x21 || propsSize !== 1) throw new LzmaError('xz filters other than LZMA2 are not supported');
  const d = h[at.i];
  if (d > 40) throw new LzmaError('invalid LZMA2 dictionary size');
  return d === 40 ? 0xffffffff : (2 | (d & 1)) * 2 ** (Math.floor(d / 2) + 11);
}

/** The LZMA2 chunks of one block, each decoded and yielded in output chunks. */
async function* lzma2Chunks(input: Input, dec: LzmaDecoder): AsyncGenerator<Buffer> {
  let started = false;
  for (;;) {
    const control = await input.byte();
    if (control === 0) return;
    if (control === 1 || control === 2) {
      if (control === 1) dec.resetDictionary();
      else if (!started) throw new LzmaError('an LZMA2 stream must start with a dictionary reset');
      started = true;
      let left = (await input.bytes(2)).readUInt16BE(0) + 1;
      const data = await input.bytes(left);
      let from = 0;
      while (left > 0) {
        const n = dec.putRaw(data, from, left);
        from += n;
        left -= n;
        yield dec.take();
      }
      continue;
    }
    if (control < 0x80) throw new LzmaError('invalid LZMA2 chunk');
    const sizes = await input.bytes(4);
    let unpacked = (control & 0x1f) * 65536 + sizes.readUInt16BE(0) + 1;
    const packed = sizes.readUInt16BE(2) + 1;
    const reset = (control >>> 5) & 3;
    if (reset === 3) dec.resetDictionary();
    else if (!started) throw new LzmaError('an LZMA2 stream must start with a dictionary reset');
    started = true;
    if (reset >= 2) {
      const props = propsOf(await input.byte());
      if (props.lc + props.lp > 4) throw new LzmaError('invalid LZMA2 properties');
      dec.setProps(props);
    }
    if (reset >= 1) dec.resetState();
    await input.need(packed);
    const end = input.pos + packed;
    dec.rc.init();
    while (unpacked > 0) {
      const made = dec.run(Math.min(OUT_CHUNK, unpacked), () => false);
      unpacked -= made;
      yield dec.take();
      if (made === 0 && dec.untaken === 0 && unpacked > 0) throw new LzmaError('an LZMA2 chunk ends before its declared size');
    }
    if (input.pos !== end) throw new LzmaError('an LZMA2 chunk does not use its declared compressed size');
  }
}
