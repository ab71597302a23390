// Reads a pickle opcode stream (protocols 0–5) without executing it: tracks the stack, the mark
// stack and the memo exactly as the unpickler would, and lists every global the stream imports
// and which of them it calls, including globals hidden behind memo tricks or in nested pickles.

import { StringDecoder } from 'node:string_decoder';
import { ByteFeed, PushParser, Truncated, TRUNCATED, runOnBuffer, type Parser } from './byte-feed';
import { classifyGlobal, isGetattr, isModuleImporter, isNestedLoader, type GlobalClass } from './pickle-globals';

/** How a global entered the stream. */
export type GlobalSource = 'GLOBAL' | 'STACK_GLOBAL' | 'INST' | 'EXT' | 'getattr' | 'import';

export interface PickleGlobal {
  module: string;
  name: string;
  /** Absolute offset of the first opcode that imports it. */
  offset: number;
  /** The first few offsets where it is imported (at most 16). */
  offsets: number[];
  /** How many times the stream imports it. */
  count: number;
  source: GlobalSource;
  /** How many times it is called (REDUCE, INST, OBJ, NEWOBJ, NEWOBJ_EX). */
  calls: number;
  callOffsets: number[];
  /** A BUILD opcode sets attributes on it (rewrites a module or class at load time). */
  mutated: boolean;
  classification: GlobalClass;
  reason: string;
  /** The module or name could not be resolved statically (obfuscated STACK_GLOBAL). */
  unresolved?: boolean;
  /** Set when the global sits in a pickle nested inside a bytes or string argument. */
  nested?: { depth: number; argumentOffset: number; via?: string };
}

export interface PickleError {
  offset: number;
  message: string;
}

export interface PickleScan {
  /** Highest protocol announced by a PROTO opcode; undefined for protocol 0/1 streams. */
  protocol?: number;
  globals: PickleGlobal[];
  /** Calls of values that are not globals (e.g. the result of getattr), with what was called. */
  dynamicCalls: { offset: number; target: string }[];
  opcodes: number;
  start: number;
  /** Offset just past the STOP opcode. */
  end?: number;
  /** The stream reached STOP without an error. */
  complete: boolean;
  /** The first problem found; later ones are counted in `errorCount`. */
  error?: PickleError;
  errorCount: number;
  /** Nested pickles found in arguments (complete, or passed to a loader). */
  nestedPickles: number;
  /** Joblib array buffers skipped inside the stream. */
  skippedArrays: number;
}

export interface PickleOptions {
  /** Follow joblib's NumpyArrayWrapper: raw array bytes follow its BUILD opcode. */
  joblib?: boolean;
}

const INLINE_MAX = 64 * 1024;
const STR_KEEP = 4096;
const LINE_MAX = 1 << 20;
const CONTAINER_KEEP = 64;
const MEMO_MAX = 2_000_000;
const STACK_MAX = 2_000_000;
const NESTED_DEPTH_MAX = 3;
const NESTED_MIN = 8;
const OFFSETS_KEEP = 16;
const HIGHEST_PROTOCOL = 5;
/** `runBuffered` could not run the next opcode without pausing. */
const NEED = -1;

/** Width of the length prefix of each length-prefixed argument opcode. */
const LENGTH_WIDTH: Record<number, number> = { 0x54: 4, 0x58: 4, 0x42: 4, 0x55: 1, 0x43: 1, 0x8c: 1, 0x8d: 8, 0x8e: 8, 0x96: 8 };
/** How each length-prefixed argument decodes. */
const ARGUMENT_KIND: Record<number, 'bytes' | 'utf8' | 'latin1'> = { 0x54: 'latin1', 0x55: 'latin1', 0x58: 'utf8', 0x8c: 'utf8', 0x8d: 'utf8', 0x42: 'bytes', 0x43: 'bytes', 0x8e: 'bytes', 0x96: 'bytes' };
/** Total size of the fixed-size opcodes (opcode byte included). */
const FIXED_SIZE: Record<number, number> = { 0x4a: 5, 0x4b: 2, 0x4d: 3, 0x47: 9, 0x95: 9, 0x68: 2, 0x6a: 5, 0x71: 2, 0x72: 5, 0x80: 2, 0x82: 2, 0x83: 3, 0x84: 5 };

function readLength(b: Buffer, at: number, width: number, signed: boolean): number {
  if (width === 1) return b[at];
  if (width === 4) return signed ? b.readInt32LE(at) : b.readUInt32LE(at);
  return readUInt64(b, at);
}

/** Values on the virtual stack: enough of each to resolve globals, calls and joblib arrays. */
type PV =
  | { k: 'none' | 'bool' | 'float' | 'unknown' | 'buffer' }
  | { k: 'int'; v: number }
  | { k: 'str'; v: string; len: number; nested?: NestedRecord }
  | { k: 'bytes'; len: number; nested?: NestedRecord }
  | { k: 'global'; g: PickleGlobal }
  | { k: 'module'; name: string }
  | { k: 'obj'; fn?: PV; args?: PV; state?: PV; how: string }
  | { k: 'list' | 'tuple' | 'dict' | 'set'; items: PV[]; count: number };

/**
 * A malformed opcode or argument, at the offset of its opcode. Like Truncated it is not an
 * Error subclass, so failing speculative nested parses stay cheap.
 */
class OpcodeError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

interface NestedRecord {
  scan: PickleScan;
  argumentOffset: number;
  loadedVia?: string;
}

const NONE: PV = { k: 'none' };
const BOOL: PV = { k: 'bool' };
const FLOAT: PV = { k: 'float' };
const UNKNOWN: PV = { k: 'unknown' };
const BUFFER: PV = { k: 'buffer' };
const SMALL_INTS: PV[] = Array.from({ length: 1026 }, (_, n) => ({ k: 'int' as const, v: n - 1 }));

