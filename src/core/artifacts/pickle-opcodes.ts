// The one table of pickle opcodes (protocols 0–5): each opcode's byte, name, argument layout,
// the protocol that introduced it, its stack effect in pickletools' notation, and what it does
// to the virtual machine. Both dispatch paths of the machine run opcodes from this table alone.

import { ARG_LAYOUTS, type ArgLayout, type ArgName, type ArgValue } from './pickle-args';
import { parsePyInt } from './pickle-text';
import { BOOL, BUFFER, FLOAT, NONE, UNKNOWN, OpcodeError, addItems, container, intValue, type GlobalSource, type PickleGlobal, type PV } from './pickle-types';

/** The operations opcodes perform on the machine. */
export interface PickleVM {
  push(v: PV): void;
  pop(off: number): PV;
  top(off: number): PV;
  /** Pops the items above the last MARK, and the MARK. */
  popMark(off: number): PV[];
  pushMark(off: number): void;
  /** POP: drops the top value, or the last MARK when the stack above it is empty. */
  discard(off: number): void;
  call(fn: PV, args: PV, off: number): PV;
  build(off: number): void;
  get(idx: number | undefined, off: number): void;
  put(idx: number, off: number): void;
  memoSize(): number;
  noteGlobal(module: string, name: string, off: number, source: GlobalSource): PickleGlobal;
  stackGlobal(module: PV, name: PV, off: number): PickleGlobal;
  protocol(p: number, off: number): void;
  fail(off: number, message: string): void;
  stop(): void;
}

export interface OpcodeSpec {
  code: number;
  name: string;
  arg: ArgName;
  /** How the argument is laid out (from `arg`). */
  layout: ArgLayout;
  /** The protocol that introduced the opcode. */
  protocol: number;
  /** Stack before → after, as pickletools writes it (`mark` and `stackslice` for MARK-delimited items). */
  before: string[];
  after: string[];
  exec: (vm: PickleVM, arg: ArgValue, off: number) => void;
}

type Exec = OpcodeSpec['exec'];

const num = (a: ArgValue) => a as number;
const text = (a: ArgValue) => a as string;
const value = (a: ArgValue) => a as PV;
const pair = (a: ArgValue) => a as { module: string; name: string };

function op(code: number, name: string, arg: ArgName, protocol: number, effect: string, exec: Exec): OpcodeSpec {
  const [before, after] = effect.split('->').map((s) => s.trim().split(/\s+/).filter(Boolean));
  return { code, name, arg, layout: ARG_LAYOUTS[arg], protocol, before, after, exec };
}

const pushValue: Exec = (vm, a) => vm.push(value(a));
const pushInt: Exec = (vm, a) => vm.push(intValue(num(a)));
const collect =
  (k: 'list' | 'tuple' | 'dict' | 'set'): Exec =>
  (vm, _a, off) =>
    vm.push(container(k, vm.popMark(off)));
const empty =
  (k: 'list' | 'tuple' | 'dict' | 'set'): Exec =>
  (vm) =>
    vm.push({ k, items: [], count: 0 });
const extend: Exec = (vm, _a, off) => {
  const items = vm.popMark(off);
  addItems(vm.top(off), items);
};
const tupleOf =
  (n: number): Exec =>
  (vm, _a, off) => {
    const items: PV[] = new Array<PV>(n);
    for (let j = n - 1; j >= 0; j--) items[j] = vm.pop(off);
    vm.push(container('tuple', items));
  };
function callFromStack(vm: PickleVM, off: number): void {
  const args = vm.pop(off);
  const fn = vm.pop(off);
  vm.push(vm.call(fn, args, off));
}
const callTop: Exec = (vm, _a, off) => callFromStack(vm, off);
const ext: Exec = (vm, a, off) => {
  const code = num(a);
  if (code <= 0) throw new OpcodeError(off, 'EXT specifies code <= 0');
  vm.push({ k: 'global', g: vm.noteGlobal('copyreg extension registry', `code ${code}`, off, 'EXT') });
};

function intLine(vm: PickleVM, t: string, off: number): void {
  if (t === '00' || t === '01') {
    vm.push(BOOL);
    return;
  }
  const v = parsePyInt(t);
  if (v === undefined) vm.fail(off, `INT argument is not a number: ${t.slice(0, 40)}`);
  vm.push(intValue(v ?? 0));
}

function longLine(vm: PickleVM, t: string, off: number): void {
  const v = parsePyInt(t);
  if (v === undefined) vm.fail(off, `LONG argument is not a number: ${t.slice(0, 40)}`);
  vm.push(intValue(v ?? 0));
}

function putLine(vm: PickleVM, t: string, off: number): void {
  const idx = parsePyInt(t);
  if (idx === undefined || idx < 0) vm.fail(off, 'PUT argument is not a non-negative number');
  else vm.put(idx, off);
}

