// "Fix all" in the editor: passes until the fixed point, one edit for the whole change, the
// pass bound, and the single-span edit it sends.

import * as assert from 'node:assert/strict';
import type { Finding, Fix } from '../../src/core/model';
import { applyEdits, MAX_FIX_PASSES, spanEdit } from '../../src/core/fixes';
import { settleSafeFixes } from '../../src/server/fix-all';

/** A toy analysis: every `a` is a finding whose safe fix turns it into `b`, and every `b` into `c`. */
function analyse(text: string): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== 'a' && ch !== 'b') continue;
    const fix: Fix = { title: `${ch} to next`, kind: 'safe', edits: [{ file: 'f', start: i, end: i + 1, newText: ch === 'a' ? 'b' : 'c' }] };
    out.push({
      ruleId: 't/x',
      severity: 'low',
      message: ch,
      loc: { file: 'f', start: i, end: i + 1 },
      range: { start: { line: 0, character: i }, end: { line: 0, character: i + 1 } },
      related: [],
      fixes: [fix],
      taxonomy: { stride: [], atlas: [], owasp: [] },
    });
  }
  return out;
}

describe('editor fix all', () => {
  it('repeats passes until no safe fix is left, as one edit', async () => {
    const text = 'x a y a z';
    let calls = 0;
    const r = await settleSafeFixes('f', text, analyse(text), async (t) => {
      calls++;
      return analyse(t);
    });
    assert.equal(r.passes, 2, 'a→b, then b→c');
    assert.equal(calls, 2);
    assert.ok(r.settled);
    assert.equal(applyEdits(text, [r.edit!]), 'x c y c z');
    assert.deepEqual({ start: r.edit!.start, end: r.edit!.end }, { start: 2, end: 7 }, 'the edit spans only what changed');
  });

  it('changes nothing where there is nothing to fix, and ignores review fixes and other files', async () => {
    assert.equal((await settleSafeFixes('f', 'xyz', [], async () => [])).edit, undefined);
    const other = analyse('a').map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, file: 'g' })) })) }));
    const review = analyse('a').map((f) => ({ ...f, fixes: f.fixes.map((x) => ({ ...x, kind: 'review' as const })) }));
    assert.equal((await settleSafeFixes('f', 'a', [...other, ...review], async () => [])).edit, undefined);
  });

  it('stops at the pass bound when fixes never settle, and says so', async () => {
    // Each pass re-reports a fix that appends another character.
    const grow = (t: string): Finding[] => [{ ...analyse('a')[0], fixes: [{ title: 'grow', kind: 'safe', edits: [{ file: 'f', start: t.length, end: t.length, newText: '!' }] }] }];
    const r = await settleSafeFixes('f', 'a', grow('a'), async (t) => grow(t));
    assert.equal(r.passes, MAX_FIX_PASSES);
    assert.equal(r.settled, false);
    assert.equal(applyEdits('a', [r.edit!]), `a${'!'.repeat(MAX_FIX_PASSES)}`);
  });

  it('stops when the document can no longer be analysed', async () => {
    const r = await settleSafeFixes('f', 'a', analyse('a'), async () => undefined);
    assert.equal(r.passes, 1);
    assert.equal(applyEdits('a', [r.edit!]), 'b');
  });

  it('makes one span edit between two texts', () => {
    for (const [a, b] of [
      ['abc', 'abc'],
      ['abc', 'abXc'],
      ['abc', ''],
      ['', 'x'],
      ['aaa', 'aa'],
      ['FROM x:latest\n', 'FROM x:1.0\n'],
    ]) {
      assert.equal(applyEdits(a, [spanEdit(a, b)]), b, `${a} → ${b}`);
    }
    assert.deepEqual(spanEdit('abc', 'abc'), { start: 3, end: 3, newText: '' });
  });
});
