// Shared helpers of the command-line tests: running the CLI in-process, temporary workspaces,
// golden files, and a small Dockerfile reader and rules that exercise every report feature.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main';
import { BufferOutput } from '../../src/cli/io';
import { Engine } from '../../src/core/engine';
import { emptyFacts } from '../../src/core/facts/model';
import type { FormatReader } from '../../src/core/formats/reader';
import { baseName } from '../../src/core/formats/reader';
import { defineRule, type Report, type Rule, type RuleContext } from '../../src/core/rules/rule';
import type { SourceFile } from '../../src/core/source';

/** The repository root (tests run from out/test/cli). */
export const REPO = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(REPO, 'test/fixtures/cli');
export const EXAMPLE = path.join(FIXTURES, 'example');
export const SHARED = path.resolve(REPO, '../shared');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  tty?: boolean;
  engine?: () => Engine;
}

/** Runs `mlsec …argv` in-process. */
export async function run(argv: string[], opts: RunOptions): Promise<RunResult> {
  const stdout = new BufferOutput(opts.tty ?? false);
  const stderr = new BufferOutput(false);
  const code = await main(argv, { stdout, stderr, cwd: opts.cwd, env: opts.env ?? {}, createEngine: opts.engine ?? testEngine });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const created: string[] = [];

/** A fresh temporary directory holding `files` (path → text or bytes). */
export function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-cli-'));
  created.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return dir;
}

