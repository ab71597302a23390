// A strict reader of LSP base-protocol framing (`Content-Length` headers, then a JSON body) on a
// byte stream. Anything that is not well-formed framing (a header block without Content-Length,
// a negative, non-decimal or oversized length, a body that is not a JSON-RPC message) is reported
// as a FramingError once and nothing more is read: after a framing error the position of the next
// message is unknown, so the only safe answer is to end the connection and let the client restart.

import type { Readable } from 'node:stream';
import { AbstractMessageReader, Disposable, type DataCallback, type Message } from 'vscode-languageserver/node';

/** Longest header block accepted (real clients send one or two short lines). */
export const MAX_HEADER_BYTES = 8 * 1024;
/** Largest message body accepted; editors do not sync documents near this size to extensions. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

export class FramingError extends Error {}

const HEADER_END = Buffer.from('\r\n\r\n', 'ascii');

/** The body length a header block announces, or a FramingError saying why it is not acceptable. */
export function contentLengthOf(header: string): number | FramingError {
  let length: number | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return new FramingError(`malformed header line ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (!/^\d{1,10}$/.test(value)) return new FramingError(`Content-Length ${JSON.stringify(value.slice(0, 40))} is not a non-negative decimal number`);
      length = Number(value);
      if (length > MAX_BODY_BYTES) return new FramingError(`Content-Length ${length} is over the ${MAX_BODY_BYTES}-byte limit`);
    } else if (name === 'content-type' && /charset=/i.test(value) && !/charset=["']?utf-?8["']?/i.test(value)) {
      return new FramingError(`unsupported charset in Content-Type ${JSON.stringify(value.slice(0, 80))}`);
    }
  }
  return length ?? new FramingError('header block without Content-Length');
}

/** The JSON-RPC message a body holds, or a FramingError. */
export function messageOf(body: Buffer): Message | FramingError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return new FramingError('message body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || (parsed as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
    return new FramingError('message body is not a JSON-RPC 2.0 message object');
  }
  return parsed as Message;
}

export class StrictStreamReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Body length of the message being read, or -1 while reading its header. */
  private expected = -1;
  private broken = false;

  constructor(private readonly input: Readable) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer) => this.onData(data, callback);
    const onEnd = () => this.fireClose();
    const onError = (e: Error) => this.fireError(e);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', onError);
    return Disposable.create(() => {
      this.input.off('data', onData);
      this.input.off('end', onEnd);
      this.input.off('close', onEnd);
      this.input.off('error', onError);
    });
  }

  private onData(data: Buffer, callback: DataCallback): void {
    if (this.broken) return;
    this.chunks.push(data);
    this.buffered += data.length;
    for (;;) {
      const next = this.expected < 0 ? this.readHeader() : this.readBody();
      if (next === undefined) return;
      if (next instanceof FramingError) {
        this.broken = true;
        this.chunks = [];
        this.buffered = 0;
        this.fireError(next);
        return;
      }
      if (next !== null) callback(next);
    }
  }

  /** Consumes a header block: null when done, undefined when more input is needed. */
  private readHeader(): null | undefined | FramingError {
    const all = this.joined();
    const end = all.indexOf(HEADER_END);
    if (end < 0) return all.length > MAX_HEADER_BYTES ? new FramingError(`no end of header within ${MAX_HEADER_BYTES} bytes`) : undefined;
    if (end > MAX_HEADER_BYTES) return new FramingError(`header block over ${MAX_HEADER_BYTES} bytes`);
    const length = contentLengthOf(all.subarray(0, end).toString('ascii'));
    if (length instanceof FramingError) return length;
    this.expected = length;
    this.keep(all.subarray(end + HEADER_END.length));
    return null;
  }

  /** Consumes the body once it is wholly buffered. */
  private readBody(): Message | undefined | FramingError {
    if (this.buffered < this.expected) return undefined;
    const all = this.joined();
    const body = all.subarray(0, this.expected);
    this.keep(all.subarray(this.expected));
    this.expected = -1;
    return messageOf(body);
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
  }
}
