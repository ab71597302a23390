// Scripts from exec-form arguments (a JSON array in a Dockerfile, Kubernetes command and args):
// one command of the given words, with an `sh -c` script parsed as its inner script.

import type { ShellCommand, ShellScript, ShellWord, Str } from '../facts/model';
import { identityMap, spanMap } from './offsets';
import { parseShell } from './parse';
import { shellCArgument } from './words';

/**
 * Builds a script from exec-form arguments (a JSON array in a Dockerfile, Kubernetes command and
 * args). `vars` is the environment the command runs with: an `sh -c` script expands it, and so
 * does `$(VAR)` in an argument when `argRefs` is set (Kubernetes does; Docker does not).
 * `fileText` lets `sh -c` scripts map to exact offsets when written verbatim; `syntax` says how
 * the arguments are written, for edits that add one.
 */
export function scriptFromArgv(argv: readonly Str[], vars: ReadonlyMap<string, string> = new Map(), fileText?: string, syntax: 'json' | 'list' = 'list', argRefs = true): ShellScript {
  if (!argv.length) return { commands: [], loc: { file: '', start: 0, end: 0 } };
  const file = argv[0].loc.file;
  const words: ShellWord[] = argv.map((a) => {
    const value = argRefs ? substitute(a.value, vars) : { text: a.value, dynamic: false };
    return { value: value.text, raw: a.value, loc: a.loc, dynamic: value.dynamic };
  });
  const cmd: ShellCommand = {
    assigns: [],
    words,
    loc: { file, start: argv[0].loc.start, end: argv[argv.length - 1].loc.end },
    pipedFrom: [],
    substitutions: [],
    argv: syntax,
  };
  const script = shellCArgument(words);
  if (script) {
    const verbatim = fileText !== undefined && fileText.slice(script.loc.start, script.loc.end) === script.raw;
    const map = verbatim ? identityMap(file, script.loc.start) : spanMap(script.loc);
    cmd.inner = parseShell(script.raw, map, vars);
  }
  return { commands: [cmd], loc: cmd.loc };
}

/** Substitutes `$VAR`/`${VAR}` references with known values (exec form does not expand, but Kubernetes `$(VAR)` does). */
function substitute(s: string, vars: ReadonlyMap<string, string>): { text: string; dynamic: boolean } {
  let dynamic = false;
  const text = s.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => {
    const v = vars.get(name);
    if (v === undefined) dynamic = true;
    return v ?? m;
  });
  return { text, dynamic };
}
