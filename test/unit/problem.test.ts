// Unit tests of the one problem shape's conversions: where a problem stands as lines and
// characters, configuration errors at their offsets, coded messages, and how the JSON report
// writes problems with and without a place.

import * as assert from 'node:assert/strict';
import { configProblem, parseConfig } from '../../src/core/config';
import { DocumentIndex } from '../../src/core/document';
import { emptyFacts } from '../../src/core/facts/model';
import { codedMessage, type Problem } from '../../src/core/model';
import { toJsonReport } from '../../src/core/report/json';
import { toScanReport } from '../../src/core/report/scan-report';
import { SourceFile } from '../../src/core/source';

describe('Problem', () => {
  const file = new SourceFile('.mlsec.yaml', 'rules:\n  nope/rule: off\r\nignore: []\n');

  describe('SourceFile.rangeOfProblem', () => {
    it('maps a span of offsets to lines and characters across line breaks', () => {
      assert.deepEqual(file.rangeOfProblem({ span: { start: 9, end: 18 } }), { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
      assert.deepEqual(file.rangeOfProblem({ span: { start: 25 } }), { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, 'a span without an end is a point');
    });

    it('prefers the problem’s own range, then its loc, then its span', () => {
      const range = { start: { line: 7, character: 1 }, end: { line: 7, character: 2 } };
      const loc = { file: '.mlsec.yaml', start: 0, end: 5 };
      assert.deepEqual(file.rangeOfProblem({ range, loc, span: { start: 9 } }), range);
      assert.deepEqual(file.rangeOfProblem({ loc, span: { start: 9 } }), { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
    });

    it('clamps offsets past the end of the text and has no range without a place', () => {
      assert.deepEqual(file.rangeOfProblem({ span: { start: 1000, end: 2000 } }), { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } });
      assert.equal(file.rangeOfProblem({}), undefined);
    });
  });

  describe('configuration errors', () => {
    it('are errors at the span of the offending key', () => {
      const text = 'rules:\n  nope/rule: off\n';
      const [e, ...more] = parseConfig(text, new Set()).errors;
      assert.equal(more.length, 0);
      assert.equal(e.level, 'error');
      assert.equal(text.slice(e.span?.start, e.span?.end), 'nope/rule');
      assert.deepEqual(new SourceFile('.mlsec.yaml', text).rangeOfProblem(e), { start: { line: 1, character: 2 }, end: { line: 1, character: 11 } });
    });

    it('carry no span when the problem is at no node', () => {
      assert.deepEqual(configProblem('cannot be read'), { level: 'error', message: 'cannot be read' });
      assert.deepEqual(configProblem('bad', { start: 1, end: 2 }), { level: 'error', message: 'bad', span: { start: 1, end: 2 } });
    });
  });

  it('leads a message with its code when it has one', () => {
    assert.equal(codedMessage({ code: 'FILE_EXTRA', message: 'x.bin is not in the signed manifest' }), 'FILE_EXTRA: x.bin is not in the signed manifest');
    assert.equal(codedMessage({ message: 'no code' }), 'no code');
  });

  describe('in the JSON report', () => {
    const src = new SourceFile('Dockerfile', 'FROM a\nRUN b\n');
    const json = (notes: Problem[]) =>
      JSON.stringify(
        toJsonReport(
          toScanReport(
            { findings: [], suppressed: [], notes, files: ['Dockerfile'], index: new DocumentIndex([{ file: src, format: 'dockerfile', facts: emptyFacts(), notes: [] }]) },
            { tool: { name: 'mlsec', version: '0' }, root: '/r', rules: [] },
          ),
        ).notes,
      );

    it('writes file, level, message and one location, in that order', () => {
      const out = json([{ file: 'Dockerfile', level: 'warning', message: 'odd', loc: src.loc(7, 12) }]);
      assert.equal(
        out,
        JSON.stringify([
          {
            file: 'Dockerfile',
            level: 'warning',
            message: 'odd',
            location: {
              file: 'Dockerfile',
              line: 2,
              column: 1,
              endLine: 2,
              endColumn: 6,
              range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
              offset: { start: 7, end: 12 },
            },
          },
        ]),
      );
    });

    it('writes a problem about no file without a file, sorted first', () => {
      const out = json([
        { file: 'Dockerfile', level: 'info', message: 'skipped' },
        { level: 'error', message: 'the walk stopped' },
      ]);
      assert.equal(
        out,
        JSON.stringify([
          { level: 'error', message: 'the walk stopped' },
          { file: 'Dockerfile', level: 'info', message: 'skipped' },
        ]),
      );
    });
  });
});
