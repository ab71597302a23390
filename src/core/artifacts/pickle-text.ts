// Decoders of pickle argument encodings: protocol 0 escaped STRING bodies, raw-unicode-escape
// UNICODE lines, decimal INT/LONG lines, and little-endian binary integers.

/** Single-character escapes of Python string literals: the byte each stands for. */
const SIMPLE_ESCAPES: Record<number, number> = { 0x5c: 0x5c, 0x27: 0x27, 0x22: 0x22, 0x61: 7, 0x62: 8, 0x66: 12, 0x6e: 10, 0x72: 13, 0x74: 9, 0x76: 11 };

/** Decodes the body of a protocol 0 STRING argument (Python `codecs.escape_decode`), in pieces. */
export class EscapeDecoder {
  private state = 0;
  private acc = 0;
  private digits = 0;

  write(b: Buffer): Buffer {
    const out = Buffer.allocUnsafe(b.length + 4);
    let n = 0;
    for (let j = 0; j < b.length; j++) {
      const c = b[j];
      if (this.state === 0) {
        if (c === 0x5c) this.state = 1;
        else out[n++] = c;
      } else if (this.state === 1) {
        this.state = 0;
        const simple = SIMPLE_ESCAPES[c];
        if (simple !== undefined) out[n++] = simple;
        else if (c === 0x78) {
          this.state = 2;
          this.acc = 0;
          this.digits = 0;
        } else if (c >= 0x30 && c <= 0x37) {
          this.state = 3;
          this.acc = c - 0x30;
          this.digits = 1;
        } else if (c !== 0x0a) {
          out[n++] = 0x5c;
          out[n++] = c;
        }
      } else if (this.state === 2) {
        const h = hexDigit(c);
        if (h < 0) {
          this.state = 0;
          out[n++] = c;
        } else {
          this.acc = this.acc * 16 + h;
          if (++this.digits === 2) {
            out[n++] = this.acc;
            this.state = 0;
          }
        }
      } else {
        if (c >= 0x30 && c <= 0x37 && this.digits < 3) {
          this.acc = this.acc * 8 + (c - 0x30);
          if (++this.digits === 3) {
            out[n++] = this.acc & 0xff;
            this.state = 0;
          }
        } else {
          out[n++] = this.acc & 0xff;
          this.state = 0;
          j--;
        }
      }
    }
    return out.subarray(0, n);
  }

  end(): Buffer {
    const tail = this.state === 3 ? Buffer.from([this.acc & 0xff]) : Buffer.alloc(0);
    this.state = 0;
    return tail;
  }
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** Decodes Python's raw-unicode-escape (protocol 0 UNICODE arguments). */
export function decodeRawUnicodeEscape(b: Buffer): string {
  let out = '';
  let run = 0;
  for (let j = 0; j < b.length; j++) {
    const c = b[j];
    if (c === 0x5c) {
      run++;
      const next = b[j + 1];
      const width = next === 0x75 ? 4 : next === 0x55 ? 8 : 0;
      if (width && run % 2 === 1 && j + 2 + width <= b.length) {
        const hex = b.toString('latin1', j + 2, j + 2 + width);
        if (/^[0-9a-fA-F]+$/.test(hex)) {
          const cp = parseInt(hex, 16);
          out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
          j += 1 + width;
          run = 0;
          continue;
        }
      }
      out += '\\';
      continue;
    }
    run = 0;
    out += String.fromCharCode(c);
  }
  return out;
}

export function parsePyInt(text: string): number | undefined {
  const t = text.trim().replace(/_/g, '');
  if (!/^[+-]?\d+L?$/.test(t)) return undefined;
  return Number.parseInt(t, 10);
}

export function readUInt64(b: Buffer, at: number): number {
  const lo = b.readUInt32LE(at);
  const hi = b.readUInt32LE(at + 4);
  return hi >= 0x200000 ? Number.MAX_SAFE_INTEGER : hi * 0x100000000 + lo;
}

/** Little-endian two's complement integer of LONG1/LONG4 bodies (NaN when too large). */
export function readLong(b: Buffer): number {
  if (b.length === 0) return 0;
  if (b.length > 6) return Number.NaN;
  return b.readIntLE(0, b.length);
}
