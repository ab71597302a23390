// The value of a Python string expression together with where each of its characters is written:
// literals (escapes decoded), adjacent literals, f-strings whose replacements are known, `+`, names
// bound once and `textwrap.dedent(...)`. Text embedded in Python (a component's YAML) is read from
// the value, and every offset into the value maps back to the exact place in the .py file.

import type { SyntaxNode } from '@lezer/common';
import type { PyModule } from './module';
import { children } from './syntax';
import { evaluate } from './values';

/** A string value and, per character, the file range it was written as. */
export interface MappedString {
  value: string;
  /** File offset where character i starts in the source (an escape starts at its backslash). */
  from: number[];
  /** File offset where character i ends in the source. */
  to: number[];
  /** Every part is triple-quoted, so a line break can be written into it as is. */
  multiline: boolean;
  /** Some part is an f-string, so `{` and `}` cannot be written into it as is. */
  formatted: boolean;
  /** The expression as a whole, for a value with no characters. */
  start: number;
  end: number;
}

const MAX_DEPTH = 16;
const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

class Builder {
  value = '';
  from: number[] = [];
  to: number[] = [];
  multiline = true;
  formatted = false;

  push(s: string, start: number, end: number): void {
    for (const ch of s) {
      // A character outside the BMP is two UTF-16 units; both map to the same source range.
      for (let k = 0; k < ch.length; k++) {
        this.from.push(start);
        this.to.push(end);
      }
      this.value += ch;
    }
  }
}

/** Reads the value of a string expression with its character map; undefined when any part is unknown. */
export function mappedString(m: PyModule, node: SyntaxNode | undefined): MappedString | undefined {
  if (!node) return undefined;
  const b = new Builder();
  if (!addExpression(m, node, b, 0)) return undefined;
  return { value: b.value, from: b.from, to: b.to, multiline: b.multiline, formatted: b.formatted, start: node.from, end: node.to };
}

