// Location and path helpers of threat-model inference: containment and overlap of source ranges,
// and the last segment and folder of a workspace path.

import type { Loc } from '../model';
import { pathSegments } from './classify';

export function contains(outer: Loc, inner: Loc): boolean {
  return outer.file === inner.file && outer.start <= inner.start && inner.end <= outer.end;
}

/** True when the ranges share a character; an empty range counts as one character wide. */
export function overlaps(a: Loc, b: Loc): boolean {
  return a.file === b.file && a.start < Math.max(b.end, b.start + 1) && b.start < Math.max(a.end, a.start + 1);
}

/** A key for one exact range, for looking facts up by where they are written. */
export function locKey(l: Loc): string {
  return `${l.start}:${l.end}:${l.file}`;
}

export function baseOf(p: string): string {
  const segs = pathSegments(p);
  return segs[segs.length - 1] ?? p;
}

export { dirOf } from '../paths';

/** Every proper ancestor of a normalised path as written (`a/b/c` → `a`, `a/b`). */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) out.push(path.slice(0, i));
  return out;
}
