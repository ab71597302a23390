// The file list of a changed-file run (`scan --files A B`, `--files -`, `--changed-since REF`):
// paths made workspace-relative, and the one git command mlsec runs to learn what changed.

import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { CliError } from './io';

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * Paths named on the command line or read from standard input, relative to `root`. Blank lines
 * are skipped; a path outside the root is an error, because its findings could not be reported.
 */
export function workspacePaths(root: string, cwd: string, args: readonly string[]): string[] {
  const out = new Set<string>();
  for (const arg of args) {
    if (!arg.trim()) continue;
    const rel = path.relative(root, path.resolve(cwd, arg));
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new CliError(`${arg} is outside the workspace ${root}`);
    out.add(rel ? toPosix(rel) : '');
  }
  return [...out];
}

/** Splits standard input into paths: one per line, or NUL-separated (`git diff -z`, `find -print0`). */
export function pathsFromText(text: string): string[] {
  return text.split(text.includes('\0') ? '\0' : /\r?\n/).filter((p) => p.trim() !== '');
}

/** The argv of the only command mlsec ever runs, with REF as its one variable part. */
export function gitDiffArgs(ref: string): string[] {
  return ['diff', '--name-only', '--relative', '-z', ref, '--'];
}

/**
 * Runs the user's `git diff --name-only --relative -z REF --` in `cwd` (without a shell) and
 * returns the changed paths relative to `cwd`. A REF that starts with `-` is refused, so it can
 * never be read as an option.
 */
export function changedSince(ref: string, cwd: string): Promise<string[]> {
  if (!ref || ref.startsWith('-') || /[\0\n]/.test(ref)) return Promise.reject(new CliError(`--changed-since needs a git revision such as origin/main (got "${ref}")`));
  return new Promise((resolve, reject) => {
    execFile('git', gitDiffArgs(ref), { cwd, shell: false, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const why = (stderr || err.message).trim().split('\n')[0];
        reject(new CliError(`git diff --name-only ${ref} failed: ${why}`));
        return;
      }
      resolve(pathsFromText(stdout));
    });
  });
}

/** Whether `file` is one of the listed paths or lies under a listed directory. */
export function listedMatcher(paths: readonly string[]): (file: string) => boolean {
  if (paths.includes('')) return () => true;
  const exact = new Set(paths);
  const dirs = paths.map((p) => (p.endsWith('/') ? p : `${p}/`));
  return (file) => exact.has(file) || dirs.some((d) => file.startsWith(d));
}
