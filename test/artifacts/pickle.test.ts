// Tests of the pickle opcode reader: globals, calls, memo tricks, nested pickles, every protocol,
// malformed input, and streaming in arbitrary chunk sizes.

import * as assert from 'node:assert/strict';
import { PushParser } from '../../src/core/artifacts/byte-feed';
import { pickleParser, scanPickleBuffer, type PickleScan } from '../../src/core/artifacts/pickle';
import { classifyGlobal } from '../../src/core/artifacts/pickle-globals';
import * as fx from '../helpers/model-fixtures';
import { pickle } from '../helpers/pickle-writer';

function names(scan: PickleScan, cls?: string): string[] {
  return scan.globals.filter((g) => !cls || g.classification === cls).map((g) => (g.name ? `${g.module}.${g.name}` : g.module));
}

function global(scan: PickleScan, full: string) {
  const g = scan.globals.find((x) => `${x.module}.${x.name}` === full);
  assert.ok(g, `${full} in ${names(scan).join(', ')}`);
  return g;
}

describe('pickle reader', () => {
  describe('malicious streams', () => {
    it('finds os.system imported by GLOBAL and called by REDUCE (protocol 0)', () => {
      const s = scanPickleBuffer(fx.osSystemP0());
      assert.equal(s.complete, true);
      const g = global(s, 'os.system');
      assert.equal(g.classification, 'dangerous');
      assert.equal(g.offset, 0);
      assert.equal(g.source, 'GLOBAL');
      assert.equal(g.calls, 1);
      assert.equal(s.protocol, undefined);
    });

    it('follows BINPUT/BINGET to the call of posix.system (protocol 2)', () => {
      const s = scanPickleBuffer(fx.posixSystemP2());
      assert.equal(s.protocol, 2);
      const g = global(s, 'posix.system');
      assert.equal(g.offset, 2);
      assert.equal(g.calls, 1);
      assert.ok(g.callOffsets[0] > g.offset);
    });

    it('resolves STACK_GLOBAL names memoised long before (protocol 4)', () => {
      const s = scanPickleBuffer(fx.subprocessStackGlobalMemoP4());
      assert.equal(s.complete, true, JSON.stringify(s.error));
      const g = global(s, 'subprocess.check_output');
      assert.equal(g.source, 'STACK_GLOBAL');
      assert.equal(g.classification, 'dangerous');
      assert.equal(g.calls, 1);
      assert.equal(g.unresolved, undefined);
    });

    it('reports INST and OBJ as imports and calls', () => {
      const inst = global(scanPickleBuffer(fx.builtinsEvalInstP0()), 'builtins.eval');
      assert.equal(inst.source, 'INST');
      assert.equal(inst.calls, 1);
      assert.match(inst.reason, /evaluates/);
      const obj = global(scanPickleBuffer(fx.builtinsExecObjP1()), 'builtins.exec');
      assert.equal(obj.calls, 1);
    });

    it('finds a call nested in a dict of plausible weights', () => {
      const s = scanPickleBuffer(fx.ntSystemInDictP2());
      assert.deepEqual(names(s, 'dangerous'), ['nt.system']);
      assert.equal(global(s, 'nt.system').calls, 1);
    });

    it('reads a pickle nested in a bytes argument of pickle.loads', () => {
      const s = scanPickleBuffer(fx.nestedLoadsP3());
      assert.deepEqual(names(s, 'dangerous').sort(), ['os.system', 'pickle.loads']);
      const inner = global(s, 'os.system');
      assert.equal(inner.nested?.depth, 1);
      assert.equal(inner.nested?.via, 'pickle.loads');
      assert.equal(inner.offset, inner.nested?.argumentOffset, 'the inner GLOBAL is the first byte of the argument');
      assert.equal(s.nestedPickles, 1);
    });

    it('resolves getattr(__import__("os"), "system")', () => {
      const s = scanPickleBuffer(fx.getattrImportP2());
      const derived = global(s, 'os.system');
      assert.equal(derived.source, 'getattr');
      assert.equal(derived.calls, 1);
      assert.ok(s.globals.some((g) => g.module === 'os' && g.name === '' && g.source === 'import'));
    });

    it('flags a dotted name that walks into os', () => {
      const g = global(scanPickleBuffer(fx.dottedAttributeP4()), 'torch.serialization.os.system');
      assert.equal(g.classification, 'dangerous');
      assert.match(g.reason, /os module/);
    });

    it('marks a STACK_GLOBAL whose name is computed at load time as unresolved and dangerous', () => {
      const b = pickle().proto(4).global('builtins', 'str').str('o').tuple1().reduce().str('system').stackGlobal().stop().bytes();
      const s = scanPickleBuffer(b);
      const g = s.globals.find((x) => x.unresolved);
      assert.ok(g);
      assert.equal(g.classification, 'dangerous');
    });

    it('reports BUILD that rewrites attributes of a global', () => {
      const b = pickle().proto(2).global('torch', 'load').emptyDict().binUnicode('__code__').none().setitem().build().stop().bytes();
      assert.equal(global(scanPickleBuffer(b), 'torch.load').mutated, true);
    });

    it('finds a nested pickle in a protocol 0 escaped STRING and in a large streamed argument', () => {
      const escaped = pickle().global('pickle', 'loads').mark().string0(fx.posixSystemP2().toString('latin1')).tuple().reduce().stop().bytes();
      assert.ok(names(scanPickleBuffer(escaped)).includes('posix.system'));
      const big = Buffer.concat([fx.osSystemP0(), Buffer.alloc(100_000, 0x20)]);
      const streamed = pickle().proto(4).global('_pickle', 'loads').binBytes8(big).tuple1().reduce().stop().bytes();
      const s = scanPickleBuffer(streamed);
      assert.equal(global(s, 'os.system').nested?.via, '_pickle.loads');
    });

    it('reports an embedded complete pickle even when no loader is visible', () => {
      const b = pickle().proto(3).global('mylib.state', 'Restorer').binBytes(fx.osSystemP0()).tuple1().reduce().stop().bytes();
      const g = global(scanPickleBuffer(b), 'os.system');
      assert.equal(g.nested?.via, undefined);
    });

    it('skips joblib array bytes and keeps reading after them', () => {
      const s = scanPickleBuffer(fx.joblibMalicious(), { joblib: true });
      assert.equal(s.complete, true, JSON.stringify(s.error));
      assert.equal(s.skippedArrays, 1);
      assert.deepEqual(names(s, 'dangerous'), ['subprocess.Popen']);
      const plain = scanPickleBuffer(fx.joblibMalicious());
      assert.equal(plain.complete, false, 'without joblib awareness the array bytes break the stream');
    });
  });

  describe('benign streams', () => {
    const cases: [string, Buffer, number | undefined][] = [
      ['protocol 0', fx.containersP0(), undefined],
      ['protocol 2', fx.containersP2(), 2],
      ['protocol 4', fx.containersP4(), 4],
      ['protocol 5', fx.containersP5(), 5],
    ];
    for (const [label, bytes, proto] of cases) {
      it(`reads plain containers of ${label} with no globals and no errors`, () => {
        const s = scanPickleBuffer(bytes);
        assert.equal(s.complete, true, JSON.stringify(s.error));
        assert.equal(s.protocol, proto);
        assert.deepEqual(names(s), []);
        assert.equal(s.end, bytes.length);
      });
    }

    it('classifies a PyTorch state dict as safe globals only', () => {
      const s = scanPickleBuffer(fx.torchStateDictPickle());
      assert.equal(s.complete, true, JSON.stringify(s.error));
      assert.deepEqual(names(s, 'dangerous'), []);
      assert.deepEqual(names(s, 'unknown'), []);
      assert.deepEqual(names(s).sort(), ['collections.OrderedDict', 'torch.FloatStorage', 'torch._utils._rebuild_tensor_v2']);
    });

    it('does not report dict keys or long strings as nested pickles', () => {
      const b = pickle()
        .proto(2)
        .emptyDict()
        .binUnicode('conv1.weight')
        .binUnicode('c' + 'x\n'.repeat(50))
        .setitem()
        .stop()
        .bytes();
      const s = scanPickleBuffer(b);
      assert.deepEqual(names(s), []);
      assert.equal(s.nestedPickles, 0);
    });
  });

  describe('malformed input', () => {
    it('returns what it found before a truncation, with the error', () => {
      const s = scanPickleBuffer(fx.posixSystemP2().subarray(0, 20));
      assert.equal(s.complete, false);
      assert.match(s.error?.message ?? '', /truncated/);
      assert.ok(names(s).includes('posix.system'));
    });

    it('stops at an invalid opcode and says where', () => {
      const b = Buffer.concat([pickle().proto(2).global('os', 'system').bytes(), Buffer.from([0xff]), pickle().global('subprocess', 'call').bytes()]);
      const s = scanPickleBuffer(b);
      assert.equal(s.complete, false);
      assert.equal(s.error?.span?.start, 13);
      assert.match(s.error?.message ?? '', /invalid opcode 0xff/);
    });

    it('keeps going after a stack underflow or a missing memo key, reporting later globals', () => {
      const b = pickle().proto(2).reduce().binget(9).pop().global('socket', 'socket').emptyTuple().reduce().stop().bytes();
      const s = scanPickleBuffer(b);
      assert.equal(s.complete, false);
      assert.ok(s.errorCount >= 2);
      assert.ok(names(s).includes('socket.socket'));
    });

    it('rejects an unsupported protocol and negative lengths without throwing', () => {
      assert.match(scanPickleBuffer(Buffer.from([0x80, 9])).error?.message ?? '', /unsupported pickle protocol: 9/);
      assert.match(scanPickleBuffer(Buffer.from([0x54, 0xff, 0xff, 0xff, 0xff])).error?.message ?? '', /negative/);
      assert.equal(scanPickleBuffer(Buffer.alloc(0)).complete, false);
    });

    it('gives the same result whatever the chunk size', () => {
      const streams = [fx.joblibMalicious(), fx.containersP0(), fx.containersP5(), fx.nestedLoadsP3(), fx.subprocessStackGlobalMemoP4(), fx.builtinsEvalInstP0()];
      for (const bytes of streams) {
        const whole = scanPickleBuffer(bytes, { joblib: true });
        assert.equal(whole.complete, true, JSON.stringify(whole.error));
        for (const size of [1, 3, 7, 64]) {
          const p = new PushParser(pickleParser({ joblib: true }));
          for (let k = 0; k < bytes.length; k += size) p.write(bytes.subarray(k, k + size));
          const s = p.end();
          assert.deepEqual(names(s), names(whole));
          assert.deepEqual(
            s.globals.map((g) => g.offset),
            whole.globals.map((g) => g.offset),
          );
          assert.equal(s.complete, true, `chunks of ${size}: ${JSON.stringify(s.error)}`);
          assert.equal(s.opcodes, whole.opcodes);
        }
      }
    });
  });

  describe('global classification', () => {
    it('classifies well-known globals', () => {
      const table: [string, string, string][] = [
        ['os', 'system', 'dangerous'],
        ['posix', 'system', 'dangerous'],
        ['subprocess', 'Popen', 'dangerous'],
        ['builtins', 'getattr', 'dangerous'],
        ['__builtin__', 'eval', 'dangerous'],
        ['runpy', 'run_path', 'dangerous'],
        ['socket', 'create_connection', 'dangerous'],
        ['webbrowser', 'open', 'dangerous'],
        ['asyncio.subprocess', 'create_subprocess_shell', 'dangerous'],
        ['types', 'CodeType', 'dangerous'],
        ['numpy.testing._private.utils', 'runstring', 'dangerous'],
        ['collections', 'OrderedDict', 'safe'],
        ['torch._utils', '_rebuild_tensor_v2', 'safe'],
        ['numpy.core.multiarray', '_reconstruct', 'safe'],
        ['numpy', 'dtype', 'safe'],
        ['sklearn.linear_model._logistic', 'LogisticRegression', 'safe'],
        ['builtins', 'set', 'safe'],
        ['sklearn.utils._testing', 'assert_run_python_script', 'dangerous'],
        ['mycompany.models', 'Net', 'unknown'],
        ['builtins', 'type', 'unknown'],
        ['torch.nn.modules.linear', 'Linear.__init__.__globals__', 'dangerous'],
      ];
      for (const [m, n, want] of table) assert.equal(classifyGlobal(m, n).class, want, `${m}.${n}`);
    });
  });
});
