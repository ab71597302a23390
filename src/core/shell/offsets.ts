// Offset maps: how an index in a shell script's text maps back to an offset in the file it came
// from (verbatim copies, whole spans, per-character tables and shifted sub-texts).

import type { Loc } from '../model';

/** Maps an index in the script text to an offset in the file. */
export interface OffsetMap {
  file: string;
  at(i: number): number;
  /** Set when the text is not a verbatim copy: every location inside it is this whole span. */
  span?: Loc;
  /** Set when the text is a verbatim copy of the file from this offset on (`at(i)` is `base + i`). */
  base?: number;
}

/** For script text copied verbatim from the file starting at `base`. */
export function identityMap(file: string, base: number): OffsetMap {
  return { file, base, at: (i) => base + i };
}

/** Every location is one span (used when the source text is not a verbatim copy). */
export function spanMap(loc: Loc): OffsetMap {
  return { file: loc.file, at: (i) => (i <= 0 ? loc.start : loc.end), span: loc };
}

/** Maps through a table of file offsets (one per script character, plus one past the end). */
export function tableMap(file: string, offsets: ArrayLike<number>): OffsetMap {
  const n = offsets.length;
  return { file, at: (i) => (n === 0 ? 0 : offsets[Math.max(0, Math.min(i, n - 1))]) };
}

/** The map of a text that starts `by` characters into the text `outer` maps. */
export function shiftMap(outer: OffsetMap, by: number): OffsetMap {
  if (by === 0) return outer;
  if (outer.base !== undefined) return identityMap(outer.file, outer.base + by);
  return { file: outer.file, at: (i) => outer.at(by + i), ...(outer.span ? { span: outer.span } : {}) };
}
