// A reader for DVC's configuration dialect (configobj INI: quoted section names such as
// ['remote "s3"'], `key = value` with inline `#` comments and quoted values) that keeps offsets.

import type { Str } from '../../facts/model';
import type { Problem } from '../../model';
import type { SourceFile } from '../../source';

export interface IniEntry {
  key: Str;
  value: Str;
  /** The whole line including its line break, for edits that remove it. */
  lineStart: number;
  lineEnd: number;
}

export interface IniSection {
  /** The section name without brackets and quotes, e.g. `remote "s3"`. */
  name: Str;
  /** Offsets of the header line including its line break. */
  lineStart: number;
  lineEnd: number;
  entries: IniEntry[];
  /** Offset just after the last line that belongs to the section. */
  end: number;
}

export interface IniDocument {
  sections: IniSection[];
  /** Entries before the first section header. */
  preamble: IniEntry[];
  notes: Problem[];
}

/** Splits `text` into lines with their start and end (after the line break) offsets. */
function lines(text: string): { start: number; end: number; content: string }[] {
  const out: { start: number; end: number; content: string }[] = [];
  let s = 0;
  while (s < text.length) {
    let e = s;
    while (e < text.length && text[e] !== '\n' && text[e] !== '\r') e++;
    const content = text.slice(s, e);
    if (text[e] === '\r' && text[e + 1] === '\n') e += 2;
    else if (e < text.length) e += 1;
    out.push({ start: s, end: e, content });
    s = e;
  }
  return out;
}

/** Parses the value part of `key = value`: quotes removed, inline comment dropped. */
function parseValue(raw: string, base: number): { value: string; start: number; end: number } {
  let i = 0;
  while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t')) i++;
  const q = raw[i];
  if ((q === '"' || q === "'") && raw.indexOf(q, i + 1) > i) {
    const close = raw.indexOf(q, i + 1);
    return { value: raw.slice(i + 1, close), start: base + i + 1, end: base + close };
  }
  // configobj starts an inline comment at the first `#` of an unquoted value.
  const hash = raw.indexOf('#', i);
  let e = hash < 0 ? raw.length : hash;
  while (e > i && (raw[e - 1] === ' ' || raw[e - 1] === '\t')) e--;
  return { value: raw.slice(i, e), start: base + i, end: base + e };
}

function unquote(s: string): { text: string; offset: number } {
  const t = s.trim();
  const lead = s.indexOf(t);
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return { text: t.slice(1, -1), offset: lead + 1 };
  return { text: t, offset: lead };
}

/** Parses a DVC config file. Malformed lines become notes; parsing goes on. */
export function parseIni(file: SourceFile): IniDocument {
  const doc: IniDocument = { sections: [], preamble: [], notes: [] };
  let current: IniSection | undefined;
  for (const ln of lines(file.text)) {
    const trimmed = ln.content.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) {
      if (current && trimmed) current.end = ln.end;
      continue;
    }
    const lead = ln.content.indexOf(trimmed);
    if (trimmed.startsWith('[')) {
      const close = trimmed.lastIndexOf(']');
      if (close < 0) {
        doc.notes.push({ file: file.path, level: 'warning', message: 'section header without a closing bracket', loc: file.loc(ln.start, ln.start + ln.content.length) });
        continue;
      }
      const inner = trimmed.slice(1, close);
      const { text, offset } = unquote(inner);
      const nameStart = ln.start + lead + 1 + offset;
      current = {
        name: { value: text, loc: file.loc(nameStart, nameStart + text.length) },
        lineStart: ln.start,
        lineEnd: ln.end,
        entries: [],
        end: ln.end,
      };
      doc.sections.push(current);
      continue;
    }
    const eq = ln.content.indexOf('=');
    if (eq < 0) {
      doc.notes.push({
        file: file.path,
        level: 'warning',
        message: `line is neither a section header nor "key = value": ${trimmed.slice(0, 60)}`,
        loc: file.loc(ln.start + lead, ln.start + ln.content.length),
      });
      continue;
    }
    const keyRaw = ln.content.slice(0, eq);
    const k = unquote(keyRaw);
    const v = parseValue(ln.content.slice(eq + 1), ln.start + eq + 1);
    const entry: IniEntry = {
      key: { value: k.text, loc: file.loc(ln.start + k.offset, ln.start + k.offset + k.text.length) },
      value: { value: v.value, loc: file.loc(v.start, v.end) },
      lineStart: ln.start,
      lineEnd: ln.end,
    };
    if (current) {
      current.entries.push(entry);
      current.end = ln.end;
    } else {
      doc.preamble.push(entry);
    }
  }
  return doc;
}

/** `remote "s3"` → { kind: 'remote', name: 's3' }; `core` → { kind: 'core' }. */
export function sectionKind(name: string): { kind: string; name?: string } {
  const m = /^(\w+)\s+"(.*)"$/.exec(name.trim());
  if (m) return { kind: m[1].toLowerCase(), name: m[2] };
  return { kind: name.trim().toLowerCase() };
}
