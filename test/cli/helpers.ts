// Shared helpers of the command-line tests: running the CLI in-process, temporary workspaces,
// golden files, and a rule with a safe fix for the --fix tests.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { main } from '../../src/cli/main';
import { BufferOutput } from '../../src/cli/io';
import { createEngine } from '../../src/core';
import { Engine } from '../../src/core/engine';
import { readers } from '../../src/core/formats';
import { rules } from '../../src/core/rules';
import { defineRule, type Report, type Rule, type RuleContext } from '../../src/core/rules/rule';

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
  /** What standard input holds; absent when there is none. */
  stdin?: string | Buffer;
}

/** Runs `mlsec …argv` in-process. */
export async function run(argv: string[], opts: RunOptions): Promise<RunResult> {
  const stdout = new BufferOutput(opts.tty ?? false);
  const stderr = new BufferOutput(false);
  const input = opts.stdin === undefined ? undefined : Buffer.from(opts.stdin);
  const stdin = input && { stdin: async () => input.toString('utf8'), stdinBytes: async (limit: number) => (input.length > limit ? { tooLarge: input.length } : { bytes: input }) };
  const code = await main(argv, { stdout, stderr, cwd: opts.cwd, env: opts.env ?? {}, createEngine: opts.engine ?? createEngine, ...stdin });
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

function* matches(text: string, re: RegExp): Iterable<RegExpExecArray> {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  for (let m = g.exec(text); m; m = g.exec(text)) {
    yield m;
    if (m[0] === '') g.lastIndex++;
  }
}

/**
 * A rule with a safe fix, which the Dockerfile rules do not have: removes the first `-k` or
 * `--insecure` of each curl command, so removing a later one needs another --fix pass.
 */
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
  *check(ctx: RuleContext) {
    for (const doc of ctx.documents.filter((d) => d.format === 'dockerfile')) {
      const file = doc.file;
      for (const m of matches(file.text, /\bcurl\b[^\n]*?( (-k|--insecure))(?=\s)/g)) {
        const start = m.index + m[0].length - m[1].length;
        const report: Report = {
          message: 'curl runs with certificate checks turned off, so the download can be replaced in transit.',
          loc: file.loc(start + 1, start + m[1].length),
          fixes: [{ title: 'Remove the flag', kind: 'safe', edits: [{ file: file.path, start, end: start + m[1].length, newText: '' }] }],
        };
        yield report;
      }
    }
  },
});

/** The full catalog plus the safe-fix rule above, with the real format readers. */
export function fixEngine(...extra: Rule[]): Engine {
  return new Engine([...rules, insecureCurlRule, ...extra], readers);
}
