// Applying fixes: text edits on original text, grouped by file, checked for overlap.

import type { Fix, TextEdit } from './model';

/** Applies non-overlapping edits to one text. Throws on overlapping edits. */
export function applyEdits(text: string, edits: readonly Pick<TextEdit, 'start' | 'end' | 'newText'>[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at offset ${e.start}`);
    if (e.end < e.start || e.end > text.length) throw new Error(`edit out of range (${e.start}-${e.end})`);
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Groups the edits of several fixes by file. */
export function editsByFile(fixes: readonly Fix[]): Map<string, TextEdit[]> {
  const m = new Map<string, TextEdit[]>();
  for (const f of fixes) {
    for (const e of f.edits) {
      const list = m.get(e.file);
      if (list) list.push(e);
      else m.set(e.file, [e]);
    }
  }
  return m;
}

/**
 * Picks a set of fixes whose edits do not overlap (first come, first kept), so they can be
 * applied in one pass; the rest wait for the next pass.
 */
export function nonOverlapping(fixes: readonly Fix[]): Fix[] {
  const taken = new Map<string, [number, number][]>();
  const out: Fix[] = [];
  for (const f of fixes) {
    const clash = f.edits.some((e) => (taken.get(e.file) ?? []).some(([s, t]) => (e.start < t && s < e.end) || (e.start === e.end && e.start === s && s === t)));
    if (clash) continue;
    for (const e of f.edits) {
      const l = taken.get(e.file) ?? [];
      l.push([e.start, e.end]);
      taken.set(e.file, l);
    }
    out.push(f);
  }
  return out;
}

/** Enough for fixes that only become possible after others; a bound against fixes that never settle. */
export const MAX_FIX_PASSES = 5;

/** The one edit that turns `before` into `after`: the span between their common prefix and suffix. */
export function spanEdit(before: string, after: string): Pick<TextEdit, 'start' | 'end' | 'newText'> {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}
