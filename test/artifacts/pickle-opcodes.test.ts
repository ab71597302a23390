// Tests of the opcode table: every opcode runs on the buffered and on the streaming path, whole
// and in small chunks, with the same scan; the table itself agrees with the pickle format.

import * as assert from 'node:assert/strict';
import { PushParser } from '../../src/core/artifacts/byte-feed';
import { pickleParser, scanPickleBuffer, type PickleOptions, type PickleScan } from '../../src/core/artifacts/pickle';
import { OPCODE_LIST, OPCODES } from '../../src/core/artifacts/pickle-opcodes';
import * as fx from '../helpers/model-fixtures';
import { pickle } from '../helpers/pickle-writer';

const p = pickle;
const big = (n: number, first?: Buffer) => Buffer.concat([first ?? Buffer.alloc(0), Buffer.alloc(n - (first?.length ?? 0), 0x20)]);

/** At least one complete pickle per opcode, named by the opcode it exercises. */
const SAMPLES: Record<string, Buffer[]> = {
  INT: [p().int0(5).stop().bytes(), p().int0(1).int0(0).tuple2().stop().bytes()],
  BININT: [p().int(-7).stop().bytes()],
  BININT1: [p().int(5).stop().bytes()],
  BININT2: [p().int(1000).stop().bytes()],
  LONG: [p().data(Buffer.from('L12345678901L\n')).stop().bytes()],
  LONG1: [p().proto(2).long1(123456789n).stop().bytes()],
  LONG4: [
    p()
      .data(Buffer.from([0x8b, 4, 0, 0, 0, 1, 2, 3, 4]))
      .stop()
      .bytes(),
    p()
      .data(Buffer.from([0x8b, 12, 0, 0, 0, ...Buffer.alloc(12, 7)]))
      .stop()
      .bytes(),
  ],
  STRING: [
    p().string0("it's\n\\x").stop().bytes(),
    p().string0('x'.repeat(70_000)).stop().bytes(),
    p().global('pickle', 'loads').mark().string0(big(70_000, fx.osSystemP0()).toString('latin1')).tuple().reduce().stop().bytes(),
  ],
  BINSTRING: [p().binString('abc').stop().bytes()],
  SHORT_BINSTRING: [p().shortBinString('abc').stop().bytes()],
  BINBYTES: [p().proto(3).binBytes(Buffer.alloc(300, 1)).stop().bytes(), p().proto(3).global('pickle', 'loads').binBytes(big(70_000, fx.osSystemP0())).tuple1().reduce().stop().bytes()],
  SHORT_BINBYTES: [p().proto(3).binBytes(Buffer.from('abc')).stop().bytes(), p().proto(3).global('pickle', 'loads').binBytes(fx.posixSystemP2()).tuple1().reduce().stop().bytes()],
  BINBYTES8: [p().proto(4).binBytes8(Buffer.from('abc')).stop().bytes()],
  BYTEARRAY8: [p().proto(5).byteArray8(Buffer.from('abc')).stop().bytes()],
  NEXT_BUFFER: [p().proto(5).nextBuffer().stop().bytes()],
  READONLY_BUFFER: [p().proto(5).nextBuffer().readonlyBuffer().stop().bytes()],
  NONE: [p().none().stop().bytes()],
  NEWTRUE: [p().proto(2).newTrue().stop().bytes()],
  NEWFALSE: [p().proto(2).newFalse().stop().bytes()],
  UNICODE: [p().unicode0('h\u00e9llo \u20ac\\').stop().bytes(), p().unicode0('y'.repeat(70_000)).stop().bytes()],
  SHORT_BINUNICODE: [p().proto(4).str('abc').stop().bytes()],
  BINUNICODE: [p().binUnicode('abc').stop().bytes(), p().binUnicode('z'.repeat(70_000)).stop().bytes()],
  BINUNICODE8: [p().proto(4).binUnicode8('abc').stop().bytes()],
  FLOAT: [p().float0(1.5).stop().bytes()],
  BINFLOAT: [p().binfloat(2.5).stop().bytes()],
  EMPTY_LIST: [p().emptyList().stop().bytes()],
  APPEND: [p().emptyList().int(1).append().stop().bytes()],
  APPENDS: [p().emptyList().mark().int(1).int(2).appends().stop().bytes()],
  LIST: [p().mark().int(1).list().stop().bytes()],
  EMPTY_TUPLE: [p().emptyTuple().stop().bytes()],
  TUPLE: [p().mark().int(1).tuple().stop().bytes()],
  TUPLE1: [p().proto(2).int(1).tuple1().stop().bytes()],
  TUPLE2: [p().proto(2).int(1).int(2).tuple2().stop().bytes()],
  TUPLE3: [p().proto(2).int(1).int(2).int(3).tuple3().stop().bytes()],
  EMPTY_DICT: [p().emptyDict().stop().bytes()],
  DICT: [p().mark().str('a').int(1).dict().stop().bytes()],
  SETITEM: [p().emptyDict().str('a').int(1).setitem().stop().bytes()],
  SETITEMS: [p().emptyDict().mark().str('a').int(1).setitems().stop().bytes()],
  EMPTY_SET: [p().proto(4).emptySet().stop().bytes()],
  ADDITEMS: [p().proto(4).emptySet().mark().int(1).additems().stop().bytes()],
  FROZENSET: [p().proto(4).mark().int(1).frozenset().stop().bytes()],
  POP: [p().int(1).int(2).pop().stop().bytes()],
  DUP: [p().proto(2).int(1).dup().tuple2().stop().bytes()],
  MARK: [p().mark().tuple().stop().bytes()],
  POP_MARK: [p().int(1).mark().int(2).popMark().stop().bytes()],
  GET: [p().int(1).put0(3).get0(3).tuple2().stop().bytes()],
  BINGET: [p().proto(2).int(1).binput(2).binget(2).tuple2().stop().bytes()],
  LONG_BINGET: [p().proto(2).int(1).longBinput(70_000).longBinget(70_000).tuple2().stop().bytes()],
  PUT: [p().int(1).put0(0).stop().bytes()],
  BINPUT: [p().int(1).binput(0).stop().bytes()],
  LONG_BINPUT: [p().int(1).longBinput(1).stop().bytes()],
  MEMOIZE: [p().proto(4).int(1).memoize().binget(0).tuple2().stop().bytes()],
  EXT1: [p().proto(2).ext1(5).stop().bytes()],
  EXT2: [
    p()
      .proto(2)
      .data(Buffer.from([0x83, 0x34, 0x12]))
      .stop()
      .bytes(),
  ],
  EXT4: [
    p()
      .proto(2)
      .data(Buffer.from([0x84, 1, 0, 0, 1]))
      .stop()
      .bytes(),
  ],
  GLOBAL: [p().global('collections', 'OrderedDict').stop().bytes()],
  STACK_GLOBAL: [p().proto(4).str('os').str('system').stackGlobal().stop().bytes(), fx.subprocessStackGlobalMemoP4()],
  REDUCE: [p().proto(2).global('os', 'system').str('id').tuple1().reduce().stop().bytes(), fx.getattrImportP2()],
  BUILD: [p().global('mod', 'Cls').emptyTuple().reduce().emptyDict().build().stop().bytes(), fx.joblibMalicious(), fx.joblibDump()],
  INST: [fx.builtinsEvalInstP0()],
  OBJ: [fx.builtinsExecObjP1()],
  NEWOBJ: [p().proto(2).global('m', 'C').emptyTuple().newobj().stop().bytes()],
  NEWOBJ_EX: [p().proto(4).global('m', 'C').emptyTuple().emptyDict().newobjEx().stop().bytes()],
  PROTO: [p().proto(2).none().stop().bytes()],
  STOP: [p().none().stop().bytes()],
  FRAME: [p().proto(4).frame(2).none().stop().bytes(), p().proto(4).frame(3).global('os', 'system').str('id').tuple1().reduce().stop().bytes()],
  PERSID: [p().persid('storage-1').stop().bytes()],
  BINPERSID: [p().proto(2).str('storage-1').binpersid().stop().bytes()],
};

