// Where a YAML scalar's content lies in the file, and its decoded value with a map from every
// character back to a file offset (plain, single-quoted, double-quoted, literal and folded styles),
// so that words of a shell script written inside a YAML string point at their exact text.

import type { Scalar } from 'yaml';

/** The decoded value of a scalar and the file offset of each of its characters. */
export interface ScalarContent {
  value: string;
  /** `offsets[i]` is the file offset of `value[i]`; `offsets[value.length]` is the end of the content. */
  offsets: number[];
  /** False when the decoder did not reproduce the parser's value; offsets then only bound the content. */
  exact: boolean;
  /** The content span in the file (inside quotes; for block scalars, after the header). */
  start: number;
  end: number;
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** The span of a scalar's content: inside quotes, or the content lines of a block scalar. */
export function scalarContentRange(text: string, node: Scalar): { start: number; end: number } {
  const [a, b] = node.range ?? [0, 0];
  switch (node.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return b - a >= 2 ? { start: a + 1, end: b - 1 } : { start: a, end: b };
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED': {
      let s = a;
      while (s < b && !isBreak(text[s])) s++;
      while (s < b && (isBreak(text[s]) || isBlank(text[s]))) s++;
      let e = b;
      while (e > s && (isBreak(text[e - 1]) || isBlank(text[e - 1]))) e--;
      return { start: s, end: e };
    }
    default:
      return { start: a, end: b };
  }
}

/** Decodes a scalar from the file text, keeping the offset of every character. */
export function scalarContent(text: string, node: Scalar): ScalarContent {
  const { start, end } = scalarContentRange(text, node);
  let out: { value: string; offsets: number[] };
  switch (node.type) {
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      out = decodeBlock(text, node.range?.[0] ?? start, node.range?.[1] ?? end, node.type === 'BLOCK_FOLDED');
      break;
    case 'QUOTE_DOUBLE':
      out = decodeFlow(text, start, end, 'double');
      break;
    case 'QUOTE_SINGLE':
      out = decodeFlow(text, start, end, 'single');
      break;
    default:
      out = decodeFlow(text, start, end, 'plain');
  }
  const expected = typeof node.value === 'string' ? node.value : node.value === null || node.value === undefined ? '' : text.slice(start, end);
  if (out.value === expected) return { ...out, exact: true, start, end };
  return { value: expected, offsets: [...Array.from({ length: expected.length }, () => start), end], exact: false, start, end };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

/** Plain and quoted scalars: line folding, `''` in single quotes and escapes in double quotes. */
function decodeFlow(text: string, a: number, b: number, style: 'plain' | 'single' | 'double'): { value: string; offsets: number[] } {
  const chars: string[] = [];
  const offs: number[] = [];
  // Length of the output up to its last character that line folding must not trim.
  let hard = 0;
  let i = a;
  const push = (s: string, at: number) => {
    for (const ch of s.split('')) {
      chars.push(ch);
      offs.push(at);
    }
  };
  while (i < b) {
    const c = text[i];
    if (isBreak(c)) {
      chars.length = hard;
      offs.length = hard;
      let j = i;
      const breaks: number[] = [];
      while (j < b && (isBreak(text[j]) || isBlank(text[j]))) {
        if (isBreak(text[j])) {
          breaks.push(j);
          if (text[j] === '\r' && text[j + 1] === '\n') j++;
        }
        j++;
      }
      if (breaks.length === 1) push(' ', breaks[0]);
      else for (const br of breaks.slice(1)) push('\n', br);
      hard = chars.length;
      i = j;
      continue;
    }
    if (style === 'double' && c === '\\') {
      const n = text[i + 1];
      if (isBreak(n)) {
        let j = i + 1;
        if (text[j] === '\r' && text[j + 1] === '\n') j++;
        j++;
        while (j < b && isBlank(text[j])) j++;
        hard = chars.length;
        i = j;
        continue;
      }
      const hexLen = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
      if (hexLen) {
        const hex = text.slice(i + 2, i + 2 + hexLen);
        push(/^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLen ? String.fromCodePoint(parseInt(hex, 16)) : '', i);
        i += 2 + hexLen;
      } else {
        push(SIMPLE_ESCAPES[n] ?? n, i);
        i += 2;
      }
      hard = chars.length;
      continue;
    }
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      push("'", i);
      i += 2;
      hard = chars.length;
      continue;
    }
    push(c, i);
    i++;
    if (!isBlank(c)) hard = chars.length;
  }
  if (style === 'plain') {
    chars.length = hard;
    offs.length = hard;
  }
  offs.push(b);
  return { value: chars.join(''), offsets: offs };
}

