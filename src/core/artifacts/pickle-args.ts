// How each pickle opcode's argument is laid out and read, once for both dispatch paths: the
// buffered reader decodes an argument already in memory without pausing (or says it cannot),
// the streaming reader pauses for input and streams long arguments through nested scans.

import { TRUNCATED, type ByteFeed, type Parser } from './byte-feed';
import { readLong, readUInt64 } from './pickle-text';
import { LIMITS, OpcodeError, type PV, type TextKind } from './pickle-types';

/** Argument layouts, named as CPython's pickletools names them. */
export type ArgName =
  | 'none'
  | 'uint1'
  | 'uint2'
  | 'int4'
  | 'uint4'
  | 'uint8'
  | 'float8'
  | 'decimalnl_short'
  | 'decimalnl_long'
  | 'floatnl'
  | 'stringnl_noescape'
  | 'stringnl_noescape_pair'
  | 'long1'
  | 'long4'
  | 'string1'
  | 'string4'
  | 'bytes1'
  | 'bytes4'
  | 'bytes8'
  | 'bytearray8'
  | 'unicodestring1'
  | 'unicodestring4'
  | 'unicodestring8'
  | 'stringnl'
  | 'unicodestringnl';

/** The shape of an argument, which decides how both paths read it. */
export type ArgLayout =
  | { kind: 'none' }
  | { kind: 'fixed'; size: number; read: (b: Buffer, at: number) => number }
  | { kind: 'lines'; count: 1 | 2 }
  | { kind: 'long'; width: 1 | 4 }
  | { kind: 'counted'; width: 1 | 4 | 8; signed: boolean; text: TextKind }
  | { kind: 'quoted' }
  | { kind: 'rawunicode' };

/** The value an argument decodes to: a number, a text line, two lines, or a stack value. */
export type ArgValue = number | string | { module: string; name: string } | PV;

const fixed = (size: number, read: (b: Buffer, at: number) => number): ArgLayout => ({ kind: 'fixed', size, read });
const counted = (width: 1 | 4 | 8, text: TextKind, signed = false): ArgLayout => ({ kind: 'counted', width, signed, text });

export const ARG_LAYOUTS: Record<ArgName, ArgLayout> = {
  none: { kind: 'none' },
  uint1: fixed(1, (b, at) => b[at]),
  uint2: fixed(2, (b, at) => b.readUInt16LE(at)),
  int4: fixed(4, (b, at) => b.readInt32LE(at)),
  uint4: fixed(4, (b, at) => b.readUInt32LE(at)),
  uint8: fixed(8, readUInt64),
  float8: fixed(8, () => 0),
  decimalnl_short: { kind: 'lines', count: 1 },
  decimalnl_long: { kind: 'lines', count: 1 },
  floatnl: { kind: 'lines', count: 1 },
  stringnl_noescape: { kind: 'lines', count: 1 },
  stringnl_noescape_pair: { kind: 'lines', count: 2 },
  long1: { kind: 'long', width: 1 },
  long4: { kind: 'long', width: 4 },
  string1: counted(1, 'latin1'),
  string4: counted(4, 'latin1', true),
  bytes1: counted(1, 'bytes'),
  bytes4: counted(4, 'bytes'),
  bytes8: counted(8, 'bytes'),
  bytearray8: counted(8, 'bytes'),
  unicodestring1: counted(1, 'utf8'),
  unicodestring4: counted(4, 'utf8'),
  unicodestring8: counted(8, 'utf8'),
  stringnl: { kind: 'quoted' },
  unicodestringnl: { kind: 'rawunicode' },
};

/** The buffered reader could not read the argument without pausing. */
export const NEED = -1;

/** What the readers need from the machine: turning counted bytes into values, nested scans. */
export interface ArgHost {
  /** A counted string or bytes argument held whole. */
  valueOf(b: Buffer, text: TextKind, argOffset: number): PV;
  /** A counted argument too long to hold, streamed from the feed's position. */
  streamCounted(n: number, text: TextKind): Parser<PV>;
  quotedString(opcodeOffset: number): Parser<PV>;
  rawUnicodeString(opcodeOffset: number): Parser<PV>;
  /** Counts the opcode now, before a long argument is streamed (so a truncation counts it). */
  countOpcode(): void;
}

function readCount(b: Buffer, at: number, width: number, signed: boolean): number {
  if (width === 1) return b[at];
  if (width === 4) return signed ? b.readInt32LE(at) : b.readUInt32LE(at);
  return readUInt64(b, at);
}

function negativeCount(name: string, off: number): OpcodeError {
  return new OpcodeError(off, `${name} pickle has negative byte count`);
}

/** Slot the buffered reader writes the decoded argument into (so the hot path allocates nothing). */
export interface ArgSlot {
  value: ArgValue;
}

/**
 * Reads the argument of the opcode at `at` from `feed.buf` when it is all there: stores it in
 * `slot` and returns the index just past it, or returns NEED leaving the feed untouched.
 */
