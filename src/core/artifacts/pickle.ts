// Reads a pickle opcode stream (protocols 0–5) without executing it: tracks the stack, the mark
// stack and the memo exactly as the unpickler would, and lists every global the stream imports
// and which of them it calls, including globals hidden behind memo tricks or in nested pickles.
// The machine is in pickle-machine.ts, driven by the opcode table in pickle-opcodes.ts.

import { runOnBuffer, type ByteFeed, type Parser } from './byte-feed';
import { ScanContext } from './pickle-context';
import { PickleMachine } from './pickle-machine';
import type { PickleOptions, PickleScan } from './pickle-types';

export type { GlobalSource, PickleGlobal, PickleOptions, PickleScan } from './pickle-types';
export { decodeRawUnicodeEscape } from './pickle-text';
export { isPickleStart } from './pickle-nested';

/** Runs one pickle (to its STOP) on `feed` and returns the scan with its globals listed. */
function* scanWith(feed: ByteFeed, ctx: ScanContext, options: PickleOptions): Parser<PickleScan> {
  const machine = new PickleMachine(feed, ctx, options);
  const scan = yield* machine.run();
  return finish(scan, ctx);
}

/** Lists the context's globals, with those of the nested pickles that count, in file order. */
function finish(scan: PickleScan, ctx: ScanContext): PickleScan {
  const globals = [...ctx.table.values()];
  let nestedPickles = 0;
  for (const rec of ctx.nested) {
    if (!rec.scan.complete && !rec.loadedVia) continue;
    nestedPickles += 1 + rec.scan.nestedPickles;
    for (const g of rec.scan.globals) {
      // A nested scan's feed starts at its argument's offset, so its offsets are already absolute.
      const via = rec.loadedVia ?? g.nested?.via;
      globals.push({ ...g, nested: { depth: (g.nested?.depth ?? 0) + 1, argumentOffset: rec.argumentOffset, ...(via ? { via } : {}) } });
    }
  }
  globals.sort((a, b) => a.offset - b.offset);
  return { ...scan, globals, dynamicCalls: [...ctx.dynamicCalls], nestedPickles };
}

/** A parser for one pickle stream starting at the feed's position. */
export function pickleParser(options: PickleOptions = {}): (feed: ByteFeed) => Parser<PickleScan> {
  return (feed) => scanWith(feed, new ScanContext(0, scanWith, options.dispatch), options);
}

/** Scans one pickle held in memory. */
export function scanPickleBuffer(bytes: Buffer, options: PickleOptions = {}): PickleScan {
  return runOnBuffer(pickleParser(options), bytes);
}
