// String and bytes values of a pickle, read whole or streamed, and the speculative scan of each
// one that could itself be a pickle (what `pickle.loads(b'...')` or a loader would unpickle).

import { StringDecoder } from 'node:string_decoder';
import { PushParser, type ByteFeed, type Parser } from './byte-feed';
import type { ScanContext } from './pickle-context';
import { decodeRawUnicodeEscape, EscapeDecoder } from './pickle-text';
import { LIMITS, type NestedRecord, type PickleScan, type PV, type TextKind } from './pickle-types';

/**
 * Opcodes an unpickler can execute first, on an empty stack. A stream starting with any other
 * opcode (APPEND, REDUCE, LIST, GET…) fails before it runs anything, so an argument that starts
 * that way is not worth scanning as a nested pickle.
 */
const START_BYTES = new Set(Buffer.from('(cNIJKLMFGSTUVXBC])}', 'latin1'));
for (const b of [0x80, 0x95, 0x8c, 0x8d, 0x8e, 0x96, 0x8f, 0x88, 0x89, 0x8a, 0x8b, 0x82, 0x83, 0x84, 0x97]) START_BYTES.add(b);
/** Starting opcodes whose argument is a text line: without a newline they cannot run. */
const LINE_START = new Set(Buffer.from('cILFSV', 'latin1'));

/** Whether a byte can start a pickle stream that runs anything. */
export function isPickleStart(b: number): boolean {
  return START_BYTES.has(b);
}

type Fail = (offset: number, message: string) => void;

/** Builds string and bytes values for one machine, scanning those that could be pickles. */
export class ValueReader {
  constructor(
    private readonly feed: ByteFeed,
    private readonly ctx: ScanContext,
    private readonly fail: Fail,
  ) {}

  /** A counted argument held whole. */
  valueOf(b: Buffer, kind: TextKind, argOff: number): PV {
    if (kind === 'bytes') {
      const nested = this.couldBePickle(b) ? this.nestedIn(b, argOff) : undefined;
      return { k: 'bytes', len: b.length, ...(nested ? { nested } : {}) };
    }
    const v = b.toString(kind);
    // A str reaches a loader as its latin-1 encoding (`_codecs.encode(s, 'latin1')`, protocol 2's
    // way of writing bytes), so a pickle written as UTF-8 text starts with 0xC2 0x80, not 0x80.
    const latin1 = kind === 'latin1' ? b : this.couldBeText(b) ? Buffer.from(v, 'latin1') : undefined;
    const nested = latin1 && this.couldBePickle(latin1) ? this.nestedIn(latin1, argOff) : undefined;
    return { k: 'str', v: v.length > LIMITS.strKeep ? v.slice(0, LIMITS.strKeep) : v, len: v.length, ...(nested ? { nested } : {}) };
  }

  private couldBePickle(b: Buffer): boolean {
    return b.length >= LIMITS.nestedMin && START_BYTES.has(b[0]) && this.ctx.depth < LIMITS.nestedDepthMax && (!LINE_START.has(b[0]) || b.includes(10));
  }

  /** Whether UTF-8 text could encode a pickle: its first character is a start byte (0xC2/0xC3 lead the Latin-1 half). */
  private couldBeText(b: Buffer): boolean {
    return b.length >= LIMITS.nestedMin && (START_BYTES.has(b[0]) || b[0] === 0xc2);
  }

  /** A counted argument too long to hold: streamed through a nested scan when it could be one. */
  *streamCounted(n: number, kind: TextKind): Parser<PV> {
    const f = this.feed;
    const argOff = f.offset;
    if (f.buf.length - f.i < 1) yield* f.need(1);
    const first = f.buf[f.i];
    // UTF-8 text is re-encoded as latin-1 for the nested scan (see valueOf).
    const dec = kind === 'utf8' && (START_BYTES.has(first) || first === 0xc2) ? new StringDecoder('utf8') : undefined;
    let child = kind === 'utf8' ? undefined : this.childFor(first, argOff);
    let started = kind !== 'utf8';
    let head = '';
    yield* f.stream(n, (piece) => {
      if (kind !== 'bytes' && head.length < LIMITS.strKeep) head += piece.subarray(0, LIMITS.strKeep).toString(kind);
      const bytes = dec ? Buffer.from(dec.write(piece), 'latin1') : piece;
      if (!started && dec && bytes.length) {
        started = true;
        child = this.childFor(bytes[0], argOff);
      }
      child?.write(bytes);
    });
    const nested = child ? this.finishChild(child.end(), argOff) : undefined;
    if (kind === 'bytes') return { k: 'bytes', len: n, ...(nested ? { nested } : {}) };
    return { k: 'str', v: head.slice(0, LIMITS.strKeep), len: n, ...(nested ? { nested } : {}) };
  }

