// Fix safety judges an edit inside one entry of a block mapping by parsing that entry alone.
// Seeded random edits over a one-document pipeline (quotes, brackets, colons, indentation, line
// breaks, block scalars, comments, deletions) must get the verdict the whole-document parse gives.

import * as assert from 'node:assert/strict';
import { DocumentIndex } from '../../src/core/document';
import { fixRefusal, syntaxRegression } from '../../src/core/fix-safety';
import { yamlBlockRegression } from '../../src/core/fix-safety-yaml';
import { applyEdits } from '../../src/core/fixes';
import type { TextEdit } from '../../src/core/model';
import { SourceFile } from '../../src/core/source';

const PIPELINE = [
  '# PIPELINE DEFINITION',
  'components:',
  '  comp-train:',
  '    executorLabel: exec-train',
  '    inputDefinitions:',
  '      parameters:',
  '        lr: {parameterType: NUMBER_DOUBLE}',
  'deploymentSpec:',
  '  executors:',
  '    exec-train:',
  '      container:',
  '        args:',
  '        - --executor_input',
  "        - '{{$}}'",
  '        command:',
  '        - sh',
  '        - -c',
  '        - "pip install pandas && python3 -m train \\"$@\\"\\n"',
  '        image: python:3.11',
  '        env:',
  '        - name: MODE',
  '          value: |',
  '            first line',
  '',
  '            second line',
  '        resources: [cpu, "2"]',
  '  # a comment less indented than the entries around it',
  '    exec-eval:',
  '      container:',
  '        image: "ghcr.io/acme/eval:1.2"',
  'root:',
  '  dag:',
  '    tasks:',
  '      train: {componentRef: {name: comp-train}}',
  'schemaVersion: 2.1.0',
  '',
].join('\n');

const PIECES = ['"', "'", '[', ']', '{', '}', ':', ': ', ' ', '\n', '\n  ', '\n    - x', '\n        y: 1', '#', '- ', 'a', '|', '>', '&a ', '? ', ',', ''];

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

function indexOf(source: SourceFile): DocumentIndex {
  const index = new DocumentIndex();
  index.add({ file: source, format: 'kfp', facts: undefined as never, notes: [] });
  return index;
}

describe('fix safety on an entry of a YAML block mapping', () => {
  it('gives every seeded edit the verdict the whole-document parse gives', async () => {
    const source = new SourceFile('pipelines/train.yaml', PIPELINE);
    const index = indexOf(source);
    let refused = 0;
    let decided = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const next = random(seed);
      const count = 1 + Math.floor(next() * 2);
      const edits: TextEdit[] = [];
      let pos = 0;
      for (let k = 0; k < count && pos < PIPELINE.length; k++) {
        const start = pos + Math.floor(next() * Math.min(160, PIPELINE.length - pos));
        const end = Math.min(PIPELINE.length, start + Math.floor(next() * 4));
        edits.push({ file: source.path, start, end, newText: PIECES[Math.floor(next() * PIECES.length)] });
        pos = end + 1;
      }
      const whole = syntaxRegression(source.path, PIPELINE, applyEdits(PIPELINE, edits));
      const got = await fixRefusal({ title: 't', kind: 'safe', edits }, index, undefined, new Map());
      assert.equal(got, whole === undefined ? undefined : `in ${source.path}, ${whole}`, `seed ${seed}: ${JSON.stringify(edits)}`);
      if (whole) refused++;
      if (yamlBlockRegression(source, edits) !== null) decided++;
    }
    // The seeds reach both verdicts, and most are decided by one entry, so the comparison means something.
    assert.ok(refused > 150 && refused < 1350, `${refused} of 1500 refused`);
    assert.ok(decided > 750, `${decided} of 1500 decided by one entry`);
  });

  it('accepts an image pin and refuses an unterminated quote inside one executor of a large pipeline', async () => {
    const executors = Array.from({ length: 300 }, (_, i) => `    exec-${i}:\n      container:\n        image: python:3.11\n        command: [sh, -c, "python3 -m step_${i}"]\n`).join('');
    const text = `deploymentSpec:\n  executors:\n${executors}schemaVersion: 2.1.0\n`;
    const source = new SourceFile('pipelines/big.yaml', text);
    const index = indexOf(source);
    const at = text.indexOf('python:3.11', text.indexOf('exec-150:'));
    const pin: TextEdit = { file: source.path, start: at, end: at + 'python:3.11'.length, newText: 'python:3.11@sha256:' + 'a'.repeat(64) };
    assert.equal(await fixRefusal({ title: 'pin', kind: 'safe', edits: [pin] }, index, undefined, new Map()), undefined);
    const broken: TextEdit = { ...pin, newText: '"python:3.11' };
    assert.equal(await fixRefusal({ title: 'quote', kind: 'safe', edits: [broken] }, index, undefined, new Map()), `in ${source.path}, the edited file would have a YAML syntax error`);
    assert.equal(syntaxRegression(source.path, text, applyEdits(text, [broken])), 'the edited file would have a YAML syntax error');
  });

  it("judges a key appended to the last mapping of a manifest by that mapping's last entry", async () => {
    const text = [
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: app',
      '          image: ghcr.io/acme/app:1.0',
      '          resources:',
      '            limits: {cpu: "1"}',
      '      volumes:',
      '        - name: cache',
      '          emptyDir: {}',
      '',
    ].join('\n');
    const source = new SourceFile('deploy/app.yaml', text);
    const index = indexOf(source);
    const at = text.indexOf('\n', text.indexOf('limits:'));
    const append = (newText: string): TextEdit => ({ file: source.path, start: at, end: at, newText });
    const harden = append('\n          securityContext:\n            runAsNonRoot: true');
    const broken = append('\n          securityContext: [runAsNonRoot');
    assert.equal(yamlBlockRegression(source, [harden]), undefined);
    assert.equal(yamlBlockRegression(source, [broken]), 'the edited file would have a YAML syntax error');
    for (const edit of [harden, broken]) {
      const whole = syntaxRegression(source.path, text, applyEdits(text, [edit]));
      assert.equal(await fixRefusal({ title: 't', kind: 'safe', edits: [edit] }, index, undefined, new Map()), whole === undefined ? undefined : `in ${source.path}, ${whole}`);
    }
  });
});
