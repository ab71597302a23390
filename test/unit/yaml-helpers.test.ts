// Unit tests of the shared YAML helpers: scalar offset maps, alias budgets, relaxed indentation and edits.

import * as assert from 'node:assert/strict';
import { isScalar } from 'yaml';
import { removePair, removeSeqItem } from '../../src/core/formats/yaml/edit';
import { parseYaml } from '../../src/core/formats/yaml/parse';
import { scalarContent } from '../../src/core/formats/yaml/scalar';
import { AliasLimitError } from '../../src/core/formats/yaml/nodes';
import { readManifests } from '../../src/core/formats/k8s/reader';
import { applyEdits } from '../../src/core/fixes';
import { SourceFile } from '../../src/core/source';

function scalarOf(text: string) {
  const { docs } = parseYaml(new SourceFile('f.yaml', text));
  const v = docs[0].get(docs[0].root, 'v');
  assert.ok(isScalar(v));
  return scalarContent(text, v);
}

describe('YAML scalar offsets', () => {
  const cases: [string, string][] = [
    ['plain', 'v: curl -k https://x\n'],
    ['single-quoted', "v: 'it''s curl -k https://x'\n"],
    ['double-quoted with escapes and folding', 'v: "a\\tb \\"q\\"\n  curl -k\\\n  \\ https://x"\n'],
    ['literal block', 'v: |\n  set -e\n  curl -k https://x\n'],
    ['folded block', 'v: >-\n  curl\n  -k https://x\n\n  next\n'],
  ];
  for (const [name, text] of cases) {
    it(`maps every character of a ${name} scalar back to its text`, () => {
      const c = scalarOf(text);
      assert.ok(c.exact, 'decoded value equals the parser value');
      const k = c.value.indexOf('-k');
      assert.equal(text.slice(c.offsets[k], c.offsets[k] + 2), '-k');
    });
  }
});

describe('YAML alias budget', () => {
  it('stops a merge-key alias bomb with a note instead of expanding it', () => {
    // Each level merges nine copies of the previous one: looking up a missing key would visit 9^12 mappings.
    const levels = ['a0: &a0 {x: 1}'];
    for (let i = 1; i <= 12; i++)
      levels.push(
        `a${i}: &a${i} {<<: [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]}`,
      );
    const text = `${levels.join('\n')}\napiVersion: v1\nkind: Pod\nmetadata: {name: bomb}\nspec:\n  <<: *a12\n  containers:\n  - name: app\n    image: app:1.0\n`;
    const docs = readManifests(new SourceFile('bomb.yaml', text));
    const notes = docs.flatMap((d) => d.notes);
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /more than 10000 YAML aliases/);
    assert.equal(docs[0].facts.workloads.length, 0, 'the document is not analysed further');
    assert.ok(new AliasLimitError(5).message.includes('5'));
  });
});

describe('YAML relaxed indentation', () => {
  it('reads quoted continuation lines at the parent indentation as Go YAML does, with offsets in the file', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    args: ["\n    curl -k https://x\n    "]\n';
    const docs = readManifests(new SourceFile('p.yaml', text));
    assert.equal(docs.length, 1);
    assert.deepEqual(docs[0].notes, []);
    const tls = docs[0].facts.tlsDisables;
    assert.equal(tls.length, 0, 'args alone are not a shell script');
    assert.equal(text.slice(docs[0].facts.images[0].loc.start, docs[0].facts.images[0].loc.end), 'app:1.0');
  });
});

describe('YAML edits', () => {
  it('removes block and flow sequence items and pairs, keeping the rest', () => {
    const text = 'a:\n- x   # one\n- "y"\n- z\nb: [1, 2, 3]\nc: {insecure: true, bucket: m}\nd:\n  insecure: true\n  bucket: m\n';
    const y = parseYaml(new SourceFile('f.yaml', text)).docs[0];
    const a = y.seq(y.get(y.root, 'a'))!;
    const b = y.seq(y.get(y.root, 'b'))!;
    const c = y.map(y.get(y.root, 'c'))!;
    const d = y.map(y.get(y.root, 'd'))!;
    const edits = [removeSeqItem(y, a, 0)!, removeSeqItem(y, b, 2)!, removePair(y, c, y.pair(c, 'insecure')!)!, removePair(y, d, y.pair(d, 'insecure')!)!];
    assert.equal(applyEdits(text, edits), 'a:\n- "y"\n- z\nb: [1, 2]\nc: {bucket: m}\nd:\n  bucket: m\n');
  });
});
