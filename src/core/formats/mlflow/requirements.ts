// A pip requirements reader that keeps offsets: requirement specifiers with markers, hashes,
// URL and VCS requirements, and the options (-r, -c, -e, --index-url, --extra-index-url,
// --trusted-host, --require-hashes). Used for requirements*.txt and the pip lists of conda.yaml
// and python_env.yaml.

import { parsePipRequirement } from '../../facts/commands';
import type { PackageInstallFact, PackageRequirement, Str } from '../../facts/model';
import type { Loc } from '../../model';
import { checkBudget } from '../../workspace/budget';

export interface PipOptions {
  indexUrls: Str[];
  extraIndexUrls: Str[];
  trustedHosts: Str[];
  findLinks: Str[];
  requireHashes: boolean;
  /** `-r file` and `-c file` references, resolved against nothing (as written). */
  includes: { kind: 'requirements' | 'constraints'; path: Str }[];
}

export interface PipLines {
  packages: PackageRequirement[];
  options: PipOptions;
  /** Requirements that carry `--hash=` options. */
  hashed: number;
}

export function emptyPipLines(): PipLines {
  return { packages: [], options: { indexUrls: [], extraIndexUrls: [], trustedHosts: [], findLinks: [], requireHashes: false, includes: [] }, hashed: 0 };
}

/** A logical line: text with its continuation lines joined, and each character's file offset. */
export interface LogicalLine {
  text: string;
  offsets: number[];
}

/** Splits requirements text into logical lines (joining `\` continuations, dropping comments). */
export function logicalLines(text: string, base = 0): LogicalLine[] {
  const out: LogicalLine[] = [];
  let cur: LogicalLine = { text: '', offsets: [] };
  let i = 0;
  while (i <= text.length) {
    let e = i;
    while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
    let line = text.slice(i, e);
    // A comment starts at `#` at the line start or after whitespace.
    const hash = line.search(/(^|\s)#/);
    if (hash >= 0) line = line.slice(0, hash);
    const cont = /\\\s*$/.test(line);
    const body = cont ? line.replace(/\\\s*$/, '') : line;
    for (let k = 0; k < body.length; k++) {
      cur.text += body[k];
      cur.offsets.push(base + i + k);
    }
    if (!cont) {
      if (cur.text.trim()) out.push(cur);
      cur = { text: '', offsets: [] };
    }
    if (e >= text.length) break;
    i = text[e] === '\r' && text[e + 1] === '\n' ? e + 2 : e + 1;
  }
  if (cur.text.trim()) out.push(cur);
  return out;
}

/** Tokens of a logical line split at whitespace, with their offsets. */
function tokens(line: LogicalLine): { text: string; start: number; end: number }[] {
  const out: { text: string; start: number; end: number }[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line.text); m; m = re.exec(line.text)) {
    out.push({ text: m[0], start: line.offsets[m.index], end: line.offsets[m.index + m[0].length - 1] + 1 });
  }
  return out;
}

const VALUE_OPTIONS: Record<string, keyof Pick<PipOptions, 'indexUrls' | 'extraIndexUrls' | 'trustedHosts' | 'findLinks'> | 'requirements' | 'constraints' | 'editable' | 'ignored'> = {
  '-i': 'indexUrls',
  '--index-url': 'indexUrls',
  '--extra-index-url': 'extraIndexUrls',
  '--trusted-host': 'trustedHosts',
  '-f': 'findLinks',
  '--find-links': 'findLinks',
  '-r': 'requirements',
  '--requirement': 'requirements',
  '-c': 'constraints',
  '--constraint': 'constraints',
  '-e': 'editable',
  '--editable': 'editable',
  '--hash': 'ignored',
  '--global-option': 'ignored',
  '--config-settings': 'ignored',
  '--install-option': 'ignored',
  '--no-binary': 'ignored',
  '--only-binary': 'ignored',
  '--platform': 'ignored',
  '--python-version': 'ignored',
  '--implementation': 'ignored',
  '--abi': 'ignored',
};

