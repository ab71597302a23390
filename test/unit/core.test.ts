// Unit tests of the core's plain helpers: line index, edits, configuration and suppressions.

import * as assert from 'node:assert/strict';
import { SourceFile } from '../../src/core/source';
import { applyEdits, nonOverlapping } from '../../src/core/fixes';
import { parseConfig, parseSize } from '../../src/core/config';
import { parseSuppressions, isSuppressed, isPlaceholderReason } from '../../src/core/suppressions';
import { REASON_PLACEHOLDER } from '../../src/core/suppression-edits';

describe('SourceFile', () => {
  it('maps offsets to positions across LF, CRLF and CR line breaks', () => {
    const f = new SourceFile('a', 'ab\ncd\r\nef\rg');
    assert.deepEqual(f.positionAt(0), { line: 0, character: 0 });
    assert.deepEqual(f.positionAt(4), { line: 1, character: 1 });
    assert.deepEqual(f.positionAt(7), { line: 2, character: 0 });
    assert.deepEqual(f.positionAt(10), { line: 3, character: 0 });
    assert.equal(f.offsetAt({ line: 2, character: 1 }), 8);
    assert.equal(f.lineText(1), 'cd');
  });
});

describe('applyEdits', () => {
  it('applies edits in offset order and rejects overlaps', () => {
    assert.equal(
      applyEdits('hello world', [
        { start: 6, end: 11, newText: 'there' },
        { start: 0, end: 0, newText: '> ' },
      ]),
      '> hello there',
    );
    assert.throws(
      () =>
        applyEdits('abc', [
          { start: 0, end: 2, newText: 'x' },
          { start: 1, end: 3, newText: 'y' },
        ]),
      /overlapping/,
    );
  });

  it('keeps only fixes whose edits do not clash', () => {
    const fx = (s: number, e: number) => ({ title: 't', kind: 'safe' as const, edits: [{ file: 'f', start: s, end: e, newText: '' }] });
    assert.equal(nonOverlapping([fx(0, 3), fx(2, 4), fx(4, 5)]).length, 2);
  });
});

describe('config', () => {
  const known = new Set(['supply-chain/unpinned-image']);

  it('accepts rule settings in every form and sizes with units', () => {
    const { config, errors } = parseConfig('rules:\n  supply-chain/unpinned-image: high\nignore: ["vendor/**"]\nmaxFileSize: 2MiB\n', known);
    assert.deepEqual(errors, []);
    assert.equal(config.rules['supply-chain/unpinned-image'].severity, 'high');
    assert.deepEqual(config.ignore, ['vendor/**']);
    assert.equal(config.maxFileSize, 2 * 1024 * 1024);
    assert.equal(parseSize('1.5KB'), 1500);
  });

  it('reports an unknown key and an unknown rule id with their location', () => {
    const text = 'rulez: {}\n';
    const r1 = parseConfig(text, known);
    assert.equal(r1.errors.length, 1);
    assert.match(r1.errors[0].message, /unknown key "rulez"/);
    assert.equal(r1.errors[0].span?.start, 0);
    const r2 = parseConfig('rules:\n  nope/rule: off\n', known);
    assert.match(r2.errors[0].message, /unknown rule id "nope\/rule"/);
    assert.equal(r2.errors[0].span?.start, 9);
  });

  it('refuses a YAML alias bomb with an error instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    const r = parseConfig(bomb.join('\n') + '\n', known);
    assert.equal(r.errors.length, 1);
    assert.match(r.errors[0].message, /alias/i);
  });

  it('reports an invalid severity value', () => {
    const r = parseConfig('rules:\n  supply-chain/unpinned-image: severe\n', known);
    assert.ok(r.errors.length > 0);
  });
});

describe('suppressions', () => {
  const known = (id: string) => id === 'a/b' || id === 'c/d';

  it('covers the next line for a comment alone and its own line for a trailing one', () => {
    const f = new SourceFile('Dockerfile', '# mlsec-ignore: a/b -- vetted\nFROM x\nRUN y # mlsec-ignore: c/d, a/b -- fine\n');
    const s = parseSuppressions(f, known);
    assert.deepEqual(s.problems, []);
    assert.ok(isSuppressed(s, 'a/b', 1));
    assert.ok(!isSuppressed(s, 'c/d', 1));
    assert.ok(isSuppressed(s, 'c/d', 2));
  });

  it('reports a missing reason and an unknown id', () => {
    const f = new SourceFile('Dockerfile', 'FROM x # mlsec-ignore: a/b\n# mlsec-ignore-file: z/z -- why\n');
    const s = parseSuppressions(f, known);
    assert.equal(s.problems.length, 2);
    assert.match(s.problems[0].message, /no reason/);
    assert.match(s.problems[1].message, /unknown rule "z\/z"/);
    assert.ok(s.items[1].fileWide);
  });

  it('reports a reason that is still the placeholder the quick fix inserts, and accepts a real one', () => {
    for (const placeholder of ['reason', 'Reason', '<reason>', 'TODO']) {
      const s = parseSuppressions(new SourceFile('Dockerfile', `FROM x # mlsec-ignore: a/b -- ${placeholder}\n`), known);
      assert.equal(s.problems.length, 1, placeholder);
      assert.match(s.problems[0].message, /still the placeholder/);
    }
    assert.deepEqual(parseSuppressions(new SourceFile('Dockerfile', 'FROM x # mlsec-ignore: a/b -- reason: base image is distroless\n'), known).problems, []);
  });

  it('inserts exactly the reason it then rejects until it is replaced', () => {
    assert.ok(isPlaceholderReason(REASON_PLACEHOLDER));
  });
});
