// Commands that switch TLS certificate verification off for a tool: git, aws, npm/yarn/pnpm,
// conda, pip's configuration and yum/dnf (`--setopt=sslverify=0`). Environment variables and
// pip's `--trusted-host` are read in commands.ts; curl and wget in command-downloads.ts.

import type { ShellCommand, ShellWord } from './model';
import { removalIf, wid, type Acc } from './command-words';

const FALSE = /^(false|0|no|off)$/i;
/** The package managers of RPM distributions and their configuration tools. */
export const RPM_MANAGERS = /^(yum|dnf|dnf5|microdnf|tdnf|yum-config-manager)$/;

/** The `KEY=VALUE` of each `--setopt` option (`--setopt=K=V` or `--setopt K=V`), with the words that write it. */
export function setoptValues(words: readonly ShellWord[]): { key: string; value: string; words: ShellWord[] }[] {
  const out: { key: string; value: string; words: ShellWord[] }[] = [];
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    let kv: string | undefined;
    let written: ShellWord[] = [w];
    if (w.value.startsWith('--setopt=')) kv = w.value.slice('--setopt='.length);
    else if (w.value === '--setopt' && words[k + 1]) {
      kv = words[k + 1].value;
      written = [w, words[++k]];
    }
    const eq = kv?.indexOf('=') ?? -1;
    if (kv !== undefined && eq > 0) out.push({ key: kv.slice(0, eq).trim(), value: kv.slice(eq + 1).trim(), words: written });
  }
  return out;
}

/** Whether a `--setopt` key names `option` globally or for some repositories (`sslverify`, `*.sslverify`, `corp.sslverify`). */
export function setoptNames(key: string, option: string): boolean {
  const k = key.toLowerCase();
  return k === option || k.endsWith('.' + option);
}

function analyzeRpm(cmd: ShellCommand, words: readonly ShellWord[], name: string, acc: Acc): void {
  for (const o of setoptValues(words)) {
    if (!setoptNames(o.key, 'sslverify') || !FALSE.test(o.value)) continue;
    const first = o.words[0];
    const last = o.words[o.words.length - 1];
    acc.facts.tlsDisables.push({
      what: `${name} --setopt=${o.key}=${o.value}`,
      loc: { file: first.loc.file, start: first.loc.start, end: last.loc.end },
      ...removalIf(cmd, o.words),
      ...wid(acc),
    });
  }
}

/** `npm config set strict-ssl false`, `npm set strict-ssl=false`, `--strict-ssl=false` and `--no-strict-ssl` on any npm command. */
function analyzeNpm(cmd: ShellCommand, words: readonly ShellWord[], name: string, acc: Acc): void {
  const v = words.map((w) => w.value);
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    if (w.value === '--no-strict-ssl' || /^--strict-ssl=false$/i.test(w.value)) {
      acc.facts.tlsDisables.push({ what: `${name} ${w.value}`, loc: w.loc, ...removalIf(cmd, [w]), ...wid(acc) });
    }
  }
  // The configuration commands: `npm config set K V`, `npm set K V`, `yarn config set K V`, and the `K=V` form.
  const set = v[1] === 'config' && v[2] === 'set' ? 3 : v[1] === 'set' ? 2 : -1;
  if (set < 0) return;
  const args = v.slice(set).filter((x) => !x.startsWith('-'));
  for (let i = 0; i < args.length; i++) {
    const [key, inline] = args[i].includes('=') ? [args[i].slice(0, args[i].indexOf('=')), args[i].slice(args[i].indexOf('=') + 1)] : [args[i], undefined];
    const value = inline ?? args[i + 1];
    if (key.toLowerCase() !== 'strict-ssl' || value === undefined) continue;
    if (/^false$/i.test(value)) acc.facts.tlsDisables.push({ what: `${name} config set strict-ssl false`, loc: cmd.loc, ...wid(acc) });
    if (inline === undefined) i++;
  }
}

/** `git -c http.sslVerify=false …` and `git config [--global] http.sslVerify false`. */
function analyzeGit(cmd: ShellCommand, words: readonly ShellWord[], acc: Acc): void {
  const v = words.map((w) => w.value);
  for (let k = 1; k < words.length; k++) {
    if (v[k] === '-c' && /^http\.sslverify=(false|0|no|off)$/i.test(v[k + 1] ?? '')) {
      acc.facts.tlsDisables.push({
        what: `git -c ${v[k + 1]}`,
        loc: { file: words[k].loc.file, start: words[k].loc.start, end: words[k + 1].loc.end },
        ...removalIf(cmd, [words[k], words[k + 1]]),
        ...wid(acc),
      });
    }
  }
  if (v[1] === 'config' && v.some((x) => /^http\.sslverify$/i.test(x)) && FALSE.test(v[v.length - 1])) {
    acc.facts.tlsDisables.push({ what: 'git config http.sslVerify false', loc: cmd.loc, ...wid(acc) });
  }
}

/** `pip config set global.trusted-host HOST`: every later install trusts the host without TLS checks. */
function analyzePipConfig(cmd: ShellCommand, words: readonly ShellWord[], acc: Acc): void {
  const v = words.map((w) => w.value);
  const at = v.indexOf('config');
  if (at < 0 || v[at + 1] !== 'set') return;
  const key = words[at + 2];
  const value = words[at + 3];
  if (key && value && /^([a-z]+\.)?trusted-host$/i.test(key.value)) {
    acc.facts.tlsDisables.push({ what: `pip config set ${key.value} ${value.value}`, loc: cmd.loc, ...wid(acc) });
  }
}

/**
 * Reads the TLS settings of `name`'s command line; true when the command is one of the tools read
 * here and nothing else is to be read from it.
 */
export function analyzeTlsCommand(cmd: ShellCommand, words: readonly ShellWord[], name: string, acc: Acc): boolean {
  const v = words.map((w) => w.value);
  if (name === 'git') {
    analyzeGit(cmd, words, acc);
    return true;
  }
  if (name === 'aws') {
    const w = words.find((x) => x.value === '--no-verify-ssl');
    if (w) acc.facts.tlsDisables.push({ what: 'aws --no-verify-ssl', loc: w.loc, ...removalIf(cmd, [w]), ...wid(acc) });
    return true;
  }
  if (name === 'npm' || name === 'yarn' || name === 'pnpm') {
    analyzeNpm(cmd, words, name, acc);
    return v[1] === 'config' || v[1] === 'set';
  }
  if ((name === 'conda' || name === 'mamba') && v[1] === 'config' && v.includes('ssl_verify') && FALSE.test(v[v.indexOf('ssl_verify') + 1] ?? '')) {
    acc.facts.tlsDisables.push({ what: `${name} config ssl_verify false`, loc: cmd.loc, ...wid(acc) });
    return true;
  }
  if (/^pip[0-9.]*$/.test(name) && v[1] === 'config') {
    analyzePipConfig(cmd, words, acc);
    return true;
  }
  if (RPM_MANAGERS.test(name)) analyzeRpm(cmd, words, name, acc);
  return false;
}