function inst(vm: PickleVM, a: ArgValue, off: number): void {
  const { module, name } = pair(a);
  const args = vm.popMark(off);
  const g = vm.noteGlobal(module, name, off, 'INST');
  vm.push(vm.call({ k: 'global', g }, container('tuple', args), off));
}

function obj(vm: PickleVM, _a: ArgValue, off: number): void {
  const args = vm.popMark(off);
  const cls = args.shift() ?? UNKNOWN;
  vm.push(vm.call(cls, container('tuple', args), off));
}

/** Every opcode, in pickletools' order. */
export const OPCODE_LIST: readonly OpcodeSpec[] = [
  op(0x49, 'INT', 'decimalnl_short', 0, '-> int_or_bool', (vm, a, off) => intLine(vm, text(a), off)),
  op(0x4a, 'BININT', 'int4', 1, '-> int', pushInt),
  op(0x4b, 'BININT1', 'uint1', 1, '-> int', pushInt),
  op(0x4d, 'BININT2', 'uint2', 1, '-> int', pushInt),
  op(0x4c, 'LONG', 'decimalnl_long', 0, '-> int', (vm, a, off) => longLine(vm, text(a), off)),
  op(0x8a, 'LONG1', 'long1', 2, '-> int', pushInt),
  op(0x8b, 'LONG4', 'long4', 2, '-> int', pushInt),
  op(0x53, 'STRING', 'stringnl', 0, '-> bytes_or_str', pushValue),
  op(0x54, 'BINSTRING', 'string4', 1, '-> bytes_or_str', pushValue),
  op(0x55, 'SHORT_BINSTRING', 'string1', 1, '-> bytes_or_str', pushValue),
  op(0x42, 'BINBYTES', 'bytes4', 3, '-> bytes', pushValue),
  op(0x43, 'SHORT_BINBYTES', 'bytes1', 3, '-> bytes', pushValue),
  op(0x8e, 'BINBYTES8', 'bytes8', 4, '-> bytes', pushValue),
  op(0x96, 'BYTEARRAY8', 'bytearray8', 5, '-> bytearray', pushValue),
  op(0x97, 'NEXT_BUFFER', 'none', 5, '-> any', (vm) => vm.push(BUFFER)),
  op(0x98, 'READONLY_BUFFER', 'none', 5, 'any -> any', (vm, _a, off) => void vm.top(off)),
  op(0x4e, 'NONE', 'none', 0, '-> None', (vm) => vm.push(NONE)),
  op(0x88, 'NEWTRUE', 'none', 2, '-> bool', (vm) => vm.push(BOOL)),
  op(0x89, 'NEWFALSE', 'none', 2, '-> bool', (vm) => vm.push(BOOL)),
  op(0x56, 'UNICODE', 'unicodestringnl', 0, '-> str', pushValue),
  op(0x8c, 'SHORT_BINUNICODE', 'unicodestring1', 4, '-> str', pushValue),
  op(0x58, 'BINUNICODE', 'unicodestring4', 1, '-> str', pushValue),
  op(0x8d, 'BINUNICODE8', 'unicodestring8', 4, '-> str', pushValue),
  op(0x46, 'FLOAT', 'floatnl', 0, '-> float', (vm) => vm.push(FLOAT)),
  op(0x47, 'BINFLOAT', 'float8', 1, '-> float', (vm) => vm.push(FLOAT)),
  op(0x5d, 'EMPTY_LIST', 'none', 1, '-> list', empty('list')),
  op(0x61, 'APPEND', 'none', 0, 'list any -> list', (vm, _a, off) => {
    const v = vm.pop(off);
    addItems(vm.top(off), [v]);
  }),
  op(0x65, 'APPENDS', 'none', 1, 'list mark stackslice -> list', extend),
  op(0x6c, 'LIST', 'none', 0, 'mark stackslice -> list', collect('list')),
  op(0x29, 'EMPTY_TUPLE', 'none', 1, '-> tuple', empty('tuple')),
  op(0x74, 'TUPLE', 'none', 0, 'mark stackslice -> tuple', collect('tuple')),
  op(0x85, 'TUPLE1', 'none', 2, 'any -> tuple', tupleOf(1)),
  op(0x86, 'TUPLE2', 'none', 2, 'any any -> tuple', tupleOf(2)),
  op(0x87, 'TUPLE3', 'none', 2, 'any any any -> tuple', tupleOf(3)),
  op(0x7d, 'EMPTY_DICT', 'none', 1, '-> dict', empty('dict')),
  op(0x64, 'DICT', 'none', 0, 'mark stackslice -> dict', collect('dict')),
  op(0x73, 'SETITEM', 'none', 0, 'dict any any -> dict', (vm, _a, off) => {
    const v = vm.pop(off);
    const k = vm.pop(off);
    addItems(vm.top(off), [k, v]);
  }),
  op(0x75, 'SETITEMS', 'none', 1, 'dict mark stackslice -> dict', extend),
  op(0x8f, 'EMPTY_SET', 'none', 4, '-> set', empty('set')),
  op(0x90, 'ADDITEMS', 'none', 4, 'set mark stackslice -> set', extend),
  op(0x91, 'FROZENSET', 'none', 4, 'mark stackslice -> frozenset', collect('set')),
  op(0x30, 'POP', 'none', 0, 'any ->', (vm, _a, off) => vm.discard(off)),
  op(0x32, 'DUP', 'none', 0, 'any -> any any', (vm, _a, off) => vm.push(vm.top(off))),
  op(0x28, 'MARK', 'none', 0, '-> mark', (vm, _a, off) => vm.pushMark(off)),
  op(0x31, 'POP_MARK', 'none', 1, 'mark stackslice ->', (vm, _a, off) => void vm.popMark(off)),
  op(0x67, 'GET', 'decimalnl_short', 0, '-> any', (vm, a, off) => vm.get(parsePyInt(text(a)), off)),
  op(0x68, 'BINGET', 'uint1', 1, '-> any', (vm, a, off) => vm.get(num(a), off)),
  op(0x6a, 'LONG_BINGET', 'uint4', 1, '-> any', (vm, a, off) => vm.get(num(a), off)),
  op(0x70, 'PUT', 'decimalnl_short', 0, '->', (vm, a, off) => putLine(vm, text(a), off)),
  op(0x71, 'BINPUT', 'uint1', 1, '->', (vm, a, off) => vm.put(num(a), off)),
  op(0x72, 'LONG_BINPUT', 'uint4', 1, '->', (vm, a, off) => vm.put(num(a), off)),
  op(0x94, 'MEMOIZE', 'none', 4, 'any -> any', (vm, _a, off) => vm.put(vm.memoSize(), off)),
  op(0x82, 'EXT1', 'uint1', 2, '-> any', ext),
  op(0x83, 'EXT2', 'uint2', 2, '-> any', ext),
  op(0x84, 'EXT4', 'int4', 2, '-> any', ext),
  op(0x63, 'GLOBAL', 'stringnl_noescape_pair', 0, '-> any', (vm, a, off) => {
    const { module, name } = pair(a);
    vm.push({ k: 'global', g: vm.noteGlobal(module, name, off, 'GLOBAL') });
  }),
  op(0x93, 'STACK_GLOBAL', 'none', 4, 'str str -> any', (vm, _a, off) => {
    const name = vm.pop(off);
    const module = vm.pop(off);
    vm.push({ k: 'global', g: vm.stackGlobal(module, name, off) });
  }),
  op(0x52, 'REDUCE', 'none', 0, 'any any -> any', callTop),
  op(0x62, 'BUILD', 'none', 0, 'any any -> any', (vm, _a, off) => vm.build(off)),
  op(0x69, 'INST', 'stringnl_noescape_pair', 0, 'mark stackslice -> any', inst),
  op(0x6f, 'OBJ', 'none', 1, 'mark any stackslice -> any', obj),
  op(0x81, 'NEWOBJ', 'none', 2, 'any any -> any', callTop),
  op(0x92, 'NEWOBJ_EX', 'none', 4, 'any any any -> any', (vm, _a, off) => {
    vm.pop(off);
    callFromStack(vm, off);
  }),
  op(0x80, 'PROTO', 'uint1', 2, '->', (vm, a, off) => vm.protocol(num(a), off)),
  op(0x2e, 'STOP', 'none', 0, 'any ->', (vm, _a, off) => {
    vm.pop(off);
    vm.stop();
  }),
  op(0x95, 'FRAME', 'uint8', 4, '->', () => undefined),
  op(0x50, 'PERSID', 'stringnl_noescape', 0, '-> any', (vm, a) => {
    const t = text(a);
    vm.push({ k: 'obj', how: 'persistent_load', args: { k: 'str', v: t, len: t.length } });
  }),
  op(0x51, 'BINPERSID', 'none', 1, 'any -> any', (vm, _a, off) => vm.push({ k: 'obj', how: 'persistent_load', args: vm.pop(off) })),
];

/** The table indexed by opcode byte. */
export const OPCODES: readonly (OpcodeSpec | undefined)[] = (() => {
  const byCode = new Array<OpcodeSpec | undefined>(256).fill(undefined);
  for (const spec of OPCODE_LIST) byCode[spec.code] = spec;
  return byCode;
})();
