// A bounded, streaming LZMA decoder for joblib dumps written with `compress='xz'` or `'lzma'`:
// the range-coded LZMA1 stream of the legacy `.lzma` format and the LZMA2 chunks of an `.xz`
// block (xz-container.ts reads the container), decoded from the formats' descriptions. Memory is
// the dictionary (refused above MAX_DICTIONARY) and a small input window; output is handed on in
// chunks and stops at the caller's limit.

export class LzmaError extends Error {}

/** Largest dictionary accepted; joblib's presets use at most 64 MiB. */
export const MAX_DICTIONARY = 64 * 1024 * 1024;
const PROB_INIT = 1024;
const NUM_STATES = 12;
const END_POS_MODEL_INDEX = 14;
const NUM_FULL_DISTANCES = 128;
const MATCH_MIN_LEN = 2;

/** Compressed input the decoder reads from, with the position of the next byte. */
export interface ByteSource {
  buf: Buffer;
  pos: number;
}

class RangeDecoder {
  private range = 0;
  private code = 0;

  constructor(private readonly src: ByteSource) {}

  init(): void {
    if (this.byte() !== 0) throw new LzmaError('invalid LZMA range coder start');
    this.code = 0;
    for (let i = 0; i < 4; i++) this.code = ((this.code << 8) | this.byte()) >>> 0;
    this.range = 0xffffffff;
    if (this.code === this.range) throw new LzmaError('invalid LZMA range coder start');
  }

  private byte(): number {
    const { src } = this;
    if (src.pos >= src.buf.length) throw new LzmaError('the LZMA data ends early (truncated)');
    return src.buf[src.pos++];
  }

  private normalize(): void {
    if (this.range < 0x1000000) {
      this.range = (this.range << 8) >>> 0;
      this.code = ((this.code << 8) | this.byte()) >>> 0;
    }
  }

  bit(probs: Uint16Array, i: number): number {
    const p = probs[i];
    const bound = (this.range >>> 11) * p;
    let b: number;
    if (this.code < bound) {
      this.range = bound;
      probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      this.range -= bound;
      this.code -= bound;
      probs[i] = p - (p >>> 5);
      b = 1;
    }
    this.normalize();
    return b;
  }

  direct(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      this.range >>>= 1;
      let b = 0;
      if (this.code >= this.range) {
        this.code -= this.range;
        b = 1;
      }
      v = ((v << 1) | b) >>> 0;
      this.normalize();
    }
    return v;
  }

  tree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(probs, base + m);
    return m - (1 << bits);
  }

  reverseTree(probs: Uint16Array, base: number, bits: number): number {
    let m = 1;
    let v = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(probs, base + m);
      m = (m << 1) | b;
      v |= b << i;
    }
    return v;
  }
}

/** The length coder: 2–9 through `low`, 10–17 through `mid`, 18–273 through `high`. */
class LengthDecoder {
  private readonly probs = new Uint16Array(2 + 16 * 8 + 16 * 8 + 256);

  reset(): void {
    this.probs.fill(PROB_INIT);
  }

  decode(rc: RangeDecoder, posState: number): number {
    const p = this.probs;
    if (!rc.bit(p, 0)) return rc.tree(p, 2 + posState * 8 - 1, 3);
    if (!rc.bit(p, 1)) return 8 + rc.tree(p, 2 + 128 + posState * 8 - 1, 3);
    return 16 + rc.tree(p, 2 + 256 - 1, 8);
  }
}

export interface LzmaProps {
  lc: number;
  lp: number;
  pb: number;
}

export function propsOf(byte: number): LzmaProps {
  if (byte >= 9 * 5 * 5) throw new LzmaError('invalid LZMA properties');
  return { lc: byte % 9, lp: Math.floor(byte / 9) % 5, pb: Math.floor(byte / 45) };
}

/**
 * The LZMA decoding state and its dictionary, which is also the output window: bytes are written
 * into it and taken out with `take()` as they are produced.
 */
export class LzmaDecoder {
  readonly rc: RangeDecoder;
  private dict: Uint8Array;
  private dictPos = 0;
  private flushed = 0;
  /** Bytes produced since the last dictionary reset (how far back a match may reach). */
  private filled = 0;
  private props: LzmaProps = { lc: 3, lp: 0, pb: 2 };
  private state = 0;
  private reps = [0, 0, 0, 0];
  private literals = new Uint16Array(0x300 << 3);
  private readonly probs = new Uint16Array(NUM_STATES * 16 * 2 + NUM_STATES * 4);
  private readonly posSlot = new Uint16Array(4 * 64);
  private readonly posDecoders = new Uint16Array(1 + NUM_FULL_DISTANCES - END_POS_MODEL_INDEX);
  private readonly align = new Uint16Array(16);
  private readonly len = new LengthDecoder();
  private readonly repLen = new LengthDecoder();
  /** A match not yet wholly copied when the output chunk filled up. */
  private pending = 0;
  /** Set when the end marker was decoded. */
  ended = false;

  constructor(src: ByteSource, dictSize: number) {
    if (dictSize > MAX_DICTIONARY) throw new LzmaError(`the LZMA dictionary of ${dictSize} bytes is over the ${MAX_DICTIONARY}-byte limit`);
    this.rc = new RangeDecoder(src);
    this.dict = new Uint8Array(Math.max(dictSize, 4096));
  }

  setProps(props: LzmaProps): void {
    if (props.lc + props.lp > 12) throw new LzmaError('invalid LZMA properties');
    this.props = props;
    this.literals = new Uint16Array(0x300 << (props.lc + props.lp));
  }

