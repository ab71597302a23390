// Shared helpers for benchmarks: timing, peak memory sampling and a uniform report format.

import { performance } from 'node:perf_hooks';

export async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Samples resident memory every few milliseconds and keeps the peak. */
export class PeakMemory {
  peak = process.memoryUsage().rss;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 5) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }
}

export function report(title: string, rows: [string, string][]): void {
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\n${title}`);
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
}
