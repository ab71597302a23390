// Package installs told to skip signature checks: apt's --allow-unauthenticated and friends,
// rpm --nosignature/--nodigest, yum/dnf --nogpgcheck and gpgcheck=0, zypper --no-gpg-checks, apk
// --allow-untrusted, and repository definitions written by echo/printf (`deb [trusted=yes] …`,
// `gpgcheck=0`) into sources lists and repo files.

import type { ShellCommand, ShellWord } from './model';
import { removalIf, wid, type Acc } from './command-words';
import { RPM_MANAGERS, setoptNames, setoptValues } from './command-tls';

const FALSE = /^(false|0|no|off)$/i;
const TRUE = /^(true|1|yes|on)$/i;
/** Flags that skip a signature or digest check, per package manager. */
const FLAGS: [RegExp, Set<string>][] = [
  [/^(apt|apt-get|aptitude)$/, new Set(['--allow-unauthenticated', '--allow-insecure-repositories', '--allow-downgrade-to-insecure-repositories', '--force-yes'])],
  [/^rpm$/, new Set(['--nosignature', '--nodigest', '--nogpg'])],
  [RPM_MANAGERS, new Set(['--nogpgcheck', '--nogpg'])],
  [/^zypper$/, new Set(['--no-gpg-checks', '--no-gpg-check'])],
  [/^apk$/, new Set(['--allow-untrusted'])],
];
/** apt options (`-o Name=value`) that accept unsigned repositories or packages. */
const APT_OPTIONS = /^(APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories|APT::Get::AllowInsecureRepositories)$/i;
/** Repository definitions as text: a sources.list line marked trusted, a deb822 `Trusted: yes`, a repo file's `gpgcheck=0`. */
const REPO_TEXT: [RegExp, string][] = [
  [/^\s*deb(-src)?\s+\[[^\]]*\b(trusted=yes|allow-insecure=yes)\b[^\]]*\]/im, 'a sources.list entry marked [trusted=yes]'],
  [/(^|\n|\\n)\s*Trusted:\s*yes\b/i, 'a deb822 source with Trusted: yes'],
  [/(^|\n|\\n)\s*gpgcheck\s*=\s*(0|false|no|off)\b/i, 'a repository definition with gpgcheck=0'],
  [/APT::Get::AllowUnauthenticated\s+"?(true|1|yes)"?/i, 'an apt configuration line APT::Get::AllowUnauthenticated "true"'],
];

function push(acc: Acc, what: string, cmd: ShellCommand, words: ShellWord[], removable: boolean): void {
  const first = words[0];
  const last = words[words.length - 1];
  acc.facts.signatureBypasses.push({
    what,
    loc: { file: first.loc.file, start: first.loc.start, end: last.loc.end },
    ...(removable ? removalIf(cmd, words) : {}),
    ...wid(acc),
  });
}

/** apt's `-o Option=value` and `-oOption=value`. */
function aptOptions(cmd: ShellCommand, words: readonly ShellWord[], name: string, acc: Acc): void {
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    const written = w.value === '-o' && words[k + 1] ? [w, words[k + 1]] : w.value.startsWith('-o') && w.value.length > 2 ? [w] : undefined;
    if (!written) continue;
    const kv = written.length === 2 ? written[1].value : w.value.slice(2);
    const eq = kv.indexOf('=');
    if (eq > 0 && APT_OPTIONS.test(kv.slice(0, eq).trim()) && TRUE.test(kv.slice(eq + 1).trim())) push(acc, `${name} -o ${kv}`, cmd, written, true);
    if (written.length === 2) k++;
  }
}

/** Adds the signature bypasses a command line asks for. */
export function analyzeSignatureBypass(cmd: ShellCommand, words: readonly ShellWord[], name: string, acc: Acc): void {
  if (name === 'echo' || name === 'printf') {
    for (const w of words.slice(1)) {
      const hit = REPO_TEXT.find(([re]) => re.test(w.value));
      if (hit) push(acc, `${name} of ${hit[1]}`, cmd, [w], false);
    }
    return;
  }
  for (const [re, flags] of FLAGS) {
    if (!re.test(name)) continue;
    for (const w of words.slice(1)) if (flags.has(w.value)) push(acc, `${name} ${w.value}`, cmd, [w], true);
  }
  if (/^(apt|apt-get|aptitude)$/.test(name)) aptOptions(cmd, words, name, acc);
  if (RPM_MANAGERS.test(name)) {
    for (const o of setoptValues(words)) {
      if (setoptNames(o.key, 'gpgcheck') && FALSE.test(o.value)) push(acc, `${name} --setopt=${o.key}=${o.value}`, cmd, o.words, true);
    }
  }
}
