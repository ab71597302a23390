// Seeded mutation of corpus files for the hostile suite: the same seed always yields the same
// mutants, so a failure can be reproduced from the seed printed with it.

import * as fs from 'node:fs';
import * as path from 'node:path';

export interface Mutant {
  path: string;
  bytes: Buffer;
}

/** A small deterministic generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const stack = [''];
  while (stack.length) {
    const rel = stack.pop()!;
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) stack.push(r);
      else if (e.isFile() && fs.statSync(path.join(root, r)).size <= 64 * 1024) out.push(r);
    }
  }
  return out.sort();
}

const INSERTS = ['\u001b]0;x\u0007', '&a [*a, *a]', '{{{{{{{{', '[[[[[[[[', '${A}${A}', '\n---\n', '\r', '\0', '../../../../etc/passwd', '"', "'", ': ', '- ', '\t', '\ufeff', '\\'];

/** One mutation of `bytes`: a byte flip, an insertion of a hostile token, a deletion, or a duplicated span. */
function mutate(bytes: Buffer, next: () => number): Buffer {
  // Buffer.concat and subarray keep the bytes in ordinary (unshared) memory.
  const at = Math.floor(next() * (bytes.length + 1));
  const kind = Math.floor(next() * 4);
  if (kind === 0 && bytes.length) {
    const b = Buffer.from(bytes);
    b[Math.min(at, b.length - 1)] = Math.floor(next() * 256);
    return b;
  }
  if (kind === 1) return Buffer.concat([bytes.subarray(0, at), Buffer.from(INSERTS[Math.floor(next() * INSERTS.length)]), bytes.subarray(at)]);
  const len = Math.floor(next() * 64);
  if (kind === 2) return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + len)]);
  const span = bytes.subarray(at, at + len);
  return Buffer.concat([bytes.subarray(0, at + len), span, span, bytes.subarray(at + len)]);
}

/** `batches` groups of `perBatch` mutants of corpus files, each with 1 to 8 mutations, at the file's own path. */
export function corpusMutants(corpus: string, o: { seed: number; batches: number; perBatch: number }): Mutant[][] {
  const files = listFiles(corpus);
  const next = rng(o.seed);
  const out: Mutant[][] = [];
  for (let b = 0; b < o.batches; b++) {
    const batch = new Map<string, Mutant>();
    for (let i = 0; i < o.perBatch && files.length; i++) {
      const rel = files[Math.floor(next() * files.length)];
      let bytes: Buffer = fs.readFileSync(path.join(corpus, rel));
      const n = 1 + Math.floor(next() * 8);
      for (let k = 0; k < n; k++) bytes = mutate(bytes, next);
      batch.set(rel, { path: rel, bytes });
    }
    out.push([...batch.values()]);
  }
  return out;
}