/** Parses one requirement; an editable requirement is a local path unless it is a URL or VCS link. */
function parseRequirement(spec: string, loc: Loc, editable = false): PackageRequirement {
  const r = parsePipRequirement(spec, loc);
  return editable && r.kind === 'name' ? { ...r, name: spec.trim(), kind: 'local' } : r;
}

/** Parses pip requirement lines (a requirements file or a conda `pip:` list item). */
export function parsePipLine(line: LogicalLine, file: string, into: PipLines): void {
  const toks = tokens(line);
  let i = 0;
  let hasHash = false;
  let reqStart = -1;
  let reqEnd = -1;
  while (i < toks.length) {
    const t = toks[i];
    const eq = t.text.indexOf('=');
    const optName = t.text.startsWith('-') ? (eq > 0 && t.text.startsWith('--') ? t.text.slice(0, eq) : t.text) : undefined;
    if (optName !== undefined) {
      const kind = VALUE_OPTIONS[optName] ?? (/^-[irfce]./.test(optName) ? VALUE_OPTIONS[optName.slice(0, 2)] : undefined);
      let value: { text: string; start: number; end: number } | undefined;
      if (eq > 0 && optName.startsWith('--')) value = { text: t.text.slice(eq + 1), start: t.start + eq + 1, end: t.end };
      else if (optName.length > 2 && !optName.startsWith('--') && kind) value = { text: t.text.slice(2), start: t.start + 2, end: t.end };
      else if (kind) value = toks[++i];
      if (optName === '--hash') hasHash = true;
      if (optName === '--require-hashes') into.options.requireHashes = true;
      if (value && kind) {
        const str: Str = { value: value.text, loc: { file, start: value.start, end: value.end } };
        if (kind === 'requirements' || kind === 'constraints') {
          into.options.includes.push({ kind, path: str });
          if (kind === 'requirements') into.packages.push({ spec: `-r ${value.text}`, name: value.text, kind: 'requirements-file', loc: { file, start: t.start, end: value.end } });
        } else if (kind === 'editable') {
          into.packages.push(parseRequirement(value.text, str.loc, true));
        } else if (kind !== 'ignored') {
          into.options[kind].push(str);
        }
      }
      i++;
      continue;
    }
    if (reqStart < 0) reqStart = i;
    reqEnd = i;
    i++;
    // Everything up to the first option belongs to the requirement (markers contain spaces).
    while (i < toks.length && !toks[i].text.startsWith('--')) reqEnd = i++;
  }
  if (reqStart >= 0) {
    const start = toks[reqStart].start;
    const end = toks[reqEnd].end;
    const spec = toks
      .slice(reqStart, reqEnd + 1)
      .map((t) => t.text)
      .join(' ');
    into.packages.push(parseRequirement(spec, { file, start, end }));
    if (hasHash) into.hashed++;
  }
}

/** Parses a whole requirements file. */
export function parseRequirementsText(text: string, file: string, base = 0): PipLines {
  const into = emptyPipLines();
  for (const line of logicalLines(text, base)) {
    checkBudget();
    parsePipLine(line, file, into);
  }
  return into;
}

/** The package-install fact for pip lines. */
export function pipInstallFact(lines: PipLines, loc: Loc, origin: PackageInstallFact['origin'], workloadId?: string): PackageInstallFact {
  return {
    manager: 'pip',
    packages: lines.packages,
    indexUrls: lines.options.indexUrls,
    extraIndexUrls: lines.options.extraIndexUrls,
    trustedHosts: lines.options.trustedHosts,
    // pip switches to hash-checking mode as soon as one requirement carries a hash.
    requireHashes: lines.options.requireHashes || lines.hashed > 0,
    atRuntime: false,
    loc,
    origin,
    ...(workloadId ? { workloadId } : {}),
  };
}
