// Fix safety judges an edit inside a Dockerfile by reading the stretch of instructions it touches.
// Seeded random edits (quotes, continuations, heredocs, comments, line breaks, new instructions,
// deletions) must get the verdict the reading of the whole edited file gives.

import * as assert from 'node:assert/strict';
import { DocumentIndex } from '../../src/core/document';
import { fixRefusal, syntaxRegression } from '../../src/core/fix-safety';
import { applyEdits } from '../../src/core/fixes';
import type { TextEdit } from '../../src/core/model';
import { SourceFile } from '../../src/core/source';

const DOCKERFILE = [
  '# syntax=docker/dockerfile:1',
  'FROM python:3.11-slim AS build',
  'ARG TORCH=2.3.0',
  'RUN pip install "torch==${TORCH}" \\',
  '    # the CPU wheels',
  '    --index-url https://download.pytorch.org/whl/cpu',
  'RUN <<EOF',
  "echo 'prepare'",
  'pip install numpy',
  'EOF',
  '',
  'FROM build',
  'COPY --from=build /app /app',
  'ENV MODEL_DIR=/models \\',
  '    LOG_LEVEL=info',
  'RUN curl -fsSL "https://example.com/get.sh" | sh',
  'CMD ["python", "serve.py", "--port", "8080"]',
  '',
].join('\n');

const PIECES = ['"', "'", '\\', '\\\n', '\n', '\nRUN echo "x', '\nFROM scratch\n', '<<EOF\n', 'EOF', '#', '# c\n', '$(', ')', '`', ' ', '==1.0', 'a', '\t', ''];

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) >>> 0;
    return x / 2 ** 32;
  };
}

describe('fix safety on a stretch of a Dockerfile', () => {
  it('gives every seeded edit the verdict the whole-file reading gives', async () => {
    let refused = 0;
    for (let seed = 1; seed <= 800; seed++) {
      // A fresh source each time, so no verdict or stretch reading is carried from an earlier seed.
      const source = new SourceFile('svc/Dockerfile', DOCKERFILE);
      const index = new DocumentIndex();
      index.add({ file: source, format: 'dockerfile', facts: undefined as never, notes: [] });
      const next = random(seed);
      const count = 1 + Math.floor(next() * 2);
      const edits: TextEdit[] = [];
      let pos = 0;
      for (let k = 0; k < count && pos < DOCKERFILE.length; k++) {
        const start = pos + Math.floor(next() * Math.min(160, DOCKERFILE.length - pos));
        const end = Math.min(DOCKERFILE.length, start + Math.floor(next() * 5));
        edits.push({ file: source.path, start, end, newText: PIECES[Math.floor(next() * PIECES.length)] });
        pos = end + 1;
      }
      const whole = syntaxRegression(source.path, DOCKERFILE, applyEdits(DOCKERFILE, edits));
      const got = await fixRefusal({ title: 't', kind: 'safe', edits }, index, undefined, new Map());
      assert.equal(got, whole === undefined ? undefined : `in ${source.path}, ${whole}`, `seed ${seed}: ${JSON.stringify(edits)}`);
      if (whole) refused++;
    }
    // The seeds reach both verdicts, so the comparison means something.
    assert.ok(refused > 40 && refused < 760, `${refused} of 800 refused`);
  });

  it('accepts a pin inside one instruction of a file with many, and refuses an unterminated quote', async () => {
    const source = new SourceFile('svc/Dockerfile', DOCKERFILE);
    const index = new DocumentIndex();
    index.add({ file: source, format: 'dockerfile', facts: undefined as never, notes: [] });
    const at = DOCKERFILE.indexOf('numpy') + 'numpy'.length;
    const pin = await fixRefusal({ title: 'pin', kind: 'safe', edits: [{ file: source.path, start: at, end: at, newText: '==1.26.4' }] }, index, undefined, new Map());
    assert.equal(pin, undefined);
    const q = DOCKERFILE.indexOf('| sh');
    const quote = await fixRefusal({ title: 'quote', kind: 'safe', edits: [{ file: source.path, start: q, end: q, newText: '"' }] }, index, undefined, new Map());
    assert.match(quote ?? '', /new Dockerfile \(or RUN shell\) syntax error/);
  });
});