function intValue(v: number): PV {
  return v >= -1 && v <= 1024 && Number.isInteger(v) ? SMALL_INTS[v + 1] : { k: 'int', v };
}

/**
 * Opcodes an unpickler can execute first, on an empty stack. A stream starting with any other
 * opcode (APPEND, REDUCE, LIST, GET…) fails before it runs anything, so an argument that starts
 * that way is not worth scanning as a nested pickle.
 */
const START_BYTES = new Set(Buffer.from('(cNIJKLMFGSTUVXBC])}', 'latin1'));
for (const b of [0x80, 0x95, 0x8c, 0x8d, 0x8e, 0x96, 0x8f, 0x88, 0x89, 0x8a, 0x8b, 0x82, 0x83, 0x84, 0x97]) START_BYTES.add(b);
/** Starting opcodes whose argument is a text line: without a newline they cannot run. */
const LINE_START = new Set(Buffer.from('cILFSV', 'latin1'));

/** Shared state of one scan: the global table and nested pickles found so far. */
class ScanContext {
  readonly table = new Map<string, PickleGlobal>();
  readonly nested: NestedRecord[] = [];
  readonly dynamicCalls: PickleScan['dynamicCalls'] = [];

  constructor(readonly depth: number) {}

  note(module: string, name: string, offset: number, source: GlobalSource, unresolved = false): PickleGlobal {
    const key = `${module}\u0000${name}\u0000${unresolved ? 1 : 0}`;
    let g = this.table.get(key);
    if (!g) {
      const c = unresolved
        ? { class: 'dangerous' as const, reason: 'the imported name is computed at load time, so it cannot be checked' }
        : classifyGlobal(module, name);
      g = { module, name, offset, offsets: [], count: 0, source, calls: 0, callOffsets: [], mutated: false, classification: c.class, reason: c.reason, ...(unresolved ? { unresolved } : {}) };
      this.table.set(key, g);
    }
    g.count++;
    if (g.offsets.length < OFFSETS_KEEP) g.offsets.push(offset);
    return g;
  }
}

/** Single-character escapes of Python string literals: the byte each stands for. */
const SIMPLE_ESCAPES: Record<number, number> = { 0x5c: 0x5c, 0x27: 0x27, 0x22: 0x22, 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };

/** Decodes the body of a protocol 0 STRING argument (Python `codecs.escape_decode`), in pieces. */
class EscapeDecoder {
  private state = 0;
  private acc = 0;
  private digits = 0;

  write(b: Buffer): Buffer {
    const out = Buffer.allocUnsafe(b.length + 4);
    let n = 0;
    for (let j = 0; j < b.length; j++) {
      const c = b[j];
      if (this.state === 0) {
        if (c === 0x5c) this.state = 1;
        else out[n++] = c;
      } else if (this.state === 1) {
        this.state = 0;
        const simple = SIMPLE_ESCAPES[c];
        if (simple !== undefined) out[n++] = simple;
        else if (c === 0x78) {
          this.state = 2;
          this.acc = 0;
          this.digits = 0;
        } else if (c >= 0x30 && c <= 0x37) {
          this.state = 3;
          this.acc = c - 0x30;
          this.digits = 1;
        } else if (c !== 0x0a) {
          out[n++] = 0x5c;
          out[n++] = c;
        }
      } else if (this.state === 2) {
        const h = hexDigit(c);
        if (h < 0) {
          this.state = 0;
          out[n++] = c;
        } else {
          this.acc = this.acc * 16 + h;
          if (++this.digits === 2) {
            out[n++] = this.acc;
            this.state = 0;
          }
        }
      } else {
        if (c >= 0x30 && c <= 0x37 && this.digits < 3) {
          this.acc = this.acc * 8 + (c - 0x30);
          if (++this.digits === 3) {
            out[n++] = this.acc & 0xff;
            this.state = 0;
          }
        } else {
          out[n++] = this.acc & 0xff;
          this.state = 0;
          j--;
        }
      }
    }
    return out.subarray(0, n);
  }

