// The data of a pickle scan: what callers read (globals, errors, the scan result) and the values
// the virtual machine keeps on its stack, with the small helpers that build and describe them.

import type { Problem } from '../model';
import type { GlobalClass } from './pickle-globals';

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
  /**
   * Set when the global sits in a pickle nested inside a bytes or string argument. `via` names
   * the loader the outer pickle passes it to; without one the outer pickle only carries it.
   */
  nested?: { depth: number; argumentOffset: number; via?: string };
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
  /** The first problem found, an error whose `span.start` is the offending opcode's offset; later ones are counted in `errorCount`. */
  error?: Problem;
  errorCount: number;
  /** Nested pickles found in arguments (complete, or passed to a loader). */
  nestedPickles: number;
  /** Joblib array buffers skipped inside the stream. */
  skippedArrays: number;
}

export interface PickleOptions {
  /** Follow joblib's NumpyArrayWrapper: raw array bytes follow its BUILD opcode. */
  joblib?: boolean;
  /**
   * Which dispatch runs the opcodes: `buffered` (the default) runs every opcode whose bytes are
   * all in memory without pausing and pauses only for the rest; `streaming` runs every opcode
   * through the pausing reader. Both give the same scan; the option exists so tests prove it.
   */
  dispatch?: 'buffered' | 'streaming';
}

/** Limits that keep hostile streams cheap. */
export const LIMITS = {
  /** Arguments up to this size are read whole; longer ones are streamed. */
  inlineMax: 64 * 1024,
  /** Characters of a string value kept (for names and dictionary keys). */
  strKeep: 4096,
  lineMax: 1 << 20,
  containerKeep: 64,
  memoMax: 2_000_000,
  stackMax: 2_000_000,
  nestedDepthMax: 3,
  /** The shortest pickle that imports anything (`cos\nsystem\n.`-like) is longer than this. */
  nestedMin: 8,
  offsetsKeep: 16,
  highestProtocol: 5,
} as const;

/** How a counted argument decodes. */
export type TextKind = 'bytes' | 'utf8' | 'latin1';

/** A nested pickle found in a string or bytes value. */
export interface NestedRecord {
  scan: PickleScan;
  argumentOffset: number;
  loadedVia?: string;
}

/** Values on the virtual stack: enough of each to resolve globals, calls and joblib arrays. */
export type PV =
  | { k: 'none' | 'bool' | 'float' | 'unknown' | 'buffer' }
  | { k: 'int'; v: number }
  | { k: 'str'; v: string; len: number; nested?: NestedRecord }
  | { k: 'bytes'; len: number; nested?: NestedRecord }
  | { k: 'global'; g: PickleGlobal }
  | { k: 'module'; name: string }
  | { k: 'obj'; fn?: PV; args?: PV; state?: PV; how: string }
  | { k: 'list' | 'tuple' | 'dict' | 'set'; items: PV[]; count: number };

export type ContainerKind = 'list' | 'tuple' | 'dict' | 'set';

/**
 * A malformed opcode or argument, at the offset of its opcode. Like Truncated it is not an
 * Error subclass, so failing speculative nested parses stay cheap.
 */
export class OpcodeError {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

export const NONE: PV = { k: 'none' };
export const BOOL: PV = { k: 'bool' };
export const FLOAT: PV = { k: 'float' };
export const UNKNOWN: PV = { k: 'unknown' };
export const BUFFER: PV = { k: 'buffer' };
const SMALL_INTS: PV[] = Array.from({ length: 1026 }, (_, n) => ({ k: 'int' as const, v: n - 1 }));

export function intValue(v: number): PV {
  return v >= -1 && v <= 1024 && Number.isInteger(v) ? SMALL_INTS[v + 1] : { k: 'int', v };
}

/** A container value keeping only its first few items. */
export function container(k: ContainerKind, items: PV[]): PV {
  return { k, items: items.length > LIMITS.containerKeep ? items.slice(0, LIMITS.containerKeep) : items, count: items.length };
}

/** APPEND, APPENDS, SETITEM(S), ADDITEMS: extends a mutable container. */
export function addItems(target: PV, items: PV[]): void {
  if (target.k === 'list' || target.k === 'dict' || target.k === 'set') {
    for (const it of items) if (target.items.length < LIMITS.containerKeep) target.items.push(it);
    target.count += items.length;
  }
}

/** Marks the nested pickle in a loader's argument (or in the argument of a call there) as loaded. */
export function markLoaded(v: PV | undefined, via: string): void {
  if (!v) return;
  if ((v.k === 'bytes' || v.k === 'str') && v.nested) v.nested.loadedVia = via;
  else if (v.k === 'obj' && v.args?.k === 'tuple') markLoaded(v.args.items[0], via);
}

export function dictValue(d: { items: PV[] }, key: string): PV | undefined {
  for (let j = 0; j + 1 < d.items.length; j += 2) {
    const k = d.items[j];
    if (k.k === 'str' && k.v === key) return d.items[j + 1];
  }
  return undefined;
}

export function describe(v: PV): string {
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
