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