  end(): Buffer {
    const tail = this.state === 3 ? Buffer.from([this.acc & 0xff]) : Buffer.alloc(0);
    this.state = 0;
    return tail;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Decodes Python's raw-unicode-escape (protocol 0 UNICODE arguments). */
export function decodeRawUnicodeEscape(b: Buffer): string {
  let out = '';
  let run = 0;
  for (let j = 0; j < b.length; j++) {
    const c = b[j];
    if (c === 0x5c) {
      run++;
      const next = b[j + 1];
      const width = next === 0x75 ? 4 : next === 0x55 ? 8 : 0;
      if (width && run % 2 === 1 && j + 2 + width <= b.length) {
        const hex = b.toString('latin1', j + 2, j + 2 + width);
        if (/^[0-9a-fA-F]+$/.test(hex)) {
          const cp = parseInt(hex, 16);
          out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
          j += 1 + width;
          run = 0;
          continue;
        }
      }
      out += '\\';
      continue;
    }
    run = 0;
    out += String.fromCharCode(c);
  }
  return out;
}

function parsePyInt(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (!/^[+-]?\d+L?$/.test(t)) return undefined;
  return Number.parseInt(t, 10);
}

function readUInt64(b: Buffer, at: number): number {
  const lo = b.readUInt32LE(at);
  const hi = b.readUInt32LE(at + 4);
  return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x100000000 + lo;
}

/** Little-endian two's complement integer of LONG1/LONG4 bodies (NaN when too large). */
function readLong(b: Buffer): number {
  if (b.length === 0) return 0;
  if (b.length > 6) return Number.NaN;
  return b.readIntLE(0, b.length);
}

/** Sizes of NumPy dtype codes, for skipping joblib arrays. */
const DTYPE_SIZES: Record<string, number> = { b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, '?': 1, M: 8, m: 8 };

/** One unpickler run: stack, mark stack and memo, over a shared byte feed. */
class PickleMachine {
  private stack: PV[] = [];
  private meta: PV[][] = [];
  private readonly memo = new Map<number, PV>();
  private memoOverflow = false;
  private protocol: number | undefined;
  private opcodes = 0;
  private error: PickleError | undefined;
  private errorCount = 0;
  private skippedArrays = 0;

  constructor(
    private readonly feed: ByteFeed,
    private readonly ctx: ScanContext,
    private readonly options: PickleOptions,
  ) {}

  private fail(offset: number, message: string): void {
    this.errorCount++;
    this.error ??= { offset, message };
  }

  private pop(offset: number): PV {
    const v = this.stack.pop();
    if (v === undefined) {
      this.fail(offset, 'the stack is empty (stack underflow)');
      return UNKNOWN;
    }
    return v;
  }

  private top(offset: number): PV {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined) {
      this.fail(offset, 'the stack is empty (stack underflow)');
      return UNKNOWN;
    }
    return v;
  }

  private popMark(offset: number): PV[] {
    const items = this.stack;
    const prev = this.meta.pop();
    if (prev === undefined) {
      this.fail(offset, 'no MARK to pop to');
      this.stack = [];
    } else this.stack = prev;
    return items;
  }

  private push(v: PV): void {
    this.stack.push(v);
  }

  private container(k: 'list' | 'tuple' | 'dict' | 'set', items: PV[]): PV {
    return { k, items: items.length > CONTAINER_KEEP ? items.slice(0, CONTAINER_KEEP) : items, count: items.length };
  }

  private addItems(target: PV, items: PV[]): void {
    if (target.k === 'list' || target.k === 'dict' || target.k === 'set') {
      for (const it of items) if (target.items.length < CONTAINER_KEEP) target.items.push(it);
      target.count += items.length;
    }
  }

  /** Runs until STOP, an invalid opcode or the end of input. Never throws. */
  *run(): Parser<PickleScan> {
    const f = this.feed;
    const start = f.offset;
    let end: number | undefined;
    try {
      end = yield* this.loop();
    } catch (e) {
      if (e instanceof Truncated) this.fail(f.offset, 'the pickle ends before its STOP opcode (truncated)');
      else if (e instanceof OpcodeError) this.fail(e.offset, e.message);
      else this.fail(f.offset, e instanceof Error ? e.message : String(e));
    }
    return {
      ...(this.protocol !== undefined ? { protocol: this.protocol } : {}),
      globals: [],
      dynamicCalls: [],
      opcodes: this.opcodes,
      start,
      ...(end !== undefined ? { end } : {}),
      complete: end !== undefined && this.errorCount === 0,
      ...(this.error ? { error: this.error } : {}),
      errorCount: this.errorCount,
      nestedPickles: 0,
      skippedArrays: this.skippedArrays,
    };
  }

  private *loop(): Parser<number | undefined> {
    for (;;) {
      const end = this.runBuffered();
      if (end !== NEED) return end;
      yield* this.slowOp();
    }
  }

  /**
   * The hot path: executes opcodes as long as each one is wholly in the buffer, as a plain
   * function the JIT optimises. Returns the offset just past STOP, or NEED (leaving the opcode
   * unread) when it must wait for input, stream a large argument, or read joblib array bytes.
   */
  private runBuffered(): number {
    const f = this.feed;
    for (;;) {
      const buf = f.buf;
      const at = f.i;
      const avail = buf.length - at;
      if (avail < 1) return NEED;
      const op = buf[at];
      const off = f.base + at;
      switch (op) {
        case 0x28: // MARK
          f.i = at + 1;
          this.meta.push(this.stack);
          this.stack = [];
          if (this.meta.length > STACK_MAX) throw new OpcodeError(off, `more than ${STACK_MAX} nested MARKs: not inspected further`);
          break;
        case 0x2e: // STOP
          f.i = at + 1;
          this.opcodes++;
          this.pop(off);
          return f.base + f.i;
        case 0x30: // POP
          f.i = at + 1;
          if (this.stack.length) this.stack.pop();
          else this.popMark(off);
          break;
        case 0x31: // POP_MARK
          f.i = at + 1;
          this.popMark(off);
          break;
        case 0x32: // DUP
          f.i = at + 1;
          this.push(this.top(off));
          break;
        case 0x46: // FLOAT
        case 0x49: // INT
        case 0x4c: // LONG
        case 0x50: // PERSID
        case 0x67: // GET
        case 0x70: {
          // PUT
          const nl = buf.indexOf(10, at + 1);
          if (nl < 0 || nl - at - 1 > LINE_MAX) return NEED;
          f.i = nl + 1;
          this.lineOp(op, buf.toString('utf8', at + 1, nl), off);
          break;
        }
        case 0x63: // GLOBAL
        case 0x69: {
          // INST
          const nl1 = buf.indexOf(10, at + 1);
          const nl2 = nl1 < 0 ? -1 : buf.indexOf(10, nl1 + 1);
          if (nl2 < 0 || nl1 - at - 1 > LINE_MAX || nl2 - nl1 - 1 > LINE_MAX) return NEED;
          f.i = nl2 + 1;
          const module = buf.toString('utf8', at + 1, nl1);
          const name = buf.toString('utf8', nl1 + 1, nl2);
          if (op === 0x63) this.push({ k: 'global', g: this.ctx.note(module, name, off, 'GLOBAL') });
          else {
            const args = this.popMark(off);
            const g = this.ctx.note(module, name, off, 'INST');
            this.push(this.call({ k: 'global', g }, this.container('tuple', args), off));
          }
          break;
        }
        case 0x4a: // BININT
          if (avail < 5) return NEED;
          f.i = at + 5;
          this.push(intValue(buf.readInt32LE(at + 1)));
          break;
        case 0x4b: // BININT1
          if (avail < 2) return NEED;
          f.i = at + 2;
          this.push(SMALL_INTS[buf[at + 1] + 1]);
          break;
        case 0x4d: // BININT2
          if (avail < 3) return NEED;
          f.i = at + 3;
          this.push(intValue(buf.readUInt16LE(at + 1)));
          break;
        case 0x47: // BINFLOAT
          if (avail < 9) return NEED;
          f.i = at + 9;
          this.push(FLOAT);
          break;
        case 0x95: // FRAME
          if (avail < 9) return NEED;
          f.i = at + 9;
          break;
        case 0x4e: // NONE
          f.i = at + 1;
          this.push(NONE);
          break;
        case 0x88: // NEWTRUE
        case 0x89: // NEWFALSE
          f.i = at + 1;
          this.push(BOOL);
          break;
        case 0x51: // BINPERSID
          f.i = at + 1;
          this.push({ k: 'obj', how: 'persistent_load', args: this.pop(off) });
          break;
        case 0x52: {
          // REDUCE
          f.i = at + 1;
          const args = this.pop(off);
          const fn = this.pop(off);
          this.push(this.call(fn, args, off));
          break;
        }
        case 0x54: // BINSTRING
        case 0x58: // BINUNICODE
        case 0x42: // BINBYTES
        case 0x55: // SHORT_BINSTRING
        case 0x43: // SHORT_BINBYTES
        case 0x8c: // SHORT_BINUNICODE
        case 0x8d: // BINUNICODE8
        case 0x8e: // BINBYTES8
        case 0x96: {
          // BYTEARRAY8
          const width = LENGTH_WIDTH[op];
          if (avail < 1 + width) return NEED;
          const n = readLength(buf, at + 1, width, op === 0x54);
          if (n < 0) throw new OpcodeError(off, 'BINSTRING pickle has negative byte count');
          if (n > INLINE_MAX || avail < 1 + width + n) return NEED;
          f.i = at + 1 + width;
          this.push(this.inlineArgument(n, ARGUMENT_KIND[op]));
          break;
        }
        case 0x53: // STRING
        case 0x56: // UNICODE
          return NEED;
        case 0x61: {
          // APPEND
          f.i = at + 1;
          const v = this.pop(off);
          this.addItems(this.top(off), [v]);
          break;
        }
        case 0x62: {
          // BUILD
          if (this.joblibWrapperBelow()) return NEED;
          f.i = at + 1;
          this.build(off);
          break;
        }
        case 0x64: // DICT
          f.i = at + 1;
          this.push(this.container('dict', this.popMark(off)));
          break;
        case 0x7d: // EMPTY_DICT
          f.i = at + 1;
          this.push({ k: 'dict', items: [], count: 0 });
          break;
        case 0x65: // APPENDS
        case 0x75: // SETITEMS
        case 0x90: {
          // ADDITEMS
          f.i = at + 1;
          const items = this.popMark(off);
          this.addItems(this.top(off), items);
          break;
        }
        case 0x68: // BINGET
          if (avail < 2) return NEED;
          f.i = at + 2;
          this.get(buf[at + 1], off);
          break;
        case 0x6a: // LONG_BINGET
          if (avail < 5) return NEED;
          f.i = at + 5;
          this.get(buf.readUInt32LE(at + 1), off);
          break;
        case 0x6c: // LIST
          f.i = at + 1;
          this.push(this.container('list', this.popMark(off)));
          break;
        case 0x5d: // EMPTY_LIST
          f.i = at + 1;
          this.push({ k: 'list', items: [], count: 0 });
          break;
        case 0x6f: {
          // OBJ
          f.i = at + 1;
          const args = this.popMark(off);
          const cls = args.shift() ?? UNKNOWN;
          this.push(this.call(cls, this.container('tuple', args), off));
          break;
        }
        case 0x71: // BINPUT
          if (avail < 2) return NEED;
          f.i = at + 2;
          this.put(buf[at + 1], off);
          break;
        case 0x72: // LONG_BINPUT
          if (avail < 5) return NEED;
          f.i = at + 5;
          this.put(buf.readUInt32LE(at + 1), off);
          break;
        case 0x73: {
          // SETITEM
          f.i = at + 1;
          const v = this.pop(off);
          const k = this.pop(off);
          this.addItems(this.top(off), [k, v]);
          break;
        }
        case 0x74: // TUPLE
          f.i = at + 1;
          this.push(this.container('tuple', this.popMark(off)));
          break;
        case 0x29: // EMPTY_TUPLE
          f.i = at + 1;
          this.push({ k: 'tuple', items: [], count: 0 });
          break;
        case 0x80: {
          // PROTO
          if (avail < 2) return NEED;
          f.i = at + 2;
          const p = buf[at + 1];
          if (p > HIGHEST_PROTOCOL) throw new OpcodeError(off, `unsupported pickle protocol: ${p}`);
          this.protocol = Math.max(this.protocol ?? 0, p);
          break;
        }
        case 0x81: {
          // NEWOBJ
          f.i = at + 1;
          const args = this.pop(off);
          const cls = this.pop(off);
          this.push(this.call(cls, args, off));
          break;
        }
        case 0x92: {
          // NEWOBJ_EX
          f.i = at + 1;
          this.pop(off);
          const args = this.pop(off);
          const cls = this.pop(off);
          this.push(this.call(cls, args, off));
          break;
        }
        case 0x82: // EXT1
        case 0x83: // EXT2
        case 0x84: {
          // EXT4
          const width = op === 0x82 ? 1 : op === 0x83 ? 2 : 4;
          if (avail < 1 + width) return NEED;
          f.i = at + 1 + width;
          const code = width === 1 ? buf[at + 1] : width === 2 ? buf.readUInt16LE(at + 1) : buf.readInt32LE(at + 1);
          if (code <= 0) throw new OpcodeError(off, 'EXT specifies code <= 0');
          this.push({ k: 'global', g: this.ctx.note('copyreg extension registry', `code ${code}`, off, 'EXT') });
          break;
        }
        case 0x85: // TUPLE1
          f.i = at + 1;
          this.push(this.container('tuple', [this.pop(off)]));
          break;
        case 0x86: {
          // TUPLE2
          f.i = at + 1;
          const b = this.pop(off);
          const a = this.pop(off);
          this.push(this.container('tuple', [a, b]));
          break;
        }
        case 0x87: {
          // TUPLE3
          f.i = at + 1;
          const c = this.pop(off);
          const b = this.pop(off);
          const a = this.pop(off);
          this.push(this.container('tuple', [a, b, c]));
          break;
        }
        case 0x8a: {
          // LONG1
          if (avail < 2) return NEED;
          const n = buf[at + 1];
          if (avail < 2 + n) return NEED;
          f.i = at + 2 + n;
          this.push(intValue(readLong(buf.subarray(at + 2, at + 2 + n))));
          break;
        }
        case 0x8b: {
          // LONG4
          if (avail < 5) return NEED;
          const n = buf.readInt32LE(at + 1);
          if (n < 0) throw new OpcodeError(off, 'LONG pickle has negative byte count');
          if (n > 8 || avail < 5 + n) return NEED;
          f.i = at + 5 + n;
          this.push(intValue(readLong(buf.subarray(at + 5, at + 5 + n))));
          break;
        }
        case 0x8f: // EMPTY_SET
          f.i = at + 1;
          this.push({ k: 'set', items: [], count: 0 });
          break;
        case 0x91: // FROZENSET
          f.i = at + 1;
          this.push(this.container('set', this.popMark(off)));
          break;
        case 0x93: {
          // STACK_GLOBAL
          f.i = at + 1;
          const name = this.pop(off);
          const module = this.pop(off);
          this.push({ k: 'global', g: this.stackGlobal(module, name, off) });
          break;
        }
        case 0x94: // MEMOIZE
          f.i = at + 1;
          this.put(this.memo.size, off);
          break;
        case 0x97: // NEXT_BUFFER
          f.i = at + 1;
          this.push(BUFFER);
          break;
        case 0x98: // READONLY_BUFFER
          f.i = at + 1;
          this.top(off);
          break;
        default:
          throw new OpcodeError(off, `invalid opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
      this.opcodes++;
      if (this.stack.length > STACK_MAX) throw new OpcodeError(off, `the stack holds more than ${STACK_MAX} values: not inspected further`);
    }
  }

  /**
   * The opcode `runBuffered` left unread: waits for its bytes, or runs the opcodes that stream
   * (protocol 0 strings, arguments over INLINE_MAX, joblib arrays after BUILD).
   */
  private *slowOp(): Parser<void> {
    const f = this.feed;
    if (f.buf.length - f.i < 1) yield* f.need(1);
    const op = f.buf[f.i];
    const off = f.offset;
    switch (op) {
      case 0x53: // STRING
        f.i++;
        this.opcodes++;
        this.push(yield* this.quotedString(off));
        return;
      case 0x56: // UNICODE
        f.i++;
        this.opcodes++;
        this.push(yield* this.rawUnicodeString(off));
        return;
      case 0x62: // BUILD of a joblib array wrapper (any other BUILD runs buffered)
        if (!this.joblibWrapperBelow()) return;
        f.i++;
        this.opcodes++;
        this.build(off);
        yield* this.joblibArray(this.stack[this.stack.length - 1], off);
        return;
      case 0x46:
      case 0x49:
      case 0x4c:
      case 0x50:
      case 0x67:
      case 0x70:
        yield* this.waitForLines(1, off);
        return;
      case 0x63:
      case 0x69:
        yield* this.waitForLines(2, off);
        return;
      case 0x8b: {
        // LONG4 with a long body: skip it
        yield* f.need(5);
        const n = f.buf.readInt32LE(f.i + 1);
        if (n >= 0 && n <= 8) {
          yield* f.need(5 + n);
          return;
        }
        f.i += 5;
        this.opcodes++;
        yield* f.skip(n);
        this.push(intValue(Number.NaN));
        return;
      }
      case 0x8a:
        yield* f.need(2);
        yield* f.need(2 + f.buf[f.i + 1]);
        return;
      default:
        break;
    }
    const width = LENGTH_WIDTH[op];
    if (width !== undefined) {
      yield* f.need(1 + width);
      const n = readLength(f.buf, f.i + 1, width, op === 0x54);
      if (n <= INLINE_MAX) {
        yield* f.need(1 + width + Math.max(0, n));
        return;
      }
      f.i += 1 + width;
      this.opcodes++;
      this.push(yield* this.argument(n, ARGUMENT_KIND[op]));
      return;
    }
    yield* f.need(FIXED_SIZE[op] ?? 1);
  }

  /** Waits until `count` text lines follow the opcode; a line longer than LINE_MAX stops the scan. */
  private *waitForLines(count: number, off: number): Parser<void> {
    const f = this.feed;
    for (;;) {
      let from = f.i + 1;
      let found = 0;
      let tooLong = false;
      while (found < count) {
        const nl = f.buf.indexOf(10, from);
        if (nl < 0) {
          tooLong = f.buf.length - from > LINE_MAX;
          break;
        }
        if (nl - from > LINE_MAX) {
          tooLong = true;
          break;
        }
        found++;
        from = nl + 1;
      }
      if (found === count) return;
      if (tooLong) throw new OpcodeError(off, `a text argument is longer than ${LINE_MAX} bytes: not inspected further`);
      if (f.eof) throw TRUNCATED;
      yield;
    }
  }

  /** The protocol 0 opcodes whose argument is one text line. */
  private lineOp(op: number, t: string, off: number): void {
    switch (op) {
      case 0x46: // FLOAT
        this.push(FLOAT);
        return;
      case 0x49: {
        // INT
        if (t === '00' || t === '01') {
          this.push(BOOL);
          return;
        }
        const v = parsePyInt(t);
        if (v === undefined) this.fail(off, `INT argument is not a number: ${t.slice(0, 40)}`);
        this.push(intValue(v ?? 0));
        return;
      }
      case 0x4c: {
        // LONG
        const v = parsePyInt(t);
        if (v === undefined) this.fail(off, `LONG argument is not a number: ${t.slice(0, 40)}`);
        this.push(intValue(v ?? 0));
        return;
      }
      case 0x50: // PERSID
        this.push({ k: 'obj', how: 'persistent_load', args: { k: 'str', v: t, len: t.length } });
        return;
      case 0x67: // GET
        this.get(parsePyInt(t), off);
        return;
      default: {
        // PUT
        const idx = parsePyInt(t);
        if (idx === undefined || idx < 0) this.fail(off, 'PUT argument is not a non-negative number');
        else this.put(idx, off);
      }
    }
  }

  private get(idx: number | undefined, off: number): void {
    const v = idx === undefined ? undefined : this.memo.get(idx);
    if (v === undefined) {
      if (!this.memoOverflow) this.fail(off, `memo key ${idx} was never stored`);
      this.push(UNKNOWN);
    } else this.push(v);
  }

  private put(idx: number, off: number): void {
    const v = this.top(off);
    if (this.memo.size >= MEMO_MAX && !this.memo.has(idx)) {
      this.memoOverflow = true;
      return;
    }
    this.memo.set(idx, v);
  }

  private stackGlobal(module: PV, name: PV, off: number): PickleGlobal {
    if (module.k === 'bytes' || name.k === 'bytes') this.fail(off, 'STACK_GLOBAL requires str');
    if (module.k === 'str' && name.k === 'str' && module.len <= STR_KEEP && name.len <= STR_KEEP) {
      return this.ctx.note(module.v, name.v, off, 'STACK_GLOBAL');
    }
    const m = module.k === 'str' ? module.v.slice(0, 80) : '?';
    const n = name.k === 'str' ? name.v.slice(0, 80) : '?';
    return this.ctx.note(m, n, off, 'STACK_GLOBAL', true);
  }

  /** Applies a call (REDUCE, INST, OBJ, NEWOBJ) and returns the value it leaves. */
  private call(fn: PV, args: PV, off: number): PV {
    if (fn.k === 'global') {
      const g = fn.g;
      g.calls++;
      if (g.callOffsets.length < OFFSETS_KEEP) g.callOffsets.push(off);
      const a = args.k === 'tuple' ? args.items : [];
      if (isGetattr(g.module, g.name) && a.length >= 2 && a[1].k === 'str') {
        const target = a[0];
        const attr = a[1].v;
        if (target.k === 'global') return { k: 'global', g: this.ctx.note(target.g.module, `${target.g.name}.${attr}`, off, 'getattr') };
        if (target.k === 'module') return { k: 'global', g: this.ctx.note(target.name, attr, off, 'getattr') };
      }
      if (isModuleImporter(g.module, g.name) && a[0]?.k === 'str') {
        this.ctx.note(a[0].v, '', off, 'import');
        return { k: 'module', name: a[0].v };
      }
      if (isNestedLoader(g.module, g.name)) markLoaded(a[0], `${g.module}.${g.name}`);
    } else if (fn.k === 'obj' || fn.k === 'unknown' || fn.k === 'module') {
      this.ctx.dynamicCalls.push({ offset: off, target: describe(fn) });
    }
    return { k: 'obj', fn, args, how: 'call' };
  }

  /** BUILD: sets the state of the object below, or marks a global whose attributes it rewrites. */
  private build(off: number): void {
    const state = this.pop(off);
    const inst = this.top(off);
    if (inst.k === 'global') inst.g.mutated = true;
    else if (inst.k === 'obj') inst.state = state;
  }

  /** Whether the next BUILD completes a joblib NumpyArrayWrapper, so array bytes follow it. */
  private joblibWrapperBelow(): boolean {
    if (!this.options.joblib) return false;
    const inst = this.stack[this.stack.length - 2];
    const cls = inst?.k === 'obj' && inst.fn?.k === 'global' ? inst.fn.g : undefined;
    return !!cls && cls.name === 'NumpyArrayWrapper' && /(^|\.)numpy_pickle$/.test(cls.module);
  }

  /**
   * Joblib writes each NumPy array's raw bytes right after the BUILD of its NumpyArrayWrapper
   * (with an alignment pad), or a whole nested pickle for object arrays; its unpickler reads
   * them there. Skip the raw bytes, and scan the nested pickle like any other.
   */
  private *joblibArray(wrapper: PV | undefined, off: number): Parser<void> {
    const f = this.feed;
    const state = wrapper?.k === 'obj' && wrapper.state ? wrapper.state : UNKNOWN;
    const field = (key: string) => (state.k === 'dict' ? dictValue(state, key) : undefined);
    const dtype = dtypeInfo(field('dtype'));
    const shape = field('shape');
    if (!dtype) throw new Error('a joblib array has a dtype that cannot be read statically: not inspected further');
    if (dtype.object) {
      const inner = new PickleMachine(f, this.ctx, {});
      const r = yield* inner.run();
      if (r.error) this.fail(r.error.offset, `in a joblib object array: ${r.error.message}`);
      this.skippedArrays++;
      return;
    }
    if (!shape || shape.k !== 'tuple' || shape.count !== shape.items.length || !shape.items.every((x) => x.k === 'int' && x.v >= 0)) {
      throw new Error('a joblib array has a shape that cannot be read statically: not inspected further');
    }
    let count = 1;
    for (const d of shape.items) count *= (d as { v: number }).v;
    const bytes = count * dtype.size;
    if (!Number.isSafeInteger(bytes)) throw new Error(`a joblib array at offset ${off} is too large to skip`);
    const align = field('numpy_array_alignment_bytes');
    if (align && align.k === 'int') {
      if (f.buf.length - f.i < 1) yield* f.need(1);
      const pad = f.buf[f.i++];
      yield* f.skip(pad);
    }
    yield* f.skip(bytes);
    this.skippedArrays++;
  }

  /** An argument already buffered whole: no generator needed. */
  private inlineArgument(n: number, kind: 'bytes' | 'utf8' | 'latin1'): PV {
    const f = this.feed;
    const argOff = f.base + f.i;
    const b = f.buf.subarray(f.i, f.i + n);
    f.i += n;
    return this.valueOf(b, kind, argOff);
  }

  /** Reads a bytes or string argument of known length, scanning it as a possible nested pickle. */
  private *argument(n: number, kind: 'bytes' | 'utf8' | 'latin1'): Parser<PV> {
    const f = this.feed;
    const argOff = f.offset;
    if (n <= INLINE_MAX) {
      if (f.buf.length - f.i < n) yield* f.need(n);
      const b = f.buf.subarray(f.i, f.i + n);
      f.i += n;
      return this.valueOf(b, kind, argOff);
    }
    if (f.buf.length - f.i < 1) yield* f.need(1);
    const child = this.childFor(f.buf[f.i], argOff);
    const dec = kind === 'utf8' && child ? new StringDecoder('utf8') : undefined;
    let head = '';
    yield* f.stream(n, (piece) => {
      if (kind !== 'bytes' && head.length < STR_KEEP) head += piece.subarray(0, STR_KEEP).toString(kind);
      if (child) child.write(dec ? Buffer.from(dec.write(piece), 'latin1') : piece);
    });
    const nested = child ? this.finishChild(child.end(), argOff) : undefined;
    if (kind === 'bytes') return { k: 'bytes', len: n, ...(nested ? { nested } : {}) };
    return { k: 'str', v: head.slice(0, STR_KEEP), len: n, ...(nested ? { nested } : {}) };
  }

  private valueOf(b: Buffer, kind: 'bytes' | 'utf8' | 'latin1', argOff: number): PV {
    const candidate = b.length >= NESTED_MIN && START_BYTES.has(b[0]) && this.ctx.depth < NESTED_DEPTH_MAX && (!LINE_START.has(b[0]) || b.includes(10));
    if (kind === 'bytes') {
      const nested = candidate ? this.nestedIn(b, argOff) : undefined;
      return { k: 'bytes', len: b.length, ...(nested ? { nested } : {}) };
    }
    const v = b.toString(kind);
    const nested = candidate ? this.nestedIn(kind === 'latin1' ? b : Buffer.from(v, 'latin1'), argOff) : undefined;
    return { k: 'str', v: v.length > STR_KEEP ? v.slice(0, STR_KEEP) : v, len: v.length, ...(nested ? { nested } : {}) };
  }

  /** Protocol 0 STRING: a quoted, backslash-escaped line. */
  private *quotedString(off: number): Parser<PV> {
    const argOff = this.feed.offset;
    const dec = new EscapeDecoder();
    let quote = -1;
    let held = -1;
    const parts: Buffer[] = [];
    let kept = 0;
    let total = 0;
    let child: PushParser<PickleScan> | undefined;
    let started = false;
    const emit = (decoded: Buffer) => {
      if (!decoded.length) return;
      total += decoded.length;
      if (!started) {
        started = true;
        child = this.childFor(decoded[0], argOff);
      }
      if (kept < STR_KEEP) {
        parts.push(Buffer.from(decoded.subarray(0, STR_KEEP - kept)));
        kept += Math.min(decoded.length, STR_KEEP - kept);
      }
      child?.write(decoded);
    };
    const feedRaw = (piece: Buffer) => {
      let p = piece;
      if (quote < 0 && p.length) {
        quote = p[0];
        p = p.subarray(1);
      }
      if (!p.length) return;
      if (held >= 0) emit(dec.write(Buffer.from([held])));
      emit(dec.write(p.subarray(0, p.length - 1)));
      held = p[p.length - 1];
    };
    const line = yield* this.feed.line(INLINE_MAX, feedRaw);
    if (line !== undefined) {
      if (line.length < 2 || line[0] !== line[line.length - 1] || (line[0] !== 0x27 && line[0] !== 0x22)) {
        this.fail(off, 'the STRING opcode argument must be quoted');
      }
      const body = dec.write(line.subarray(1, line.length - 1));
      const tail = dec.end();
      const all = tail.length ? Buffer.concat([body, tail]) : body;
      return this.valueOf(all, 'latin1', argOff);
    }
    if (held !== quote || (quote !== 0x27 && quote !== 0x22)) this.fail(off, 'the STRING opcode argument must be quoted');
    emit(dec.end());
    const nested = child ? this.finishChild(child.end(), argOff) : undefined;
    return { k: 'str', v: Buffer.concat(parts).toString('latin1'), len: total, ...(nested ? { nested } : {}) };
  }

  /** Protocol 0 UNICODE: a raw-unicode-escape line. */
  private *rawUnicodeString(off: number): Parser<PV> {
    const argOff = this.feed.offset;
    const pieces: Buffer[] = [];
    let size = 0;
    let dropped = false;
    const line = yield* this.feed.line(INLINE_MAX, (piece) => {
      if (size < LINE_MAX * 16) {
        pieces.push(Buffer.from(piece));
        size += piece.length;
      } else dropped = true;
    });
    if (dropped) this.fail(off, 'a UNICODE argument is too long to inspect whole');
    const text = decodeRawUnicodeEscape(line ?? Buffer.concat(pieces));
    const nested = this.nestedIn(Buffer.from(text, 'latin1'), argOff);
    return { k: 'str', v: text.length > STR_KEEP ? text.slice(0, STR_KEEP) : text, len: text.length, ...(nested ? { nested } : {}) };
  }

  /** Starts a speculative nested scan when the argument could begin a pickle. */
  private childFor(first: number, argOff: number): PushParser<PickleScan> | undefined {
    if (this.ctx.depth >= NESTED_DEPTH_MAX || !START_BYTES.has(first)) return undefined;
    const ctx = new ScanContext(this.ctx.depth + 1);
    return new PushParser((feed) => scanWith(feed, ctx, {}), argOff);
  }

  private nestedIn(b: Buffer, argOff: number): NestedRecord | undefined {
    // The shortest pickle that imports anything (`cos\nsystem\n.`-like) is longer than this.
    if (b.length < NESTED_MIN) return undefined;
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

function markLoaded(v: PV | undefined, via: string): void {
  if (!v) return;
  if ((v.k === 'bytes' || v.k === 'str') && v.nested) v.nested.loadedVia = via;
  else if (v.k === 'obj' && v.args?.k === 'tuple') markLoaded(v.args.items[0], via);
}

function dictValue(d: { items: PV[] }, key: string): PV | undefined {
  for (let j = 0; j + 1 < d.items.length; j += 2) {
    const k = d.items[j];
    if (k.k === 'str' && k.v === key) return d.items[j + 1];
  }
  return undefined;
}

/** Size and object-ness of a numpy.dtype built by REDUCE (and BUILD) in the stream. */
function dtypeInfo(v: PV | undefined): { size: number; object: boolean } | undefined {
  if (!v || v.k !== 'obj' || v.fn?.k !== 'global' || v.fn.g.name !== 'dtype') return undefined;
  const a = v.args?.k === 'tuple' ? v.args.items[0] : undefined;
  if (!a || a.k !== 'str') return undefined;
  const code = a.v.replace(/^[<>|=]/, '');
  const st = v.state?.k === 'tuple' ? v.state.items : [];
  const flags = st[7]?.k === 'int' ? st[7].v : 0;
  if (code === 'O' || code.startsWith('O') || (flags & 1) === 1) return { size: 8, object: true };
  const elsize = st[5]?.k === 'int' ? st[5].v : -1;
  if (elsize > 0) return { size: elsize, object: false };
  const m = /^([a-zA-Z?])(\d*)$/.exec(code);
  if (!m) return undefined;
  if (m[2]) {
    const n = Number(m[2]);
    return { size: m[1] === 'U' ? n * 4 : n, object: false };
  }
  const size = DTYPE_SIZES[m[1]];
  return size ? { size, object: false } : undefined;
}

function describe(v: PV): string {
  switch (v.k) {
    case 'global':
      return `${v.g.module}.${v.g.name}`;
    case 'module':
      return `module ${v.name}`;
    case 'obj':
      return v.fn ? `the result of calling ${describe(v.fn)}` : `an object from ${v.how}`;
    case 'str':
      return `the string "${v.v.slice(0, 40)}"`;
    default:
      return `a ${v.k} value`;
  }
}

/** Runs one pickle (to its STOP) on `feed` and returns the scan with its globals listed. */
function* scanWith(feed: ByteFeed, ctx: ScanContext, options: PickleOptions): Parser<PickleScan> {
  const machine = new PickleMachine(feed, ctx, options);
  const scan = yield* machine.run();
  return finish(scan, ctx);
}

function finish(scan: PickleScan, ctx: ScanContext): PickleScan {
  const globals = [...ctx.table.values()];
  let nestedPickles = 0;
  for (const rec of ctx.nested) {
    if (!rec.scan.complete && !rec.loadedVia) continue;
    nestedPickles++;
    for (const g of rec.scan.globals) {
      // A nested scan's feed starts at its argument's offset, so its offsets are already absolute.
      const via = rec.loadedVia ?? g.nested?.via;
      globals.push({ ...g, nested: { depth: (g.nested?.depth ?? 0) + 1, argumentOffset: rec.argumentOffset, ...(via ? { via } : {}) } });
    }
  }
  globals.sort((a, b) => a.offset - b.offset);
  return { ...scan, globals, dynamicCalls: [...ctx.dynamicCalls], nestedPickles: nestedPickles + sum(ctx.nested, (r) => (r.scan.complete || r.loadedVia ? r.scan.nestedPickles : 0)) };
}

function sum<T>(xs: T[], f: (x: T) => number): number {
  let s = 0;
  for (const x of xs) s += f(x);
  return s;
}

/** A parser for one pickle stream starting at the feed's position. */
export function pickleParser(options: PickleOptions = {}): (feed: ByteFeed) => Parser<PickleScan> {
  return (feed) => scanWith(feed, new ScanContext(0), options);
}

/** Scans one pickle held in memory. */
export function scanPickleBuffer(bytes: Buffer, options: PickleOptions = {}): PickleScan {
  return runOnBuffer(pickleParser(options), bytes);
}

/** Whether a byte can start a pickle stream that runs anything. */
export function isPickleStart(b: number): boolean {
  return START_BYTES.has(b);
}