export function readBuffered(layout: ArgLayout, feed: ByteFeed, at: number, host: ArgHost, slot: ArgSlot): number {
  const buf = feed.buf;
  const avail = buf.length - at - 1;
  switch (layout.kind) {
    case 'none':
      return at + 1;
    case 'fixed':
      if (avail < layout.size) return NEED;
      slot.value = layout.read(buf, at + 1);
      return at + 1 + layout.size;
    case 'lines':
      return readLines(buf, at, layout.count, slot);
    case 'long': {
      if (avail < layout.width) return NEED;
      const n = layout.width === 1 ? buf[at + 1] : buf.readInt32LE(at + 1);
      if (n < 0) throw new OpcodeError(feed.base + at, 'LONG pickle has negative byte count');
      if (n > 8 || avail < layout.width + n) return NEED;
      const from = at + 1 + layout.width;
      slot.value = readLong(buf.subarray(from, from + n));
      return from + n;
    }
    case 'counted': {
      if (avail < layout.width) return NEED;
      const n = readCount(buf, at + 1, layout.width, layout.signed);
      if (n < 0) throw negativeCount('BINSTRING', feed.base + at);
      if (n > LIMITS.inlineMax || avail < layout.width + n) return NEED;
      const from = at + 1 + layout.width;
      slot.value = host.valueOf(buf.subarray(from, from + n), layout.text, feed.base + from);
      return from + n;
    }
    default:
      return NEED;
  }
}

/** One or two text lines after the opcode, decoded as UTF-8. */
function readLines(buf: Buffer, at: number, count: 1 | 2, slot: ArgSlot): number {
  const nl1 = buf.indexOf(10, at + 1);
  if (nl1 < 0 || nl1 - at - 1 > LIMITS.lineMax) return NEED;
  if (count === 1) {
    slot.value = buf.toString('utf8', at + 1, nl1);
    return nl1 + 1;
  }
  const nl2 = buf.indexOf(10, nl1 + 1);
  if (nl2 < 0 || nl2 - nl1 - 1 > LIMITS.lineMax) return NEED;
  slot.value = { module: buf.toString('utf8', at + 1, nl1), name: buf.toString('utf8', nl1 + 1, nl2) };
  return nl2 + 1;
}

/**
 * Reads the opcode at the feed's position and its argument, pausing as needed, and leaves the
 * feed just past them. Long counted arguments, long LONG4 bodies and protocol 0 strings are
 * streamed; everything else waits until it is buffered and is decoded as the buffered path does.
 */
export function* readStreaming(layout: ArgLayout, feed: ByteFeed, host: ArgHost, slot: ArgSlot): Parser<void> {
  const off = feed.offset;
  switch (layout.kind) {
    case 'none':
    case 'fixed':
      yield* feed.need(1 + (layout.kind === 'fixed' ? layout.size : 0));
      break;
    case 'lines':
      yield* waitForLines(feed, layout.count, off);
      break;
    case 'long':
      if (yield* streamLong(feed, layout.width, host, slot)) return;
      break;
    case 'counted':
      if (yield* streamCountedArg(feed, layout, host, slot)) return;
      break;
    case 'quoted':
    case 'rawunicode':
      feed.i++;
      host.countOpcode();
      slot.value = layout.kind === 'quoted' ? yield* host.quotedString(off) : yield* host.rawUnicodeString(off);
      return;
  }
  const end = readBuffered(layout, feed, feed.i, host, slot);
  if (end === NEED) throw new OpcodeError(off, 'an argument could not be read');
  feed.i = end;
}

/** LONG4 bodies over 8 bytes are skipped (their value is not needed); true when it streamed. */
function* streamLong(feed: ByteFeed, width: 1 | 4, host: ArgHost, slot: ArgSlot): Parser<boolean> {
  yield* feed.need(1 + width);
  const n = width === 1 ? feed.buf[feed.i + 1] : feed.buf.readInt32LE(feed.i + 1);
  if (n >= 0 && n <= 8) {
    yield* feed.need(1 + width + n);
    return false;
  }
  if (n < 0) return false;
  feed.i += 1 + width;
  host.countOpcode();
  yield* feed.skip(n);
  slot.value = Number.NaN;
  return true;
}

/** Counted arguments over the inline limit are streamed; true when it streamed. */
function* streamCountedArg(feed: ByteFeed, layout: ArgLayout & { kind: 'counted' }, host: ArgHost, slot: ArgSlot): Parser<boolean> {
  yield* feed.need(1 + layout.width);
  const n = readCount(feed.buf, feed.i + 1, layout.width, layout.signed);
  if (n <= LIMITS.inlineMax) {
    yield* feed.need(1 + layout.width + Math.max(0, n));
    return false;
  }
  feed.i += 1 + layout.width;
  host.countOpcode();
  slot.value = yield* host.streamCounted(n, layout.text);
  return true;
}

/** Waits until `count` text lines follow the opcode; a line longer than the limit stops the scan. */
function* waitForLines(feed: ByteFeed, count: number, off: number): Parser<void> {
  for (;;) {
    let from = feed.i + 1;
    let found = 0;
    let tooLong = false;
    while (found < count) {
      const nl = feed.buf.indexOf(10, from);
      if (nl < 0) {
        tooLong = feed.buf.length - from > LIMITS.lineMax;
        break;
      }
      if (nl - from > LIMITS.lineMax) {
        tooLong = true;
        break;
      }
      found++;
      from = nl + 1;
    }
    if (found === count) return;
    if (tooLong) throw new OpcodeError(off, `a text argument is longer than ${LIMITS.lineMax} bytes: not inspected further`);
    if (feed.eof) throw TRUNCATED;
    yield;
  }
}
