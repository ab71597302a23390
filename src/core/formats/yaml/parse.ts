// Parsing YAML text into documents that keep source ranges, with parse errors turned into notes
// that point at the offending text. Shared by every YAML-based format reader.

import { parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { Problem } from '../../model';
import type { SourceFile } from '../../source';
import { yamlDepthExceeded, tooDeepMessage } from './depth';
import { DEFAULT_ALIAS_BUDGET, YamlDoc, type Shift } from './nodes';

export interface ParsedYaml {
  docs: YamlDoc[];
  /** Documents that failed to parse, by index in `docs` (their nodes may be partial). */
  failed: Set<number>;
  notes: Problem[];
}

/** Parses every document of a YAML stream. Never throws; errors become notes. */
export function parseYaml(file: SourceFile, options: { aliasBudget?: number } = {}): ParsedYaml {
  const notes: Problem[] = [];
  const failed = new Set<number>();
  let raw: Document.Parsed[];
  const deep = yamlDepthExceeded(file.text);
  if (deep !== undefined) {
    const loc = file.loc(deep, deep);
    notes.push({ file: file.path, level: 'error', message: `not valid YAML: ${tooDeepMessage()}`, loc, range: file.rangeOf(loc) });
    return { docs: [], failed, notes };
  }
  try {
    const r: unknown = parseAllDocuments(file.text, { prettyErrors: false, uniqueKeys: false, strict: false });
    // An empty stream comes back as a non-array object holding only stream-level errors.
    if (Array.isArray(r)) raw = r as Document.Parsed[];
    else {
      raw = [];
      for (const e of (r as { errors?: YAMLError[] }).errors ?? []) notes.push(yamlErrorNote(file, e));
    }
  } catch (e) {
    notes.push({ file: file.path, level: 'error', message: `not valid YAML: ${(e as Error).message}` });
    return { docs: [], failed, notes };
  }
  const budget = options.aliasBudget ?? DEFAULT_ALIAS_BUDGET;
  const docs = raw.map((d) => new YamlDoc(d, file.path, file.text, budget));
  if (raw.some((d) => d.errors.length)) {
    // Go's YAML parser (kubectl, Argo, KFP) accepts continuation lines of quoted scalars and flow
    // collections indented no deeper than their parent; retry with those lines indented.
    const relaxed = relaxIndentation(file.text);
    if (relaxed) {
      let again: Document.Parsed[] = [];
      try {
        const r: unknown = parseAllDocuments(relaxed.text, { prettyErrors: false, uniqueKeys: false, strict: false });
        if (Array.isArray(r)) again = r as Document.Parsed[];
      } catch {
        again = [];
      }
      if (again.length === raw.length) {
        raw.forEach((d, i) => {
          if (d.errors.length && !again[i].errors.length) {
            raw[i] = again[i];
            docs[i] = new YamlDoc(again[i], file.path, relaxed.text, budget, relaxed.shifts);
          }
        });
      }
    }
  }
  raw.forEach((d, i) => {
    if (d.errors.length) {
      failed.add(i);
      notes.push(yamlErrorNote(file, d.errors[0], d.errors.length - 1));
    }
  });
  return { docs, failed, notes };
}

/** A note for a YAML syntax error, located at the error. */
export function yamlErrorNote(file: SourceFile, e: YAMLError, more = 0): Problem {
  const [start, end] = e.pos ?? [0, 0];
  const loc = file.loc(Math.min(start, file.text.length), Math.min(Math.max(end, start), file.text.length));
  const pos = file.positionAt(loc.start);
  const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  const extra = more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : '';
  return {
    file: file.path,
    level: 'error',
    message: `not valid YAML at line ${pos.line + 1}, column ${pos.character + 1}: ${first}${extra}`,
    loc,
    range: file.rangeOf(loc),
  };
}

/**
 * Indents continuation lines of multi-line quoted scalars and flow collections that are not
 * indented deeper than the line they start on. Returns the new text and where spaces went, or
 * undefined when nothing needed indenting. Block scalars and comments are skipped.
 */
export function relaxIndentation(text: string): { text: string; shifts: Shift[] } | undefined {
  const shifts: Shift[] = [];
  const n = text.length;
  let i = 0;
  // Open construct: the indentation of the line it started on, and its kind.
  let open: { indent: number; quote?: '"' | "'"; depth: number } | undefined;
  let blockIndent = -1;
  while (i < n) {
    const lineStart = i;
    let ind = 0;
    while (text[i + ind] === ' ') ind++;
    let lineEnd = i;
    while (lineEnd < n && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    const blank = text.slice(lineStart, lineEnd).trim() === '';
    if (blockIndent >= 0) {
      if (blank || ind > blockIndent) {
        i = nextLine(text, lineEnd);
        continue;
      }
      blockIndent = -1;
    }
    if (open && !blank && ind <= open.indent) shifts.push({ at: lineStart, add: open.indent + 1 - ind });
    const indent = ind;
    let j = lineStart + ind;
    let valueStart = true;
    while (j < lineEnd) {
      const c = text[j];
      if (open?.quote) {
        if (open.quote === '"' && c === '\\') j++;
        else if (c === open.quote) {
          if (open.quote === "'" && text[j + 1] === "'") j++;
          else {
            open = open.depth > 0 ? { indent: open.indent, depth: open.depth } : undefined;
            valueStart = false;
          }
        }
        j++;
        continue;
      }
      if (c === '#' && (j === lineStart || /\s/.test(text[j - 1]))) break;
      if ((c === '"' || c === "'") && valueStart) {
        open = { indent: open?.indent ?? indent, quote: c, depth: open?.depth ?? 0 };
      } else if ((c === '[' || c === '{') && (valueStart || (open && open.depth > 0))) {
        open = { indent: open?.indent ?? indent, depth: (open?.depth ?? 0) + 1 };
        valueStart = true;
        j++;
        continue;
      } else if ((c === ']' || c === '}') && open && open.depth > 0) {
        open = open.depth > 1 ? { indent: open.indent, depth: open.depth - 1 } : undefined;
      } else if (!open && (c === '|' || c === '>') && valueStart && /^[|>][-+0-9]*\s*(#.*)?$/.test(text.slice(j, lineEnd))) {
        blockIndent = indent;
        break;
      }
      if (c === ':' && (j + 1 === lineEnd || text[j + 1] === ' ')) valueStart = true;
      else if (c === '-' && (j + 1 === lineEnd || text[j + 1] === ' ') && valueStart) valueStart = true;
      else if (c === ',' && open && open.depth > 0) valueStart = true;
      else if (c !== ' ' && c !== '\t') valueStart = false;
      j++;
    }
    i = nextLine(text, lineEnd);
  }
  if (!shifts.length) return undefined;
  let out = '';
  let pos = 0;
  for (const s of shifts) {
    out += text.slice(pos, s.at) + ' '.repeat(s.add);
    pos = s.at;
  }
  return { text: out + text.slice(pos), shifts };
}

function nextLine(text: string, lineEnd: number): number {
  if (text[lineEnd] === '\r' && text[lineEnd + 1] === '\n') return lineEnd + 2;
  return lineEnd + 1;
}
