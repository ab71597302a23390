// Bounded work and output hygiene: helpers that never spread input-sized arrays, the YAML depth
// pre-scan, capped foreach/matrix expansion, bounded ARG/ENV values, linear rule-id checks and
// the sanitiser of repository strings in text output.

import * as assert from 'node:assert/strict';
import { appendAll, maxOf, minOf } from '../../src/core/collections';
import { parseConfig } from '../../src/core/config';
import type { ParsedDocument } from '../../src/core/document';
import { dockerfileReader, MAX_VARIABLE_LENGTH } from '../../src/core/formats/dockerfile/reader';
import { MAX_GENERATED_STAGES, type Pipeline } from '../../src/core/formats/dvc/pipeline';
import { dvcReader } from '../../src/core/formats/dvc/reader';
import { MAX_YAML_DEPTH, yamlDepthExceeded } from '../../src/core/formats/yaml/depth';
import { parseYaml } from '../../src/core/formats/yaml/parse';
import { defaultConfig } from '../../src/core/config';
import { mdText } from '../../src/core/report/threat-model-markdown';
import { sanitizeName, stripControls } from '../../src/core/report/sanitize';
import { SourceFile } from '../../src/core/source';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';

const big = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('collection helpers without argument spreading', () => {
  it('appends and measures arrays far beyond the call-argument limit', () => {
    const items = big(500_000);
    const into = [-1];
    assert.equal(appendAll(into, items), into);
    assert.equal(into.length, 500_001);
    assert.equal(into[500_000], 499_999);
    assert.equal(maxOf(items), 499_999);
    assert.equal(minOf(items), 0);
  });

  it('answers the given value for no values', () => {
    assert.equal(maxOf([]), -Infinity);
    assert.equal(minOf([], 7), 7);
  });
});

describe('YAML depth pre-scan', () => {
  it('rejects flow and block nesting past the limit and accepts ordinary text', () => {
    assert.notEqual(yamlDepthExceeded('['.repeat(820) + ']'.repeat(820)), undefined);
    assert.notEqual(yamlDepthExceeded('- '.repeat(MAX_YAML_DEPTH + 5) + 'x\n'), undefined);
    assert.equal(yamlDepthExceeded('['.repeat(100) + ']'.repeat(100)), undefined);
    assert.equal(yamlDepthExceeded('a:\n  b: "[[[[ {{{{"\n  c: [1, {d: 2}]  # [[[[\n'), undefined);
  });

  it('turns a 1.7 KB document nested 820 deep into an error note, in the readers and in .mlsec.yaml', () => {
    const deep = `{"a": ${'['.repeat(820)}${']'.repeat(820)}}`;
    const r = parseYaml(new SourceFile('deep.json', deep));
    assert.equal(r.docs.length, 0);
    assert.match(r.notes[0].message, /nested deeper than 256 levels/);
    const c = parseConfig(`rules: ${deep}`, new Set());
    assert.match(c.errors[0].message, /nested deeper than 256 levels/);
  });
});

describe('bounded expansion', () => {
  it(`generates at most ${MAX_GENERATED_STAGES} stages from a foreach, with a note`, async () => {
    const items = big(5000)
      .map((i) => `      - m${i}`)
      .join('\n');
    const files = { 'dvc.yaml': `stages:\n  t:\n    foreach:\n${items}\n    do:\n      cmd: python train.py \${item}\n` };
    const [doc] = await dvcReader.parse(new SourceFile('dvc.yaml', files['dvc.yaml']), { config: defaultConfig(), io: new MemoryWorkspaceIO(files) });
    assert.equal((doc.ast as Pipeline).stages.length, MAX_GENERATED_STAGES);
    assert.ok(doc.notes.some((n) => /foreach generates 5000 stages; only the first 1000/.test(n.message)));
  });

  it('caps a matrix at the same bound, with a note', async () => {
    const dims = big(4)
      .map((k) => `      k${k}: [${big(10).join(', ')}]`)
      .join('\n');
    const files = { 'dvc.yaml': `stages:\n  t:\n    matrix:\n${dims}\n    cmd: python train.py\n` };
    const [doc] = await dvcReader.parse(new SourceFile('dvc.yaml', files['dvc.yaml']), { config: defaultConfig(), io: new MemoryWorkspaceIO(files) });
    assert.equal((doc.ast as Pipeline).stages.length, MAX_GENERATED_STAGES);
    assert.ok(doc.notes.some((n) => /matrix generates 10000 stages/.test(n.message)));
  });

  it('forgets ARG values that double past the length bound', () => {
    const lines = ['ARG A0=xxxxxxxx'];
    for (let i = 0; i < 60; i++) lines.push(`ARG A${i + 1}=\${A${i}}\${A${i}}`);
    const text = `${lines.join('\n')}\nFROM python:3.12\nRUN echo \${A60}\n`;
    const [doc] = dockerfileReader.parse(new SourceFile('Dockerfile', text), { config: defaultConfig() }) as ParsedDocument[];
    const longest = maxOf(doc.facts.settings.map((s) => s.value?.value.length ?? 0));
    // The first value past the bound is recorded as written but never expanded into later ones.
    assert.ok(longest <= 2 * MAX_VARIABLE_LENGTH, `a value of ${longest} characters was kept`);
    assert.ok(doc.facts.settings.some((s) => s.name.value === 'A13' && s.value?.value.length === 8 * 2 ** 13));
  });

  it('reports 40k unknown rule ids, each at its key', () => {
    const ids = big(40_000).map((i) => `  no-such-${i}: off`);
    const text = `rules:\n${ids.join('\n')}\n`;
    const { errors } = parseConfig(text, new Set());
    assert.equal(errors.length, 40_000);
    const last = errors[errors.length - 1];
    assert.equal(text.slice(last.span?.start, last.span?.end), 'no-such-39999');
  });
});

describe('output hygiene', () => {
  it('escapes newlines and replaces control characters in names', () => {
    assert.equal(sanitizeName('a\nb\tc\u001b]0;x\u0007'), 'a\\nb\\tc\ufffd]0;x\ufffd');
    assert.equal(sanitizeName('dir\\n'), 'dir\\\\n');
  });

  it('drops control characters at the process boundary, keeping colour sequences only on a terminal', () => {
    assert.equal(stripControls('a\u001b[31mred\u001b[39m\u001b]0;t\u0007\r\n\tz', true), 'a\u001b[31mred\u001b[39m]0;t\n\tz');
    assert.equal(stripControls('a\u001b[31mred\u0085', false), 'a[31mred');
    assert.equal(stripControls('plain\n', false), 'plain\n');
  });

  it('keeps URLs, www names and @mentions from becoming links or mentions in Markdown', () => {
    const md = mdText('see https://evil.example and www.evil.example, cc @org/team\u001b[2J');
    assert.doesNotMatch(md, /https:\/\//);
    assert.doesNotMatch(md, /www\./);
    assert.doesNotMatch(md, /@org/);
    assert.doesNotMatch(md, /\u001b/);
    assert.match(md, /@\u2060org/);
  });
});