function chunked(bytes: Buffer, size: number, options: PickleOptions): PickleScan {
  const parser = new PushParser(pickleParser(options));
  for (let k = 0; k < bytes.length; k += size) parser.write(bytes.subarray(k, k + size));
  return parser.end();
}

describe('pickle opcode table', () => {
  it('describes each of the 68 opcodes of protocols 0–5 once', () => {
    assert.equal(OPCODE_LIST.length, 68);
    assert.equal(new Set(OPCODE_LIST.map((o) => o.code)).size, 68);
    assert.equal(new Set(OPCODE_LIST.map((o) => o.name)).size, 68);
    for (const o of OPCODE_LIST) {
      assert.equal(OPCODES[o.code], o);
      assert.ok(o.protocol >= 0 && o.protocol <= 5, o.name);
    }
    const want: Record<string, [number, number]> = { MARK: [0x28, 0], STACK_GLOBAL: [0x93, 4], FRAME: [0x95, 4], BYTEARRAY8: [0x96, 5], BINBYTES: [0x42, 3], PROTO: [0x80, 2], OBJ: [0x6f, 1] };
    for (const [name, [code, protocol]] of Object.entries(want)) {
      const o = OPCODE_LIST.find((x) => x.name === name);
      assert.deepEqual([o?.code, o?.protocol], [code, protocol], name);
    }
  });

  it('has a sample for every opcode in the table', () => {
    assert.deepEqual(
      OPCODE_LIST.map((o) => o.name).filter((n) => !SAMPLES[n]?.length),
      [],
    );
  });

  for (const spec of OPCODE_LIST) {
    it(`runs ${spec.name} the same on the buffered and the streaming path`, () => {
      for (const bytes of SAMPLES[spec.name] ?? []) {
        assert.ok(bytes.includes(spec.code), `the ${spec.name} sample holds its opcode`);
        const options: PickleOptions = { joblib: spec.name === 'BUILD' };
        const buffered = scanPickleBuffer(bytes, { ...options, dispatch: 'buffered' });
        assert.equal(buffered.complete, true, `${spec.name}: ${JSON.stringify(buffered.error)}`);
        assert.equal(buffered.end, bytes.length);
        const streaming = scanPickleBuffer(bytes, { ...options, dispatch: 'streaming' });
        assert.deepEqual(streaming, buffered);
        // Byte-by-byte feeding of the 70 KB samples is slow on a busy machine; they split at odd sizes instead.
        for (const size of bytes.length > 4096 ? [997, 4099] : [1, 5]) {
          assert.deepEqual(chunked(bytes, size, { ...options, dispatch: 'buffered' }), buffered, `buffered, chunks of ${size}`);
          assert.deepEqual(chunked(bytes, size, { ...options, dispatch: 'streaming' }), buffered, `streaming, chunks of ${size}`);
        }
      }
    });
  }

  it('gives the same errors on both paths for malformed streams', () => {
    const broken = [
      Buffer.from([0x80, 9]),
      Buffer.from([0x54, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0x8b, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from([0x82, 0]),
      Buffer.concat([p().proto(2).global('os', 'system').bytes(), Buffer.from([0xff])]),
      p().proto(2).reduce().binget(9).pop().global('socket', 'socket').emptyTuple().reduce().stop().bytes(),
      fx.posixSystemP2().subarray(0, 20),
      p().string0('x'.repeat(70_000)).bytes().subarray(0, 50_000),
      p().data(Buffer.from("S'unquoted\n")).stop().bytes(),
    ];
    for (const bytes of broken) {
      const buffered = scanPickleBuffer(bytes, { dispatch: 'buffered' });
      assert.equal(buffered.complete, false);
      assert.deepEqual(scanPickleBuffer(bytes, { dispatch: 'streaming' }), buffered);
      assert.deepEqual(chunked(bytes, 3, { dispatch: 'streaming' }), buffered);
    }
  });
});
