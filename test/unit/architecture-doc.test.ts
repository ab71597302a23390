// docs/ARCHITECTURE.md is kept in step with the code: its code map names every layer with the
// imports the layer table allows and entry points that exist, and its method list names exactly
// the custom LSP methods the protocol modules declare.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALLOWED, PROTOCOL_MODULES, REPO as ROOT, sourceFiles, type Layer } from '../helpers/source-tree';

const DOC = fs.readFileSync(path.join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');

/** The body of a `## title` section. */
function section(title: string): string {
  const start = DOC.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/ARCHITECTURE.md has a "${title}" section`);
  const end = DOC.indexOf('\n## ', start + 1);
  return DOC.slice(start, end < 0 ? undefined : end);
}

/** The rows of the Markdown tables in a text, cells trimmed, header and rule rows dropped. */
function tableRows(text: string): string[][] {
  const rows = text
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  return rows.filter((r, i) => !r.every((c) => /^-+$/.test(c)) && !rows[i + 1]?.every((c) => /^-+$/.test(c)));
}

const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

describe('docs/ARCHITECTURE.md', () => {
  const rows = new Map(tableRows(section('Code map')).map((r) => [ticked(r[0])[0], r]));

  it('maps every layer, with exactly the imports the layer table allows', () => {
    assert.deepEqual([...rows.keys()].sort(), Object.keys(ALLOWED).sort());
    for (const [layer, rule] of Object.entries(ALLOWED) as [Layer, (typeof ALLOWED)[Layer]][]) {
      assert.deepEqual(ticked(rows.get(layer)![3]).sort(), [...rule.layers].sort(), `the "may import" cell of ${layer}`);
    }
  });

  it('names entry points that are source files', () => {
    const files = new Set(sourceFiles());
    for (const [layer, r] of rows) {
      const entries = ticked(r[2]);
      assert.ok(entries.length > 0, `${layer} names an entry point`);
      for (const f of entries) assert.ok(files.has(f), `${layer}: ${f} is a source file`);
    }
  });

  it('lists exactly the custom LSP methods the protocol modules declare', () => {
    const declared = new Set<string>();
    for (const f of PROTOCOL_MODULES) for (const m of fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/'(mlsec\/[A-Za-z]+)'/g)) declared.add(m[1]);
    const listed = tableRows(section('Language server')).map((r) => ticked(r[0])[0]);
    assert.ok(declared.size >= 9, 'the protocol modules were read');
    assert.deepEqual([...new Set(listed)].sort(), [...declared].sort());
  });
});
