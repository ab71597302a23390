// One unpickler run without executing anything: the stack, the mark stack and the memo exactly
// as the unpickler keeps them, driven opcode by opcode from the opcode table. The buffered path
// runs every opcode whose bytes are in memory as a plain loop; the streaming path pauses for
// input and streams long arguments. Both read arguments and run opcodes through the same table.

import type { Problem } from '../model';
import { Truncated, type ByteFeed, type Parser } from './byte-feed';
import { NEED, readBuffered, readStreaming, type ArgHost, type ArgSlot } from './pickle-args';
import type { ScanContext } from './pickle-context';
import { isGetattr, isModuleImporter, isNestedLoader } from './pickle-globals';
import { isJoblibWrapper, joblibArray } from './pickle-joblib';
import { ValueReader } from './pickle-nested';
import { OPCODES, type OpcodeSpec, type PickleVM } from './pickle-opcodes';
import { LIMITS, OpcodeError, UNKNOWN, describe, markLoaded, type GlobalSource, type PickleGlobal, type PickleOptions, type PickleScan, type PV, type TextKind } from './pickle-types';

function invalid(code: number, off: number): OpcodeError {
  return new OpcodeError(off, `invalid opcode 0x${code.toString(16).padStart(2, '0')}`);
}

export class PickleMachine implements PickleVM, ArgHost {
  private stack: PV[] = [];
  private meta: PV[][] = [];
  private readonly memo = new Map<number, PV>();
  private memoOverflow = false;
  private highest: number | undefined;
  private opcodes = 0;
  private error: Problem | undefined;
  private errorCount = 0;
  private skippedArrays = 0;
  private stopped = false;
  /** A joblib array wrapper whose BUILD just ran: its array bytes come next. */
  private pendingArray: { wrapper: PV; off: number } | undefined;
  private readonly slot: ArgSlot = { value: 0 };
  private readonly values: ValueReader;

