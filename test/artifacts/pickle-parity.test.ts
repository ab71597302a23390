// Scanner parity with the published gadget lists: every gadget is dangerous, FRAME lengths do not
// hide calls, inner pickles written as latin-1 text are found, and known-benign names are safe.

import * as assert from 'node:assert/strict';
import { scanPickleBuffer } from '../../src/core/artifacts/pickle';
import { classifyGlobal } from '../../src/core/artifacts/pickle-globals';
import { GADGETS, gadgetPickle } from '../helpers/gadget-samples';
import * as fx from '../helpers/model-fixtures';
import { pickle } from '../helpers/pickle-writer';

describe('pickle scanner parity', () => {
  for (const [family, gadgets] of Object.entries(GADGETS)) {
    it(`reports the ${family} gadgets as dangerous calls`, () => {
      for (const [module, name] of gadgets) {
        const s = scanPickleBuffer(gadgetPickle(module, name));
        assert.equal(s.complete, true, JSON.stringify(s.error));
        const g = s.globals.find((x) => x.module === module && x.name === name);
        assert.ok(g, `${module}.${name}`);
        assert.equal(g.classification, 'dangerous', `${module}.${name}: ${g.reason}`);
        assert.equal(g.calls, 1);
      }
    });
  }

  it('finds a call in an opcode that a FRAME length splits, as the C unpickler runs it', () => {
    for (const frameLength of [1, 3, 7, 2 ** 20]) {
      const b = pickle().proto(4).frame(frameLength).global('os', 'system').str('id').tuple1().reduce().stop().bytes();
      const s = scanPickleBuffer(b);
      const g = s.globals.find((x) => x.module === 'os' && x.name === 'system');
      assert.equal(g?.calls, 1, `FRAME of ${frameLength}`);
    }
  });

  it('scans an inner pickle written as a latin-1 str for torch.storage._load_from_bytes (protocol 2)', () => {
    const inner = fx.posixSystemP2().toString('latin1');
    const b = pickle().proto(2).global('torch.storage', '_load_from_bytes').global('_codecs', 'encode').binUnicode(inner).str('latin1').tuple2().reduce().tuple1().reduce().stop().bytes();
    assert.equal(Buffer.from(inner, 'utf8')[0], 0xc2, 'the UTF-8 text starts with 0xC2 0x80');
    const s = scanPickleBuffer(b);
    const g = s.globals.find((x) => x.module === 'posix' && x.name === 'system');
    assert.ok(g, s.globals.map((x) => `${x.module}.${x.name}`).join(', '));
    assert.equal(g.nested?.via, 'torch.storage._load_from_bytes');
  });

  it('scans a long inner pickle written as a latin-1 str, streamed', () => {
    const inner = Buffer.concat([fx.osSystemP0(), Buffer.alloc(70_000, 0x20)]).toString('latin1');
    const wrapped = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from(inner, 'latin1')]).toString('latin1');
    const b = pickle().proto(2).global('pickle', 'loads').global('_codecs', 'encode').binUnicode(wrapped).str('latin1').tuple2().reduce().tuple1().reduce().stop().bytes();
    const g = scanPickleBuffer(b).globals.find((x) => x.module === 'os' && x.name === 'system');
    assert.equal(g?.nested?.via, 'pickle.loads');
  });

  it('treats what protocol 2 writes for range and what dill writes for an ndarray as safe', () => {
    assert.equal(classifyGlobal('__builtin__', 'xrange').class, 'safe');
    assert.equal(classifyGlobal('dill._dill', '_create_array').class, 'safe');
    assert.equal(classifyGlobal('dill._dill', 'loads').class, 'dangerous');
    assert.equal(classifyGlobal('logging', 'config.listen').class, 'dangerous', 'a dotted name reaching a listed module');
    assert.equal(classifyGlobal('uuid', 'UUID').class, 'safe');
  });
});
