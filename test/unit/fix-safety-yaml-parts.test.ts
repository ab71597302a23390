// Fix safety judges an edit inside one document of a multi-document YAML stream by parsing that
// document alone. Seeded random edits over a stream (quotes, brackets, colons, indentation, line
// breaks, appended keys, deletions, markers) must get the verdict the whole-stream parse gives.

import * as assert from 'node:assert/strict';
import { DocumentIndex } from '../../src/core/document';
import { fixRefusal, syntaxRegression } from '../../src/core/fix-safety';
import { applyEdits } from '../../src/core/fixes';
import type { TextEdit } from '../../src/core/model';
import { SourceFile } from '../../src/core/source';

const STREAM = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: scorer, labels: {app: scorer}}',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: scorer',
  '          image: "ghcr.io/acme/scorer:1.2"',
  '          args: [--port, "8080"]',
  '          env:',
  '            - name: NOTE',
  '              value: |',
  '                first line',
  '                second line',
  '---',
  'apiVersion: v1',
  'kind: Service',
  'metadata:',
  '  name: scorer',
  'spec:',
  '  ports: [{port: 80, targetPort: 8080}]',
  '...',
  '---',
  '# a comment-only part',
  '--- &doc',
  'kind: ConfigMap',
  'data:',
  "  key: 'quoted value'",
  '',
].join('\n');

const PIECES = [
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ':',
  ': ',
  ' ',
  '\n',
  '\n  ',
  '\n    - x',
  '\n          resources: {limits: {cpu: "1"}}',
  '\n  replicas: 2',
  '\n                third line',
  '#',
  '- ',
  'a',
  '---',
  '...',
  '&a ',
  '*a',
  '|',
  '\t',
  '',
];

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

describe('fix safety on a part of a YAML stream', () => {
  it('gives every seeded edit the verdict the whole-stream parse gives', async () => {
    const source = new SourceFile('deploy/app.yaml', STREAM);
    const index = new DocumentIndex();
    index.add({ file: source, format: 'kubernetes', facts: undefined as never, notes: [] });
    let refused = 0;
    for (let seed = 1; seed <= 1000; seed++) {
      const next = random(seed);
      const count = 1 + Math.floor(next() * 2);
      const edits: TextEdit[] = [];
      let pos = 0;
      for (let k = 0; k < count && pos < STREAM.length; k++) {
        const start = pos + Math.floor(next() * Math.min(80, STREAM.length - pos));
        const end = Math.min(STREAM.length, start + Math.floor(next() * 4));
        edits.push({ file: source.path, start, end, newText: PIECES[Math.floor(next() * PIECES.length)] });
        pos = end + 1;
      }
      const whole = syntaxRegression(source.path, STREAM, applyEdits(STREAM, edits));
      const got = await fixRefusal({ title: 't', kind: 'safe', edits }, index, undefined, new Map());
      assert.equal(got, whole === undefined ? undefined : `in ${source.path}, ${whole}`, `seed ${seed}: ${JSON.stringify(edits)}`);
      if (whole) refused++;
    }
    // The seeds reach both verdicts, so the comparison means something.
    assert.ok(refused > 80 && refused < 920, `${refused} of 1000 refused`);
  });
});