  constructor(
    private readonly feed: ByteFeed,
    private readonly ctx: ScanContext,
    private readonly options: PickleOptions,
  ) {
    this.values = new ValueReader(feed, ctx, (offset, message) => this.fail(offset, message));
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
      ...(this.highest !== undefined ? { protocol: this.highest } : {}),
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

  private *loop(): Parser<number> {
    const buffered = this.options.dispatch !== 'streaming';
    for (;;) {
      if (this.pendingArray) {
        yield* this.skipArray();
        continue;
      }
      if (buffered) {
        if (this.runBuffered() !== NEED) return this.feed.offset;
        if (this.pendingArray) continue;
      }
      yield* this.streamOne();
      if (this.stopped) return this.feed.offset;
    }
  }

  /**
   * The hot path: runs opcodes as long as each one is wholly in the buffer, as a plain loop the
   * JIT optimises. Returns the offset just past STOP, or NEED (leaving the opcode unread) when it
   * must wait for input or stream an argument, or when joblib array bytes follow.
   */
  private runBuffered(): number {
    const f = this.feed;
    for (;;) {
      const at = f.i;
      if (at >= f.buf.length) return NEED;
      const spec = OPCODES[f.buf[at]];
      const off = f.base + at;
      if (!spec) throw invalid(f.buf[at], off);
      const next = readBuffered(spec.layout, f, at, this, this.slot);
      if (next === NEED) return NEED;
      f.i = next;
      this.execute(spec, off);
      if (this.stopped) return f.base + f.i;
      if (this.pendingArray) return NEED;
    }
  }

  /** The pausing path: reads one opcode and its argument, waiting or streaming as needed, and runs it. */
  private *streamOne(): Parser<void> {
    const f = this.feed;
    if (f.buf.length - f.i < 1) yield* f.need(1);
    const off = f.offset;
    const spec = OPCODES[f.buf[f.i]];
    if (!spec) throw invalid(f.buf[f.i], off);
    const before = this.opcodes;
    yield* readStreaming(spec.layout, f, this, this.slot);
    this.execute(spec, off, this.opcodes !== before);
  }

  private execute(spec: OpcodeSpec, off: number, counted = false): void {
    spec.exec(this, this.slot.value, off);
    if (!counted) this.opcodes++;
    if (this.stack.length > LIMITS.stackMax) throw new OpcodeError(off, `the stack holds more than ${LIMITS.stackMax} values: not inspected further`);
  }

  private *skipArray(): Parser<void> {
    const pending = this.pendingArray;
    this.pendingArray = undefined;
    if (!pending) return;
    const problem = yield* joblibArray(this.feed, this.ctx, pending.wrapper, pending.off);
    if (problem) this.fail(problem.span?.start ?? pending.off, problem.message);
    this.skippedArrays++;
  }

  // ArgHost: how the argument readers build values.

  valueOf(b: Buffer, text: TextKind, argOffset: number): PV {
    return this.values.valueOf(b, text, argOffset);
  }

  streamCounted(n: number, text: TextKind): Parser<PV> {
    return this.values.streamCounted(n, text);
  }

  quotedString(off: number): Parser<PV> {
    return this.values.quotedString(off);
  }

  rawUnicodeString(off: number): Parser<PV> {
    return this.values.rawUnicodeString(off);
  }

  countOpcode(): void {
    this.opcodes++;
  }

  // PickleVM: what the opcodes do.

  fail(offset: number, message: string): void {
    this.errorCount++;
    this.error ??= { level: 'error', message, span: { start: offset } };
  }

  stop(): void {
    this.stopped = true;
  }

  push(v: PV): void {
    this.stack.push(v);
  }

  pop(offset: number): PV {
    const v = this.stack.pop();
    if (v === undefined) {
      this.fail(offset, 'the stack is empty (stack underflow)');
      return UNKNOWN;
    }
    return v;
  }

  top(offset: number): PV {
    const v = this.stack[this.stack.length - 1];
    if (v === undefined) {
      this.fail(offset, 'the stack is empty (stack underflow)');
      return UNKNOWN;
    }
    return v;
  }

  pushMark(offset: number): void {
    this.meta.push(this.stack);
    this.stack = [];
    if (this.meta.length > LIMITS.stackMax) throw new OpcodeError(offset, `more than ${LIMITS.stackMax} nested MARKs: not inspected further`);
  }

  popMark(offset: number): PV[] {
    const items = this.stack;
    const prev = this.meta.pop();
    if (prev === undefined) {
      this.fail(offset, 'no MARK to pop to');
      this.stack = [];
    } else this.stack = prev;
    return items;
  }

  discard(offset: number): void {
    if (this.stack.length) this.stack.pop();
    else this.popMark(offset);
  }

  memoSize(): number {
    return this.memo.size;
  }

  get(idx: number | undefined, off: number): void {
    const v = idx === undefined ? undefined : this.memo.get(idx);
    if (v === undefined) {
      if (!this.memoOverflow) this.fail(off, `memo key ${idx} was never stored`);
      this.push(UNKNOWN);
    } else this.push(v);
  }

  put(idx: number, off: number): void {
    const v = this.top(off);
    if (this.memo.size >= LIMITS.memoMax && !this.memo.has(idx)) {
      this.memoOverflow = true;
      return;
    }
    this.memo.set(idx, v);
  }

  protocol(p: number, off: number): void {
    if (p > LIMITS.highestProtocol) throw new OpcodeError(off, `unsupported pickle protocol: ${p}`);
    this.highest = Math.max(this.highest ?? 0, p);
  }

  noteGlobal(module: string, name: string, off: number, source: GlobalSource): PickleGlobal {
    return this.ctx.note(module, name, off, source);
  }

  stackGlobal(module: PV, name: PV, off: number): PickleGlobal {
    if (module.k === 'bytes' || name.k === 'bytes') this.fail(off, 'STACK_GLOBAL requires str');
    if (module.k === 'str' && name.k === 'str' && module.len <= LIMITS.strKeep && name.len <= LIMITS.strKeep) {
      return this.ctx.note(module.v, name.v, off, 'STACK_GLOBAL');
    }
    const m = module.k === 'str' ? module.v.slice(0, 80) : '?';
    const n = name.k === 'str' ? name.v.slice(0, 80) : '?';
    return this.ctx.note(m, n, off, 'STACK_GLOBAL', true);
  }

  /** Applies a call (REDUCE, INST, OBJ, NEWOBJ) and returns the value it leaves. */
  call(fn: PV, args: PV, off: number): PV {
    if (fn.k === 'global') {
      const g = fn.g;
      g.calls++;
      if (g.callOffsets.length < LIMITS.offsetsKeep) g.callOffsets.push(off);
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
  build(off: number): void {
    const wrapper = this.options.joblib && isJoblibWrapper(this.stack[this.stack.length - 2]);
    const state = this.pop(off);
    const inst = this.top(off);
    if (inst.k === 'global') inst.g.mutated = true;
    else if (inst.k === 'obj') inst.state = state;
    if (wrapper) this.pendingArray = { wrapper: this.stack[this.stack.length - 1], off };
  }
}
