// Shared helpers for benchmarks: timing, peak memory sampling and a uniform report format.

import { performance } from 'node:perf_hooks';
import { createEngine } from '../src/core';
import { defaultConfig } from '../src/core/config';
import { DocumentIndex } from '../src/core/document';
import { SourceFile } from '../src/core/source';

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

/** Milliseconds for the engine to parse `files` and analyse them as one workspace. */
export async function timeAnalysis(files: { rel: string; text: string }[]): Promise<number> {
  const engine = createEngine();
  const config = defaultConfig();
  const t0 = process.hrtime.bigint();
  const index = new DocumentIndex();
  for (const f of files) for (const d of (await engine.parse(new SourceFile(f.rel, f.text), { config })).docs) index.add(d);
  await engine.analyze(index, { config });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
