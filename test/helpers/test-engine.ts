// A small engine for language-server tests: a reader for Dockerfile-named files and two rules
// with every fix kind, so the server's behaviour is tested independently of the real rules.

import { Engine } from '../../src/core/engine';
import { emptyFacts } from '../../src/core/facts/model';
import type { FormatReader } from '../../src/core/formats/reader';
import { defineRule, type Report } from '../../src/core/rules/rule';
import type { RuleMeta } from '../../src/core/model';

const dockerfileReader: FormatReader = {
  id: 'test-dockerfile',
  matches: (p) => (/(^|\/)([^/]*\.)?Dockerfile$/.test(p) ? 'yes' : 'no'),
  parse: (file) => [{ file, format: 'dockerfile', facts: emptyFacts(), notes: [] }],
};

const meta = (id: string, over: Partial<RuleMeta>): RuleMeta => ({
  id,
  title: id,
  description: `Test rule ${id}.`,
  explanation: 'For tests.',
  formats: ['dockerfile'],
  severity: 'medium',
  fixes: [],
  stride: ['T'],
  atlas: [],
  owasp: [],
  references: [],
  ...over,
});

/** Reports every `:latest` tag, with a safe fix (pin to 1.0) and a review fix (drop the tag). */
export const latestTag = defineRule({
  meta: meta('test/latest-tag', { fixes: ['safe', 'review'] }),
  *check(ctx) {
    for (const d of ctx.index.ofFormat('dockerfile')) {
      for (const m of d.file.text.matchAll(/:latest\b/g)) {
        const start = m.index ?? 0;
        const end = start + m[0].length;
        const report: Report = {
          message: 'The image uses the mutable latest tag.',
          loc: d.file.loc(start, end),
          fixes: [
            { title: 'Pin the tag to 1.0', kind: 'safe', edits: [{ file: d.file.path, start, end, newText: ':1.0' }] },
            { title: 'Remove the tag', kind: 'review', edits: [{ file: d.file.path, start, end, newText: '' }] },
          ],
        };
        yield report;
      }
    }
  },
});

/** Reports `USER root` as high, pointing at a sibling `base.Dockerfile` when there is one. */
export const rootUser = defineRule({
  meta: meta('test/root-user', { severity: 'high', fixes: ['guided'] }),
  *check(ctx) {
    const base = ctx.index.source('base.Dockerfile');
    for (const d of ctx.index.ofFormat('dockerfile')) {
      for (const m of d.file.text.matchAll(/^([ \t]*)(USER root)$/gm)) {
        const start = (m.index ?? 0) + m[1].length;
        yield {
          message: 'The container runs as root.',
          loc: d.file.loc(start, start + m[2].length),
          related: base && base !== d.file ? [{ loc: base.loc(0, 4), message: 'The base image starts here.' }] : [],
          fixes: [{ title: 'Switch to an unprivileged user', kind: 'guided', edits: [{ file: d.file.path, start: start + 5, end: start + 9, newText: '1000' }] }],
          tags: ['deprecated'],
        } satisfies Report;
      }
    }
  },
});

export function testEngine(): Engine {
  return new Engine([latestTag, rootUser], [dockerfileReader]);
}