  /** Protocol 0 STRING: a quoted, backslash-escaped line (the feed is past the opcode). */
  *quotedString(off: number): Parser<PV> {
    const argOff = this.feed.offset;
    const dec = new EscapeDecoder();
    const sink = new QuotedSink((first) => this.childFor(first, argOff));
    const line = yield* this.feed.line(LIMITS.inlineMax, (piece) => sink.raw(piece, dec));
    if (line !== undefined) {
      if (line.length < 2 || line[0] !== line[line.length - 1] || (line[0] !== 0x27 && line[0] !== 0x22)) {
        this.fail(off, 'the STRING opcode argument must be quoted');
      }
      const body = dec.write(line.subarray(1, line.length - 1));
      const tail = dec.end();
      const all = tail.length ? Buffer.concat([body, tail]) : body;
      return this.valueOf(all, 'latin1', argOff);
    }
    if (!sink.closedByQuote()) this.fail(off, 'the STRING opcode argument must be quoted');
    sink.emit(dec.end());
    const nested = sink.child ? this.finishChild(sink.child.end(), argOff) : undefined;
    return { k: 'str', v: sink.kept(), len: sink.total, ...(nested ? { nested } : {}) };
  }

  /** Protocol 0 UNICODE: a raw-unicode-escape line (the feed is past the opcode). */
  *rawUnicodeString(off: number): Parser<PV> {
    const argOff = this.feed.offset;
    const pieces: Buffer[] = [];
    let size = 0;
    let dropped = false;
    const line = yield* this.feed.line(LIMITS.inlineMax, (piece) => {
      if (size < LIMITS.lineMax * 16) {
        pieces.push(Buffer.from(piece));
        size += piece.length;
      } else dropped = true;
    });
    if (dropped) this.fail(off, 'a UNICODE argument is too long to inspect whole');
    const text = decodeRawUnicodeEscape(line ?? Buffer.concat(pieces));
    const nested = this.nestedIn(Buffer.from(text, 'latin1'), argOff);
    return { k: 'str', v: text.length > LIMITS.strKeep ? text.slice(0, LIMITS.strKeep) : text, len: text.length, ...(nested ? { nested } : {}) };
  }

  /** Starts a speculative nested scan when the argument could begin a pickle. */
  private childFor(first: number, argOff: number): PushParser<PickleScan> | undefined {
    if (this.ctx.depth >= LIMITS.nestedDepthMax || !START_BYTES.has(first)) return undefined;
    const ctx = this.ctx.child();
    return new PushParser((feed) => ctx.runner(feed, ctx, ctx.innerOptions()), argOff);
  }

  private nestedIn(b: Buffer, argOff: number): NestedRecord | undefined {
    if (b.length < LIMITS.nestedMin) return undefined;
    const child = this.childFor(b[0], argOff);
    if (!child) return undefined;
    child.write(b);
    return this.finishChild(child.end(), argOff);
  }

  private finishChild(scan: PickleScan, argOff: number): NestedRecord | undefined {
    if (scan.globals.length === 0) return undefined;
    const rec: NestedRecord = { scan, argumentOffset: argOff };
    this.ctx.nested.push(rec);
    return rec;
  }
}

/**
 * The decoded body of a STRING line too long to hold: keeps its first characters and feeds a
 * nested scan, holding back the last raw byte each time (it may be the closing quote).
 */
class QuotedSink {
  child: PushParser<PickleScan> | undefined;
  total = 0;
  private quote = -1;
  private held = -1;
  private started = false;
  private readonly parts: Buffer[] = [];
  private keptBytes = 0;

  constructor(private readonly start: (first: number) => PushParser<PickleScan> | undefined) {}

  raw(piece: Buffer, dec: EscapeDecoder): void {
    let p = piece;
    if (this.quote < 0 && p.length) {
      this.quote = p[0];
      p = p.subarray(1);
    }
    if (!p.length) return;
    if (this.held >= 0) this.emit(dec.write(Buffer.from([this.held])));
    this.emit(dec.write(p.subarray(0, p.length - 1)));
    this.held = p[p.length - 1];
  }

  emit(decoded: Buffer): void {
    if (!decoded.length) return;
    this.total += decoded.length;
    if (!this.started) {
      this.started = true;
      this.child = this.start(decoded[0]);
    }
    if (this.keptBytes < LIMITS.strKeep) {
      this.parts.push(Buffer.from(decoded.subarray(0, LIMITS.strKeep - this.keptBytes)));
      this.keptBytes += Math.min(decoded.length, LIMITS.strKeep - this.keptBytes);
    }
    this.child?.write(decoded);
  }

  closedByQuote(): boolean {
    return this.held === this.quote && (this.quote === 0x27 || this.quote === 0x22);
  }

  kept(): string {
    return Buffer.concat(this.parts).toString('latin1');
  }
}
