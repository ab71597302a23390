// The finding hover: severity word, why, fix, taxonomy tags and the rule page link; nothing for
// a position outside every finding; repository text escaped.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MarkupContent } from 'vscode-languageserver';
import type { Finding, RuleMeta } from '../../src/core/model';
import { ruleDocsUrl } from '../../src/core/report/links';
import { escapeMarkdown, hoverFor } from '../../src/server/hover';
import { findDocsRoot, ruleLinker } from '../../src/server/docs-links';

function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'container/runs-as-root',
    severity: 'high',
    message: 'The container runs as root',
    loc: { file: 'Dockerfile', start: 0, end: 4 },
    range: { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } },
    related: [],
    fixes: [{ title: 'Add a USER line', kind: 'safe', edits: [{ file: 'Dockerfile', start: 0, end: 0, newText: 'USER app\n' }] }],
    taxonomy: { stride: ['E'], atlas: ['AML.T0011'], owasp: ['ML06'] },
    ...over,
  };
}

const META = { id: 'container/runs-as-root', title: 'Container runs as root', explanation: 'A process that escapes runs as root on the node. It can then do more.' } as RuleMeta;
const text = (h: ReturnType<typeof hoverFor>) => (h?.contents as MarkupContent).value;

describe('finding hover', () => {
  const link = (id: string) => `file:///ext/docs/rules/${id}.md`;

  it('shows the severity word, the message, why, the fix, the tags and the link', () => {
    const h = hoverFor([finding()], { line: 1, character: 3 }, () => META, link);
    const md = text(h);
    assert.match(md, /^\*\*High\*\* · `container\/runs-as-root` — Container runs as root/);
    assert.match(md, /\*\*Why:\*\* A process that escapes runs as root on the node\./);
    assert.doesNotMatch(md, /It can then do more/, 'only the first sentence of the explanation');
    assert.match(md, /\*\*Fix:\*\* Add a USER line \(quick fix\)/);
    assert.match(md, /`ATLAS AML\.T0011[^`]*` · `OWASP ML06[^`]*` · `STRIDE Elevation of privilege`/);
    assert.match(md, /\[Rule documentation\]\(file:\/\/\/ext\/docs\/rules\/container\/runs-as-root\.md\)/);
  });

  it('says when no fix edits the file', () => {
    assert.match(text(hoverFor([finding({ fixes: [] })], { line: 1, character: 0 }, () => META, link)), /\*\*Fix:\*\* none automatic/);
    const guided = finding({ fixes: [{ title: 'Pin the image by digest', kind: 'guided', edits: [] }] });
    assert.match(text(hoverFor([guided], { line: 1, character: 0 }, () => META, link)), /\*\*Fix:\*\* Pin the image by digest \(see the rule page\)/);
  });

  it('lists every finding at the position, most severe first, and none outside', () => {
    const low = finding({ ruleId: 'a/low', severity: 'low' });
    const crit = finding({ ruleId: 'b/crit', severity: 'critical' });
    const md = text(hoverFor([low, crit], { line: 1, character: 9 }, () => undefined, link));
    assert.ok(md.indexOf('`b/crit`') < md.indexOf('`a/low`'), 'critical before low');
    assert.match(md, /\n---\n/);
    assert.equal(
      hoverFor([low, crit], { line: 2, character: 0 }, () => undefined, link),
      null,
    );
    assert.equal(
      hoverFor([low], { line: 1, character: 10 }, () => undefined, link),
      null,
    );
  });

  it('escapes repository text so a message cannot add links or markup', () => {
    const md = text(hoverFor([finding({ message: 'image [x](http://evil) `y` <b>' })], { line: 1, character: 0 }, () => META, link));
    assert.ok(!md.includes('[x](http://evil)'));
    assert.equal(escapeMarkdown('[a](b) *c* <d>'), '\\[a\\](b) \\*c\\* \\<d\\>');
  });
});

describe('rule page links', () => {
  it('point at the bundled page when the docs ship beside the server, else at the web page', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-docs-'));
    try {
      fs.mkdirSync(path.join(root, 'docs/rules/container'), { recursive: true });
      fs.mkdirSync(path.join(root, 'dist'));
      fs.writeFileSync(path.join(root, 'docs/rules/container/runs-as-root.md'), '# runs-as-root\n');
      assert.equal(findDocsRoot(path.join(root, 'dist')), root);
      const link = ruleLinker(root);
      assert.equal(link('container/runs-as-root'), pathToFileURL(path.join(root, 'docs/rules/container/runs-as-root.md')).href);
      assert.equal(link('secrets/none-such'), ruleDocsUrl('secrets/none-such'));
      assert.equal(ruleLinker(undefined)('container/runs-as-root'), ruleDocsUrl('container/runs-as-root'));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
