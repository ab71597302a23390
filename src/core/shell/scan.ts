// Character-level helpers of the shell parser: finding closers past quotes and nesting, and
// whether a word's text is a verbatim copy of its value.

import type { ShellWord } from '../facts/model';

export function indexOrEnd(t: string, ch: string, from: number): number {
  const i = t.indexOf(ch, from);
  return i < 0 ? t.length - 1 : i;
}

/** Returns the index just past the matching close, skipping quotes and nesting. */
export function matchClose(t: string, from: number, open: string, close: string): number {
  let depth = 1;
  let i = from;
  while (i < t.length) {
    const c = t[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'" && open !== '{') {
      const e = t.indexOf("'", i + 1);
      i = e < 0 ? t.length : e + 1;
      continue;
    }
    if (t.startsWith(close, i)) {
      depth--;
      i += close.length;
      if (depth === 0) return i;
      continue;
    }
    if (t.startsWith(open, i) || (open === '((' && c === '(')) {
      depth++;
      i += open === '((' && c === '(' && !t.startsWith('((', i) ? 1 : open.length;
      continue;
    }
    i++;
  }
  return t.length;
}

/** The word is a plain or simply quoted copy of its value, so inner offsets are exact. */
export function isVerbatim(w: ShellWord): boolean {
  const q = quoteWidth(w.raw);
  const inner = w.raw.slice(q, w.raw.length - q);
  return inner === w.value && !w.dynamic;
}

export function quoteWidth(raw: string): number {
  return raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0] ? 1 : 0;
}
