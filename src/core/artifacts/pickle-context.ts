// The state one scan shares across the machines it runs (the outer pickle, joblib object arrays
// and nested pickles): the table of globals, the nested pickles found and the dynamic calls.

import type { ByteFeed, Parser } from './byte-feed';
import { classifyGlobal } from './pickle-globals';
import { LIMITS, type GlobalSource, type NestedRecord, type PickleGlobal, type PickleOptions, type PickleScan } from './pickle-types';

/** Runs one pickle on a feed within a context: how a machine starts a nested or inner scan. */
export type ScanRunner = (feed: ByteFeed, ctx: ScanContext, options: PickleOptions) => Parser<PickleScan>;

export class ScanContext {
  readonly table = new Map<string, PickleGlobal>();
  readonly nested: NestedRecord[] = [];
  readonly dynamicCalls: PickleScan['dynamicCalls'] = [];

  constructor(
    readonly depth: number,
    /** Scans a pickle nested in an argument (in its own context) or inline (in this one). */
    readonly runner: ScanRunner,
    /** The dispatch every machine of this scan uses (see PickleOptions.dispatch). */
    readonly dispatch?: PickleOptions['dispatch'],
  ) {}

  /** Options for an inner machine: the scan's dispatch, nothing else. */
  innerOptions(): PickleOptions {
    return this.dispatch ? { dispatch: this.dispatch } : {};
  }

  /** A fresh context for a pickle nested one level deeper. */
  child(): ScanContext {
    return new ScanContext(this.depth + 1, this.runner, this.dispatch);
  }

  note(module: string, name: string, offset: number, source: GlobalSource, unresolved = false): PickleGlobal {
    const key = `${module}\u0000${name}\u0000${unresolved ? 1 : 0}`;
    let g = this.table.get(key);
    if (!g) {
      const c = unresolved ? { class: 'dangerous' as const, reason: 'the imported name is computed at load time, so it cannot be checked' } : classifyGlobal(module, name);
      g = { module, name, offset, offsets: [], count: 0, source, calls: 0, callOffsets: [], mutated: false, classification: c.class, reason: c.reason, ...(unresolved ? { unresolved } : {}) };
      this.table.set(key, g);
    }
    g.count++;
    if (g.offsets.length < LIMITS.offsetsKeep) g.offsets.push(offset);
    return g;
  }
}