  resetDictionary(): void {
    this.filled = 0;
  }

  resetState(): void {
    this.state = 0;
    this.reps = [0, 0, 0, 0];
    this.pending = 0;
    for (const p of [this.literals, this.probs, this.posSlot, this.posDecoders, this.align]) p.fill(PROB_INIT);
    this.len.reset();
    this.repLen.reset();
  }

  /** The bytes produced since the last call. */
  take(): Buffer {
    const out = Buffer.from(this.dict.subarray(this.flushed, this.dictPos));
    this.flushed = this.dictPos;
    if (this.dictPos === this.dict.length) this.dictPos = this.flushed = 0;
    return out;
  }

  /** Bytes produced and not yet taken. */
  get untaken(): number {
    return this.dictPos - this.flushed;
  }

  /** Copies stored (uncompressed) bytes into the window, as many as fit before it wraps; returns how many. */
  putRaw(data: Buffer, from: number, count: number): number {
    const n = Math.min(count, this.dict.length - this.dictPos);
    this.dict.set(data.subarray(from, from + n), this.dictPos);
    this.dictPos += n;
    this.filled += n;
    return n;
  }

  private put(b: number): void {
    this.dict[this.dictPos++] = b;
    this.filled++;
  }

  private byteBack(dist: number): number {
    let i = this.dictPos - dist - 1;
    if (i < 0) i += this.dict.length;
    return this.dict[i];
  }

  /**
   * Decodes until `limit` bytes are produced in this chunk, the dictionary wraps, the input window
   * runs low (`inputLow()`), or the end marker. Returns the number of bytes produced.
   */
  run(limit: number, inputLow: () => boolean): number {
    const start = this.dictPos;
    const room = () => Math.min(limit - (this.dictPos - start), this.dict.length - this.dictPos);
    while (room() > 0) {
      if (this.pending > 0) this.copy();
      else if (this.ended || inputLow()) break;
      else this.step();
    }
    return this.dictPos - start;
  }

  private copy(): void {
    this.put(this.byteBack(this.reps[0]));
    this.pending--;
  }

  private step(): void {
    const { rc, probs } = this;
    const posState = this.filled & ((1 << this.props.pb) - 1);
    const s = this.state;
    if (!rc.bit(probs, (s << 4) + posState)) {
      this.literal();
      return;
    }
    const IS_REP = NUM_STATES * 16;
    let len: number;
    if (!rc.bit(probs, IS_REP + s)) {
      this.reps = [0, this.reps[0], this.reps[1], this.reps[2]];
      len = this.len.decode(rc, posState);
      this.state = s < 7 ? 7 : 10;
      const dist = this.distance(len);
      if (dist === 0xffffffff) {
        this.ended = true;
        return;
      }
      this.reps[0] = dist;
    } else {
      if (this.filled === 0) throw new LzmaError('an LZMA repeated match before any data');
      if (!rc.bit(probs, IS_REP + NUM_STATES + s)) {
        if (!rc.bit(probs, IS_REP + 4 * NUM_STATES + (s << 4) + posState)) {
          this.state = s < 7 ? 9 : 11;
          this.put(this.byteBack(this.reps[0]));
          return;
        }
      } else {
        let dist: number;
        if (!rc.bit(probs, IS_REP + 2 * NUM_STATES + s)) dist = this.reps[1];
        else {
          if (!rc.bit(probs, IS_REP + 3 * NUM_STATES + s)) dist = this.reps[2];
          else {
            dist = this.reps[3];
            this.reps[3] = this.reps[2];
          }
          this.reps[2] = this.reps[1];
        }
        this.reps[1] = this.reps[0];
        this.reps[0] = dist;
      }
      len = this.repLen.decode(rc, posState);
      this.state = s < 7 ? 8 : 11;
    }
    if (this.reps[0] >= this.filled || this.reps[0] >= this.dict.length) throw new LzmaError('an LZMA match reaches before the start of the data');
    this.pending = len + MATCH_MIN_LEN;
  }

  private literal(): void {
    const { rc } = this;
    const { lc, lp } = this.props;
    const prev = this.filled > 0 ? this.byteBack(0) : 0;
    const base = 0x300 * ((((this.filled & ((1 << lp) - 1)) << lc) | (prev >>> (8 - lc))) >>> 0);
    let symbol = 1;
    if (this.state >= 7) {
      let match = this.byteBack(this.reps[0]);
      while (symbol < 0x100) {
        const matchBit = (match >>> 7) & 1;
        match <<= 1;
        const b = rc.bit(this.literals, base + ((1 + matchBit) << 8) + symbol);
        symbol = (symbol << 1) | b;
        if (matchBit !== b) break;
      }
    }
    while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(this.literals, base + symbol);
    this.put(symbol & 0xff);
    this.state = this.state < 4 ? 0 : this.state < 10 ? this.state - 3 : this.state - 6;
  }

  private distance(len: number): number {
    const { rc } = this;
    const lenState = Math.min(len, 3);
    const slot = rc.tree(this.posSlot, lenState * 64, 6);
    if (slot < 4) return slot;
    const direct = (slot >>> 1) - 1;
    let dist = ((2 | (slot & 1)) << direct) >>> 0;
    if (slot < END_POS_MODEL_INDEX) return (dist + rc.reverseTree(this.posDecoders, dist - slot - 1, direct)) >>> 0;
    dist = (dist + ((rc.direct(direct - 4) << 4) >>> 0)) >>> 0;
    return (dist + rc.reverseTree(this.align, -1, 4)) >>> 0;
  }
}