function addExpression(m: PyModule, node: SyntaxNode, b: Builder, depth: number): boolean {
  if (depth > MAX_DEPTH || node.type.isError) return false;
  switch (node.name) {
    case 'String':
    case 'FormatString':
      return addLiteral(m, node, b, depth);
    case 'ContinuedString':
      return children(node).every((c) => addExpression(m, c, b, depth + 1));
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling;
      return !!inner && addExpression(m, inner, b, depth + 1);
    }
    case 'VariableName': {
      const bound = m.lookup(m.slice(node), m.scopeOf(node));
      return !!bound && addExpression(m, bound, b, depth + 1);
    }
    case 'BinaryExpression': {
      const [left, op, right] = children(node);
      return !!left && !!right && op && m.slice(op) === '+' ? addExpression(m, left, b, depth + 1) && addExpression(m, right, b, depth + 1) : false;
    }
    case 'CallExpression': {
      // `textwrap.dedent(text)`: YAML reads a uniformly indented document the same as a dedented one.
      const callee = node.firstChild;
      const d = callee ? m.dotted(callee) : undefined;
      const arg = node.getChild('ArgList')?.firstChild?.nextSibling;
      if (d?.imported && d.name === 'textwrap.dedent' && arg && arg.name !== ')') return addExpression(m, arg, b, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

function addLiteral(m: PyModule, node: SyntaxNode, b: Builder, depth: number): boolean {
  const t = m.text;
  let i = node.from;
  while (i < node.to && /[rRfFbBuU]/.test(t[i])) i++;
  const prefix = t.slice(node.from, i).toLowerCase();
  if (prefix.includes('b')) return false;
  const q = t[i];
  if (q !== '"' && q !== "'") return false;
  const ql = t.startsWith(q.repeat(3), i) ? 3 : 1;
  const start = i + ql;
  const end = node.to - ql;
  if (end < start || t.slice(end, node.to) !== q.repeat(ql)) return false;
  if (ql === 1) b.multiline = false;
  const raw = prefix.includes('r');
  if (!prefix.includes('f')) {
    addText(t, start, end, raw, false, b);
    return true;
  }
  b.formatted = true;
  let at = start;
  for (const r of node.getChildren('FormatReplacement')) {
    addText(t, at, r.from, raw, true, b);
    const parts = children(r).filter((c) => c.name !== '{' && c.name !== '}');
    if (parts.length !== 1 && !(parts.length === 2 && parts[1].name === 'FormatConversion')) return false;
    const v = evaluate(m, parts[0], depth + 1);
    const s = v?.kind === 'str' ? v.value : v?.kind === 'num' ? String(v.value) : undefined;
    if (s === undefined) return false;
    // A replacement's characters all stand at the replacement as written.
    b.push(s, r.from, r.to);
    at = r.to;
  }
  addText(t, at, end, raw, true, b);
  return true;
}

/** Decodes literal text between `from` and `to`, mapping each character to its source. */
function addText(t: string, from: number, to: number, raw: boolean, formatted: boolean, b: Builder): void {
  let i = from;
  while (i < to) {
    const c = t[i];
    if (formatted && (c === '{' || c === '}') && t[i + 1] === c) {
      b.push(c, i, i + 2);
      i += 2;
    } else if (c === '\\' && i + 1 < to) {
      if (raw) {
        // A raw string keeps the backslash and the character after it.
        b.push(t.slice(i, i + 2), i, i + 2);
        i += 2;
        continue;
      }
      i = addEscape(t, i, to, b);
    } else {
      const cp = t.codePointAt(i)!;
      const n = cp > 0xffff ? 2 : 1;
      b.push(t.slice(i, i + n), i, i + n);
      i += n;
    }
  }
}

/** One escape sequence at `i` (a backslash); returns the offset after it. */
function addEscape(t: string, i: number, to: number, b: Builder): number {
  const e = t[i + 1];
  if (e === '\n') return i + 2;
  if (e === '\r') return t[i + 2] === '\n' ? i + 3 : i + 2;
  if (SIMPLE_ESCAPES[e] !== undefined) {
    b.push(SIMPLE_ESCAPES[e], i, i + 2);
    return i + 2;
  }
  const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
  if (hex && i + 2 + hex <= to && /^[0-9a-fA-F]+$/.test(t.slice(i + 2, i + 2 + hex))) {
    const cp = parseInt(t.slice(i + 2, i + 2 + hex), 16);
    if (cp <= 0x10ffff) {
      b.push(String.fromCodePoint(cp), i, i + 2 + hex);
      return i + 2 + hex;
    }
  }
  const octal = /^[0-7]{1,3}/.exec(t.slice(i + 1, Math.min(to, i + 4)));
  if (octal) {
    b.push(String.fromCharCode(parseInt(octal[0], 8)), i, i + 1 + octal[0].length);
    return i + 1 + octal[0].length;
  }
  // `\N{name}` and unknown escapes: the name is not looked up; an unknown escape keeps its backslash.
  b.push(t.slice(i, i + 2), i, i + 2);
  return i + 2;
}

/** The file offset of a start offset in the value. */
export function mapStart(s: MappedString, o: number): number {
  if (!s.value.length) return s.start;
  return o < s.value.length ? s.from[o] : s.to[s.value.length - 1];
}

/** The file offset of an end offset in the value. */
export function mapEnd(s: MappedString, o: number): number {
  if (!s.value.length) return s.end;
  return o > 0 ? s.to[Math.min(o, s.value.length) - 1] : s.from[0];
}

/**
 * Whether the value's characters from `start` to `end` are written one for one in the file,
 * so replacing them with `newText` in the file replaces them in the value.
 */
export function editableRange(s: MappedString, start: number, end: number, newText: string): boolean {
  if (/[\\'"]/.test(newText) || (s.formatted && /[{}]/.test(newText)) || (!s.multiline && /[\r\n]/.test(newText))) return false;
  // The characters edited, and the neighbours an insertion lands between, are plain and adjacent.
  const lo = Math.max(0, start - 1);
  const hi = Math.min(end + 1, s.value.length);
  for (let i = lo; i < hi; i++) {
    if (s.to[i] - s.from[i] !== 1) return false;
    if (i > lo && s.from[i] !== s.to[i - 1]) return false;
  }
  return true;
}
