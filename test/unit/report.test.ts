// Unit tests of the report renderers: source excerpts and underlines in the text report, and the
// taxonomy and suppression sections of generated rule pages.

import * as assert from 'node:assert/strict';
import { DocumentIndex } from '../../src/core/document';
import { emptyFacts } from '../../src/core/facts/model';
import type { Finding, RuleMeta } from '../../src/core/model';
import { renderRuleDoc, renderRulesIndex } from '../../src/core/report/rule-docs';
import { toScanReport } from '../../src/core/report/scan-report';
import { formatText, sanitizeForTerminal } from '../../src/core/report/text';
import { SourceFile } from '../../src/core/source';

function textOf(path: string, text: string, spans: [number, number][]): string {
  const file = new SourceFile(path, text);
  const index = new DocumentIndex([{ file, format: 'dockerfile', facts: emptyFacts(), notes: [] }]);
  const findings: Finding[] = spans.map(([start, end]) => ({
    ruleId: 'a/b',
    severity: 'medium',
    message: 'm',
    loc: file.loc(start, end),
    range: file.rangeOf({ start, end }),
    related: [],
    fixes: [],
    taxonomy: { stride: [], atlas: [], owasp: [] },
  }));
  const report = toScanReport({ findings, suppressed: [], notes: [], files: [path], index }, { tool: { name: 'mlsec', version: '0' }, root: '/r', rules: [] });
  return formatText(report, { color: false, quiet: true });
}

const META: RuleMeta = {
  id: 'model/pickle-format',
  title: 'Model stored as a pickle',
  description: 'A model in a pickle-based format.',
  explanation: 'Loading a pickle runs code.',
  formats: ['model'],
  severity: 'info',
  fixes: ['guided'],
  stride: ['T', 'E'],
  atlas: ['T0011.000'],
  owasp: ['ML06', 'ML10'],
  references: ['https://docs.python.org/3/library/pickle.html'],
  equivalents: ['picklescan'],
};

describe('text report', () => {
  it('underlines the span under the source line, keeping tabs aligned', () => {
    const out = textOf('Dockerfile', 'RUN\tcurl -k x\n', [[10, 12]]);
    assert.equal(out, 'Dockerfile\nDockerfile:1:11  medium  m  [a/b]\n  1 | RUN\tcurl -k x\n    |    \t      ^^\n');
  });

  it('underlines a span over several lines to the end of its first line', () => {
    const out = textOf('f', 'ab\ncdef\ngh\n', [[4, 9]]);
    assert.match(out, /\n {2}2 \| cdef\n {4}\| {2}\^\^\^\n$/);
  });

  it('shows a window of a very long line around the span', () => {
    const long = 'x'.repeat(5000) + 'NEEDLE' + 'y'.repeat(5000);
    const out = textOf('f', long, [[5000, 5006]]);
    const [, , source, carets] = out.split('\n');
    assert.ok(source.length < 200, 'the excerpt is cut');
    assert.ok(source.includes('NEEDLE'));
    assert.equal(carets.indexOf('^'), source.indexOf('NEEDLE'));
  });

  it('replaces terminal control and bidirectional characters', () => {
    assert.equal(sanitizeForTerminal('a\u001b[31mb\u202ec\td'), 'a\ufffd[31mb\ufffdc\td');
  });
});

describe('rule pages', () => {
  it('names the taxonomy entries and links them', () => {
    const page = renderRuleDoc(META);
    assert.match(page, /\| STRIDE \| T \(Tampering\), E \(Elevation of privilege\) \|/);
    assert.match(page, /\[AML\.T0011\.000\]\(https:\/\/atlas\.mitre\.org\/techniques\/AML\.T0011\.000\) User Execution: Unsafe AI Artifacts/);
    assert.match(page, /ML06\]\([^)]+\) AI Supply Chain Attacks, \[ML10\]\([^)]+\) Model Poisoning/);
    assert.match(page, /## Equivalent checks\n\n- picklescan\n/);
    assert.match(page, /## References\n\n- <https:\/\/docs\.python\.org\/3\/library\/pickle\.html>\n/);
  });

  it('suppresses model-only rules in .mlsec.yaml, since model files hold no comments', () => {
    const page = renderRuleDoc(META);
    assert.doesNotMatch(page, /mlsec-ignore/);
    assert.match(page, /```yaml\nrules:\n {2}model\/pickle-format: off\n```/);
    const text = renderRuleDoc({ ...META, formats: ['dockerfile'], example: { language: 'dockerfile', bad: 'a', good: 'b' } });
    assert.match(text, /```dockerfile\n# mlsec-ignore: model\/pickle-format -- <why this is acceptable here>\n```/);
  });

  it('keeps example code containing backticks inside its fence', () => {
    const page = renderRuleDoc({ ...META, example: { language: 'sh', bad: 'echo ```', good: 'echo ok' } });
    assert.match(page, /````sh\necho ```\n````/);
  });

  it('indexes rules by concern with links to their pages', () => {
    const index = renderRulesIndex([META, { ...META, id: 'container/privileged', title: 'Privileged | container' }]);
    assert.ok(index.indexOf('## container') < index.indexOf('## model'));
    assert.match(index, /\| \[container\/privileged\]\(container\/privileged\.md\) \| Privileged \\\| container \|/);
  });
});
