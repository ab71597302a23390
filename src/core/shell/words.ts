// Reading parsed commands: the command name past wrappers (`sudo`, `env A=b`, `nohup` …), the
// script of `sh -c`, and every command of a script including substitutions and inner scripts.

import type { ShellCommand, ShellScript, ShellWord } from '../facts/model';

/** Programs that run their `-c` argument as a shell script. */
export const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'busybox']);

export function basename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** The script argument of `sh -c SCRIPT` / `bash -lc SCRIPT`, if the command is one. */
export function shellCArgument(words: readonly ShellWord[]): ShellWord | undefined {
  const w = stripWrappers(words);
  const shell = w.length ? basename(w[0].value) : '';
  if (!SHELLS.has(shell)) return undefined;
  let k = shell === 'busybox' ? 2 : 1;
  for (; k < w.length; k++) {
    const v = w[k].value;
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(v)) return w[k + 1];
    if (v === '-o' || v === '+o') {
      k++;
      continue;
    }
    if (!v.startsWith('-') && !v.startsWith('+')) return undefined;
  }
  return undefined;
}

const WRAPPERS = new Set(['sudo', 'doas', 'env', 'exec', 'nohup', 'time', 'command', 'builtin', 'tini', 'dumb-init', 'gosu', 'su-exec', 'nice', 'ionice', 'timeout', 'stdbuf', '--']);

/** Drops `sudo`, `env A=b`, `exec`, `nohup`, `time`, `nice` and similar wrappers. */
export function stripWrappers<T extends { value: string }>(words: readonly T[]): readonly T[] {
  // Most commands have no wrapper: hand back the same words rather than a copy.
  if (!words.length || !WRAPPERS.has(basename(words[0].value))) return words;
  let k = 0;
  for (let guard = 0; guard < 8 && k < words.length; guard++) {
    const name = basename(words[k].value);
    if (name === 'sudo' || name === 'doas') {
      k++;
      while (k < words.length && words[k].value.startsWith('-')) k += /^-[ugCDhpRrTt]$/.test(words[k].value) ? 2 : 1;
    } else if (name === 'env') {
      k++;
      while (k < words.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[k].value) || words[k].value.startsWith('-'))) k++;
    } else if (name === 'exec' || name === 'nohup' || name === 'time' || name === 'command' || name === 'builtin' || name === 'tini' || name === 'dumb-init') {
      k++;
      while (k < words.length && words[k].value.startsWith('-')) k++;
    } else if (name === 'gosu' || name === 'su-exec') {
      k += 2;
    } else if (name === 'nice' || name === 'ionice' || name === 'timeout' || name === 'stdbuf') {
      k++;
      while (k < words.length && words[k].value.startsWith('-')) k++;
      if (name === 'timeout' && k < words.length) k++;
    } else if (name === '--') {
      k++;
    } else break;
  }
  return words.slice(k);
}

/** Every command of a script in source order, including substitutions and `sh -c` scripts. */
export function allCommands(script: ShellScript, into: ShellCommand[] = []): ShellCommand[] {
  for (const c of script.commands) {
    into.push(c);
    for (const s of c.substitutions) allCommands(s, into);
    if (c.inner) allCommands(c.inner, into);
  }
  return into;
}
