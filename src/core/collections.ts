// Small collection helpers shared across the core.

/** Items under each of their keys, in the order given (an item is listed once per key it yields). */
export function groupBy<T>(items: Iterable<T>, keys: (item: T) => Iterable<string>): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    for (const k of keys(item)) {
      const list = m.get(k);
      if (list) list.push(item);
      else m.set(k, [item]);
    }
  }
  return m;
}

/**
 * Appends every item to `into` without spreading them as call arguments (a spread of an
 * input-sized array overflows the stack); returns `into`.
 */
export function appendAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}

/** The largest value, or `empty` when there is none (no argument spreading). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let m = -Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v > m) m = v;
  }
  return any ? m : empty;
}

/** The smallest value, or `empty` when there is none (no argument spreading). */
export function minOf(values: Iterable<number>, empty = Infinity): number {
  let m = Infinity;
  let any = false;
  for (const v of values) {
    any = true;
    if (v < m) m = v;
  }
  return any ? m : empty;
}
