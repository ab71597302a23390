// Downloads run in a later command of the same script: `curl -o /tmp/s URL; sh /tmp/s`, an
// installer fetched then run with bash, or a binary fetched, made executable and started. With
// no checksum verified in the script, the download is executed as served.

import type { DownloadFact, ShellCommand, ShellWord } from './model';
import { commandName, INTERPRETERS, wid, type Acc } from './command-words';

/** A chmod mode that sets an execute bit: `+x`, `u+x`, `a+rx`, `755`, `0755`. */
const EXEC_MODE = /^([ugoa]*\+[rwxXst]*x[rwxXst]*|0?[0-7]?[1357][0-7]{2}|0?[0-7]{2}[1357][0-7]?|0?[0-7]{3}[1357])$/;

/** One command of a script with its words after wrappers. */
export interface ReadCommand {
  words: readonly ShellWord[];
  name: string;
}

/** A path as it names a file: `./x` and `x` are the same file. */
function samePath(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/^(\.\/)+/, '');
  return norm(a) === norm(b);
}

/** The operands of a command: its words after the name that are not options. */
function operands(words: readonly ShellWord[]): ShellWord[] {
  return words.slice(1).filter((w) => !w.value.startsWith('-'));
}

/** Whether `chmod` or `install -m` gives `file` an execute bit. */
function makesExecutable(words: readonly ShellWord[], name: string, file: string): boolean {
  if (name === 'chmod') {
    const [mode, ...targets] = operands(words);
    return !!mode && EXEC_MODE.test(mode.value) && targets.some((t) => samePath(t.value, file));
  }
  if (name === 'install') {
    const mode = words.findIndex((w) => w.value === '-m' || w.value === '--mode');
    const value = mode > 0 ? words[mode + 1]?.value : /^--mode=(.*)$/.exec(words.find((w) => w.value.startsWith('--mode='))?.value ?? '')?.[1];
    const sources = operands(words).filter((w) => w.value !== value);
    return !!value && EXEC_MODE.test(value) && sources.slice(0, -1).some((t) => samePath(t.value, file));
  }
  return false;
}

/** How command `read` runs `file`: by an interpreter (its name), directly (`file` itself), or not at all. */
function runnerOf(read: ReadCommand, file: string): string | undefined {
  const first = read.words[0]?.value ?? '';
  if ((first.includes('/') || first === file) && samePath(first, file)) return file;
  if (!INTERPRETERS.test(read.name)) return undefined;
  const script = operands(read.words)[0];
  return script && samePath(script.value, file) ? read.name : undefined;
}

/**
 * Marks downloads made executable as executables, and reports the ones a later command runs.
 * `made[i]` lists the downloads command `i` made.
 */
export function findDownloadThenRun(commands: readonly ShellCommand[], read: readonly ReadCommand[], made: readonly DownloadFact[][], acc: Acc): void {
  for (let i = 0; i < commands.length; i++) {
    for (const d of made[i]) {
      if (!d.output) continue;
      for (let j = i + 1; j < commands.length; j++) {
        if (makesExecutable(read[j].words, read[j].name, d.output) && d.payload !== 'script') d.payload = 'executable';
        const runner = acc.scriptHasChecksum ? undefined : runnerOf(read[j], d.output);
        if (!runner) continue;
        acc.facts.remoteExecs.push({ fetcher: commandName(read[i].words), interpreter: runner, url: d.url, file: d.output, loc: commands[j].loc, ...wid(acc) });
        break;
      }
    }
  }
}
