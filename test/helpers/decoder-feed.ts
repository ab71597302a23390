// What the streaming decoder tests share: feeding a buffer to a decoder in chunks, as a file
// stream would, and deterministic incompressible bytes.

/** A streaming decoder: pulls input through `next` and yields output, returning where it stopped. */
export type StreamDecoder = (next: () => Promise<Buffer | null>, o: { maxOutput: number }) => AsyncGenerator<Buffer, { truncatedAt?: number }, void>;

/** Feeds `data` to the decoder in chunks of `chunk` bytes and collects the output. */
export async function decodeChunked(decoder: StreamDecoder, data: Buffer, maxOutput = 1 << 30, chunk = 4096): Promise<{ out: Buffer; truncatedAt?: number }> {
  let pos = 0;
  const next = () => {
    if (pos >= data.length) return Promise.resolve(null);
    const b = data.subarray(pos, pos + chunk);
    pos += b.length;
    return Promise.resolve(b);
  };
  const parts: Buffer[] = [];
  const it = decoder(next, { maxOutput });
  for (;;) {
    const step = await it.next();
    if (step.done) return { out: Buffer.concat(parts), truncatedAt: step.value.truncatedAt };
    parts.push(step.value);
  }
}

/** Deterministic pseudo-random bytes. */
export function noise(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}