/** Literal (`|`) and folded (`>`) block scalars with auto-detected indentation and chomping. */
function decodeBlock(text: string, a: number, b: number, folded: boolean): { value: string; offsets: number[] } {
  let i = a + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  let explicitIndent = 0;
  while (i < b && !isBreak(text[i]) && text[i] !== '#' && !isBlank(text[i])) {
    if (text[i] === '-') chomp = 'strip';
    else if (text[i] === '+') chomp = 'keep';
    else if (/[1-9]/.test(text[i])) explicitIndent = Number(text[i]);
    i++;
  }
  while (i < b && !isBreak(text[i])) i++;
  if (text[i] === '\r' && text[i + 1] === '\n') i++;
  i++;
  // Split the content into lines with their start offsets.
  const lines: { start: number; end: number; brk: number }[] = [];
  let s = i;
  while (s < b) {
    let e = s;
    while (e < b && !isBreak(text[e])) e++;
    lines.push({ start: s, end: e, brk: e });
    if (text[e] === '\r' && text[e + 1] === '\n') e++;
    s = e + 1;
  }
  let indent = 0;
  const firstContent = lines.find((l) => text.slice(l.start, l.end).trim() !== '');
  if (firstContent) {
    while (text[firstContent.start + indent] === ' ') indent++;
  }
  if (explicitIndent) {
    // The indicator counts from the parent's indentation, which is the header line's; the
    // parser's value check in scalarContent catches any case this approximation misses.
    let lineStart = a;
    while (lineStart > 0 && !isBreak(text[lineStart - 1])) lineStart--;
    let parent = 0;
    while (text[lineStart + parent] === ' ') parent++;
    indent = parent + explicitIndent;
  }
  const chars: string[] = [];
  const offs: number[] = [];
  const push = (ch: string, at: number) => {
    chars.push(ch);
    offs.push(at);
  };
  let prevKind: 'none' | 'text' | 'more' | 'empty' = 'none';
  let pendingBreaks: number[] = [];
  let lastTextBreak = -1;
  for (const l of lines) {
    const body = l.end - l.start > indent ? text.slice(l.start + indent, l.end) : '';
    const isEmpty = text.slice(l.start, l.end).trim() === '' && body.trim() === '';
    if (isEmpty) {
      pendingBreaks.push(l.brk);
      continue;
    }
    const more = isBlank(body[0]);
    if (prevKind !== 'none') {
      if (folded && prevKind === 'text' && !more && pendingBreaks.length === 0) push(' ', lastTextBreak);
      else if (folded && prevKind === 'text' && !more) for (const br of pendingBreaks) push('\n', br);
      else {
        push('\n', lastTextBreak);
        for (const br of pendingBreaks) push('\n', br);
      }
    } else {
      for (const br of pendingBreaks) push('\n', br);
    }
    pendingBreaks = [];
    for (let k = 0; k < body.length; k++) push(body[k], l.start + indent + k);
    lastTextBreak = l.brk;
    prevKind = more ? 'more' : 'text';
  }
  if (prevKind !== 'none' && chomp !== 'strip') push('\n', lastTextBreak);
  if (chomp === 'keep') for (const br of pendingBreaks) push('\n', br);
  offs.push(chars.length ? Math.min(b, (offs[offs.length - 1] ?? b) + 1) : b);
  return { value: chars.join(''), offsets: offs };
}
