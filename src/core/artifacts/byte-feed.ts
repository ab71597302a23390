// Incremental byte input for the binary parsers: a parser is a generator that pauses whenever it
// needs more bytes, so the same code reads a file by ranges, a zip entry stream or bytes nested in
// another stream, with memory bounded by the chunk size instead of the file size.

/**
 * The input ended before the parser had what it needed. Not an Error subclass: speculative
 * parses (is this string a nested pickle?) fail this way constantly, and capturing a stack trace
 * each time would dominate the scan.
 */
export class Truncated {
  readonly message = 'the data ends early (truncated)';
}

/** The one instance thrown; it carries no state. */
export const TRUNCATED = new Truncated();

/** A parser pauses (yields) when it needs more input and returns its result when done. */
export type Parser<T> = Generator<void, T, void>;

const EMPTY = Buffer.alloc(0);

/** The bytes a parser can see now, with the absolute offset of each. */
export class ByteFeed {
  buf: Buffer = EMPTY;
  /** Index of the next unread byte in `buf`. */
  i = 0;
  /** Absolute offset of `buf[0]` in the whole input. */
  base = 0;
  eof = false;
  /** Bytes the parser asked to skip beyond what was buffered; the driver seeks or discards them. */
  skipPending = 0;

  constructor(start = 0) {
    this.base = start;
  }

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.base + this.i;
  }

  get available(): number {
    return this.buf.length - this.i;
  }

  /** Appends input; bytes still owed to a pending skip are dropped first. */
  push(chunk: Buffer): void {
    if (this.skipPending > 0) {
      const n = Math.min(this.skipPending, chunk.length);
      this.skipPending -= n;
      this.base += this.buf.length + n;
      this.buf = chunk.subarray(n);
      this.i = 0;
      return;
    }
    if (this.i < this.buf.length) {
      const rest = this.buf.subarray(this.i);
      this.base += this.i;
      this.buf = Buffer.concat([rest, chunk]);
    } else {
      this.base += this.buf.length;
      this.buf = chunk;
    }
    this.i = 0;
  }

  /** Moves past `n` pending-skip bytes without reading them (the driver seeks instead). */
  advance(n: number): void {
    this.base += this.buf.length + n;
    this.buf = EMPTY;
    this.i = 0;
    this.skipPending -= n;
  }

  /** Waits until `n` bytes are buffered. */
  *need(n: number): Parser<void> {
    while (this.buf.length - this.i < n) {
      if (this.eof) throw TRUNCATED;
      yield;
    }
  }

  /** Waits for at least one more byte; false at the end of the input. */
  *more(): Parser<boolean> {
    while (this.buf.length - this.i < 1) {
      if (this.eof) return false;
      yield;
    }
    return true;
  }

  /** Reads `n` bytes (a view that stays valid only until the parser yields). */
  *take(n: number): Parser<Buffer> {
    if (this.buf.length - this.i < n) yield* this.need(n);
    const b = this.buf.subarray(this.i, this.i + n);
    this.i += n;
    return b;
  }

  /** Skips `n` bytes; the driver seeks past whatever is not buffered yet. */
  *skip(n: number): Parser<void> {
    const here = Math.min(n, this.buf.length - this.i);
    this.i += here;
    if (n > here) {
      this.skipPending = n - here;
      while (this.skipPending > 0) {
        if (this.eof) throw TRUNCATED;
        yield;
      }
    }
  }

  /** Passes the next `n` bytes to `sink` in pieces, never holding them all. */
  *stream(n: number, sink: (piece: Buffer) => void): Parser<void> {
    while (n > 0) {
      const avail = this.buf.length - this.i;
      if (avail === 0) {
        if (this.eof) throw TRUNCATED;
        yield;
        continue;
      }
      const k = Math.min(avail, n);
      sink(this.buf.subarray(this.i, this.i + k));
      this.i += k;
      n -= k;
    }
  }

  /**
   * Reads a line up to (not including) `\n`. A line longer than `max` bytes is passed to
   * `overflow` in pieces instead and the result is undefined.
   */
  *line(max: number, overflow: (piece: Buffer) => void): Parser<Buffer | undefined> {
    let scanned = 0;
    for (;;) {
      const nl = this.buf.indexOf(10, this.i + scanned);
      if (nl >= 0 && nl - this.i <= max) {
        const line = this.buf.subarray(this.i, nl);
        this.i = nl + 1;
        return line;
      }
      if (nl >= 0 || this.buf.length - this.i > max) break;
      scanned = this.buf.length - this.i;
      if (this.eof) throw TRUNCATED;
      yield;
    }
    for (;;) {
      const nl = this.buf.indexOf(10, this.i);
      const end = nl >= 0 ? nl : this.buf.length;
      if (end > this.i) overflow(this.buf.subarray(this.i, end));
      if (nl >= 0) {
        this.i = nl + 1;
        return undefined;
      }
      this.i = end;
      if (this.eof) throw TRUNCATED;
      yield;
    }
  }
}

/** Runs a parser over `[start, end)` of an input read by ranges, seeking past skipped bytes. */
export async function runOnRanges<T>(parser: (feed: ByteFeed) => Parser<T>, read: (position: number, length: number) => Promise<Buffer>, start: number, end: number, chunkSize = 1 << 20): Promise<T> {
  const feed = new ByteFeed(start);
  const gen = parser(feed);
  let pos = start;
  let r = gen.next();
  let idleAfterEof = 0;
  while (!r.done) {
    if (feed.eof) {
      // A parser must finish once it has seen the end; force it to if it asks again.
      if (++idleAfterEof > 1) {
        r = gen.throw(TRUNCATED);
        continue;
      }
    } else if (feed.skipPending > 0) {
      const n = Math.min(feed.skipPending, end - pos);
      feed.advance(n);
      pos += n;
      if (feed.skipPending > 0) feed.eof = true;
    } else if (pos >= end) {
      feed.eof = true;
    } else {
      const chunk = await read(pos, Math.min(chunkSize, end - pos));
      if (chunk.length === 0) feed.eof = true;
      else {
        feed.push(chunk);
        pos += chunk.length;
      }
    }
    r = gen.next();
  }
  return r.value;
}

/** Drives a parser with pushed input (a stream, or bytes nested in another parser's input). */
export class PushParser<T> {
  readonly feed: ByteFeed;
  private readonly gen: Parser<T>;
  private state: IteratorResult<void, T>;

  constructor(parser: (feed: ByteFeed) => Parser<T>, start = 0) {
    this.feed = new ByteFeed(start);
    this.gen = parser(this.feed);
    this.state = this.gen.next();
  }

  get done(): boolean {
    return !!this.state.done;
  }

  write(chunk: Buffer): void {
    if (this.state.done || chunk.length === 0) return;
    this.feed.push(chunk);
    this.state = this.gen.next();
  }

  end(): T {
    if (!this.state.done) {
      this.feed.eof = true;
      this.state = this.gen.next();
      if (!this.state.done) this.state = this.gen.throw(TRUNCATED);
    }
    return this.state.value as T;
  }
}

/** Runs a parser over bytes that are all in memory. */
export function runOnBuffer<T>(parser: (feed: ByteFeed) => Parser<T>, bytes: Buffer, start = 0): T {
  const p = new PushParser(parser, start);
  p.write(bytes);
  return p.end();
}
