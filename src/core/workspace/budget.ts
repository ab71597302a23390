// The time and memory budget of reading one file. Analysis is synchronous JavaScript, so it
// cannot be interrupted from outside: readers call `checkBudget()` at safe points (once per
// instruction, document, line or stage, in the loops whose length the input sets), and the check
// throws BudgetExceeded once the file has used its time or grown the heap past its share. The
// engine then reports the file as skipped and the scan goes on with the next one. The budget of
// the file being read is held in a module variable for the synchronous part of the reader's call
// (where readers do their work), so readers need no extra parameter; AsyncLocalStorage would do
// the same across awaits but makes every promise in the process about twice as slow.

import { getHeapStatistics } from 'node:v8';

/** Seconds a file may take at least, whatever its size. */
export const DEFAULT_BUDGET_SECONDS = 10;
/** Further seconds per MiB of input, so a large file gets more time than a small one. */
export const BUDGET_SECONDS_PER_MIB = 4;
/** Heap growth one file may cause (MiB). */
export const DEFAULT_BUDGET_MEMORY_MIB = 768;

/** How often, in checks, the clock and the heap are looked at (a power of two, minus one). */
const SAMPLE_MASK = 255;

export class BudgetExceeded extends Error {}

export interface BudgetLimits {
  /** Time limit in milliseconds. */
  ms: number;
  /** Heap growth limit in bytes. */
  heapBytes: number;
}

/** The limits for a file of `bytes` bytes, from the configured `fileBudget` (or the defaults). */
export function budgetLimits(bytes: number, configured: { seconds?: number; memoryMiB?: number } = {}): BudgetLimits {
  const seconds = configured.seconds ?? DEFAULT_BUDGET_SECONDS + (BUDGET_SECONDS_PER_MIB * bytes) / (1024 * 1024);
  return { ms: seconds * 1000, heapBytes: (configured.memoryMiB ?? DEFAULT_BUDGET_MEMORY_MIB) * 1024 * 1024 };
}

const heapUsed = () => getHeapStatistics().used_heap_size;

export class FileBudget {
  private checks = 0;
  private readonly deadline: number;
  private readonly heapStart: number;

  constructor(
    readonly limits: BudgetLimits,
    private readonly now: () => number = () => performance.now(),
    private readonly heap: () => number = heapUsed,
  ) {
    this.deadline = now() + limits.ms;
    this.heapStart = heap();
  }

  /** Throws BudgetExceeded when the time or the memory is used up (sampled, so it is cheap). */
  check(): void {
    if ((++this.checks & SAMPLE_MASK) !== 0) return;
    this.checkNow();
  }

  /** The same check, unsampled: at the end of a reader, so a file without safe points is held to it too. */
  checkNow(): void {
    if (this.now() > this.deadline) throw new BudgetExceeded(`reading it took longer than its ${formatSeconds(this.limits.ms)} budget (fileBudget.seconds)`);
    const grown = this.heap() - this.heapStart;
    if (grown > this.limits.heapBytes) {
      throw new BudgetExceeded(`reading it grew the heap by more than its ${Math.round(this.limits.heapBytes / 1048576)} MiB budget (fileBudget.memoryMiB)`);
    }
  }
}

function formatSeconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms)} ms`;
}

let current: FileBudget | undefined;

/**
 * Runs `fn` with a file's budget in force for its synchronous part. Safe points reached after an
 * await of an async reader do nothing; such a reader is held to the budget when it returns.
 */
export function withBudget<T>(budget: FileBudget, fn: () => T): T {
  const outer = current;
  current = budget;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** A safe point: throws BudgetExceeded when the file being read is over its budget. */
export function checkBudget(): void {
  current?.check();
}