/** A copy of a fixture directory in a temporary directory, for tests that write. */
export function copyOf(src: string): string {
  const dir = workspace();
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/** Removes every temporary directory made so far (registered as a root-level hook). */
export function removeWorkspaces(): void {
  for (const dir of created.splice(0)) {
    // Restore permissions a test may have taken away so the directory can be removed.
    for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
      try {
        fs.chmodSync(path.join(dir, entry), 0o755);
      } catch {
        // Links to nowhere cannot be chmodded and need not be.
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Replaces what differs between machines (paths, version) so golden files compare. */
export function normalise(text: string, root: string, version: string): string {
  const uri = pathToFileURL(root).href;
  return text
    .split(uri)
    .join('file:///ROOT')
    .split(JSON.stringify(root).slice(1, -1))
    .join('/ROOT')
    .split(root)
    .join('/ROOT')
    .replace(new RegExp(`"(version|semanticVersion)": "${version.replace(/\./g, '\\.')}"`, 'g'), '"$1": "VERSION"');
}

/** Compares with a golden file; `UPDATE_GOLDEN=1 npm test` rewrites it instead. */
export function assertGolden(name: string, actual: string): void {
  const file = path.join(FIXTURES, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !fs.existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`golden file ${name} is missing: run UPDATE_GOLDEN=1 npm test and review it`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from test/fixtures/cli/golden/${name} (UPDATE_GOLDEN=1 npm test rewrites it)`);
}

/** Reads Dockerfiles as text with no facts; the test rules below look at the text itself. */
export const testDockerfileReader: FormatReader = {
  id: 'test-dockerfile',
  matches: (p) => (baseName(p) === 'Dockerfile' || p.endsWith('.Dockerfile') ? 'yes' : 'no'),
  parse: (file: SourceFile) => [{ file, format: 'dockerfile', facts: emptyFacts(), notes: [] }],
};

function* dockerfiles(ctx: RuleContext): Iterable<SourceFile> {
  for (const d of ctx.index.ofFormat('dockerfile')) yield d.file;
}

function* matches(file: SourceFile, re: RegExp): Iterable<RegExpExecArray> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (let m = g.exec(file.text); m; m = g.exec(file.text)) {
    yield m;
    if (m[0] === '') g.lastIndex++;
  }
}

const TAXONOMY = { atlas: ['AML.T0010.004'], owasp: ['ML06'], references: ['https://docs.docker.com/reference/dockerfile/#from'] };

export const unpinnedImageRule: Rule = defineRule({
  meta: {
    id: 'test/unpinned-image',
    title: 'Image without a digest',
    description: 'A FROM line whose image has no @sha256 digest.',
    explanation: 'A tag can be moved to a different image by whoever controls the registry.',
    example: { language: 'dockerfile', bad: 'FROM python:latest', good: 'FROM python:3.12@sha256:…' },
    formats: ['dockerfile'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['T'],
    ...TAXONOMY,
    equivalents: ['hadolint DL3007'],
  },
  *check(ctx) {
    for (const file of dockerfiles(ctx)) {
      for (const m of matches(file, /^FROM[ \t]+(\S+)/gim)) {
        const image = m[1];
        if (image.includes('@sha256:')) continue;
        const start = m.index + m[0].length - image.length;
        const latest = !image.includes(':') || image.endsWith(':latest');
        const report: Report = {
          message: `The image ${image} is not pinned to a digest, so each build may use a different image.`,
          loc: file.loc(start, start + image.length),
          severity: latest ? 'medium' : 'low',
          fixes: [{ title: 'Pin the image to a digest', kind: 'guided', edits: [{ file: file.path, start: start + image.length, end: start + image.length, newText: '@sha256:<digest>' }] }],
        };
        yield report;
      }
    }
  },
});

export const insecureCurlRule: Rule = defineRule({
  meta: {
    id: 'test/insecure-curl',
    title: 'curl without certificate checks',
    description: 'curl -k or --insecure.',
    explanation: 'Anyone on the network path can replace what is downloaded.',
    formats: ['dockerfile'],
    severity: 'high',
    fixes: ['safe'],
    stride: ['T', 'I'],
    atlas: ['AML.T0010.001'],
    owasp: ['ML06'],
    references: [],
  },
  *check(ctx) {
    for (const file of dockerfiles(ctx)) {
      for (const m of matches(file, /\bcurl\b[^\n]*?( (-k|--insecure))(?=\s)/g)) {
        const start = m.index + m[0].length - m[1].length;
        yield {
          message: 'curl runs with certificate checks turned off, so the download can be replaced in transit.',
          loc: file.loc(start + 1, start + m[1].length),
          fixes: [{ title: 'Remove the flag', kind: 'safe', edits: [{ file: file.path, start, end: start + m[1].length, newText: '' }] }],
        };
      }
    }
  },
});

export const hardcodedKeyRule: Rule = defineRule({
  meta: {
    id: 'test/hardcoded-key',
    title: 'AWS access key in a file',
    description: 'An AWS access key id written into the file.',
    explanation: 'Everyone who can read the image or the repository can use the key.',
    formats: ['dockerfile'],
    severity: 'critical',
    fixes: [],
    stride: ['I'],
    atlas: ['AML.T0055'],
    owasp: ['ML06'],
    references: [],
  },
  *check(ctx) {
    for (const file of dockerfiles(ctx)) {
      for (const m of matches(file, /AKIA[0-9A-Z]{16}/g)) {
        const line = file.positionAt(m.index).line;
        const lineStart = file.lineStarts[line];
        yield {
          message: 'An AWS access key id is written in the file, where everyone who reads it can use it.',
          loc: file.loc(m.index, m.index + m[0].length),
          related: [{ loc: file.loc(lineStart, lineStart + 3), message: 'the instruction that stores it in the image' }],
          details: [`key id ${m[0].slice(0, 8)}…`],
        };
      }
    }
  },
});

export const noUserRule: Rule = defineRule({
  meta: {
    id: 'test/no-user',
    title: 'Image runs as root',
    description: 'A Dockerfile without a USER instruction.',
    explanation: 'A process that escapes the application runs as root in the container.',
    formats: ['dockerfile'],
    severity: 'low',
    fixes: [],
    stride: ['E'],
    atlas: ['AML.T0105'],
    owasp: [],
    references: [],
  },
  *check(ctx) {
    for (const file of dockerfiles(ctx)) {
      if (/^USER\s/im.test(file.text)) continue;
      const from = /^FROM[^\n]*/im.exec(file.text);
      if (from) yield { message: 'The image has no USER instruction, so it runs as root.', loc: file.loc(from.index, from.index + from[0].length) };
    }
  },
});

export const TEST_RULES = [unpinnedImageRule, insecureCurlRule, hardcodedKeyRule, noUserRule];

export function testEngine(): Engine {
  return new Engine(TEST_RULES, [testDockerfileReader]);
}
