// Assembles pickle opcode streams by hand in Node, so tests and benchmarks build benign and
// malicious pickles of every protocol without Python.

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** A chainable pickle assembler; `bytes()` returns the stream. */
export class PickleWriter {
  private readonly parts: Buffer[] = [];
  private size = 0;

  private raw(...chunks: (Buffer | number[] | string)[]): this {
    for (const c of chunks) {
      const b = typeof c === 'string' ? Buffer.from(c, 'latin1') : Buffer.isBuffer(c) ? c : Buffer.from(c);
      this.parts.push(b);
      this.size += b.length;
    }
    return this;
  }

  /** Current length of the stream (the offset of the next opcode). */
  get length(): number {
    return this.size;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  /** Appends raw bytes (joblib array data, garbage). */
  data(b: Buffer): this {
    return this.raw(b);
  }

  proto(n: number): this {
    return this.raw([0x80, n]);
  }
  frame(n: number): this {
    return this.raw([0x95], u64(n));
  }
  stop(): this {
    return this.raw('.');
  }
  mark(): this {
    return this.raw('(');
  }
  pop(): this {
    return this.raw('0');
  }
  popMark(): this {
    return this.raw('1');
  }
  dup(): this {
    return this.raw('2');
  }
  none(): this {
    return this.raw('N');
  }
  newTrue(): this {
    return this.raw([0x88]);
  }
  newFalse(): this {
    return this.raw([0x89]);
  }

  /** GLOBAL (protocols 0–3). */
  global(module: string, name: string): this {
    return this.raw(`c${module}\n${name}\n`);
  }
  /** STACK_GLOBAL (protocol 4+): pops name, then module. */
  stackGlobal(): this {
    return this.raw([0x93]);
  }
  /** INST: imports and calls with the items above the last MARK. */
  inst(module: string, name: string): this {
    return this.raw(`i${module}\n${name}\n`);
  }
  obj(): this {
    return this.raw('o');
  }
  reduce(): this {
    return this.raw('R');
  }
  build(): this {
    return this.raw('b');
  }
  newobj(): this {
    return this.raw([0x81]);
  }
  newobjEx(): this {
    return this.raw([0x92]);
  }
  ext1(code: number): this {
    return this.raw([0x82, code]);
  }
  persid(id: string): this {
    return this.raw(`P${id}\n`);
  }
  binpersid(): this {
    return this.raw('Q');
  }

  /** An int with the shortest binary opcode. */
  int(n: number): this {
    if (n >= 0 && n < 256) return this.raw('K', [n]);
    if (n >= 0 && n < 65536) {
      const b = Buffer.alloc(2);
      b.writeUInt16LE(n);
      return this.raw('M', b);
    }
    const b = Buffer.alloc(4);
    b.writeInt32LE(n);
    return this.raw('J', b);
  }
  /** Protocol 0 INT. */
  int0(n: number): this {
    return this.raw(`I${n}\n`);
  }
  long1(n: bigint): this {
    const bytes: number[] = [];
    let v = n;
    do {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    } while (v !== 0n && v !== -1n);
    return this.raw([0x8a, bytes.length, ...bytes]);
  }
  binfloat(x: number): this {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(x);
    return this.raw('G', b);
  }
  float0(x: number): this {
    return this.raw(`F${x}\n`);
  }

  /** Protocol 0 STRING: quoted with Python-style escapes. */
  string0(s: string): this {
    let body = '';
    for (const ch of Buffer.from(s, 'latin1')) {
      if (ch === 0x5c) body += '\\\\';
      else if (ch === 0x27) body += "\\'";
      else if (ch === 0x0a) body += '\\n';
      else if (ch < 0x20 || ch > 0x7e) body += `\\x${ch.toString(16).padStart(2, '0')}`;
      else body += String.fromCharCode(ch);
    }
    return this.raw(`S'${body}'\n`);
  }
  /** Protocol 0 UNICODE (raw-unicode-escape). */
  unicode0(s: string): this {
    let body = '';
    for (const ch of s) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp > 0xff || ch === '\\' || ch === '\n') body += `\\u${cp.toString(16).padStart(4, '0')}`;
      else body += ch;
    }
    return this.raw('V', Buffer.from(body, 'latin1'), '\n');
  }
  shortBinString(s: string): this {
    const b = Buffer.from(s, 'latin1');
    return this.raw('U', [b.length], b);
  }
  binString(s: string | Buffer): this {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
    return this.raw('T', u32(b.length), b);
  }
  /** A str with the shortest protocol 1–4 opcode. */
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return b.length < 256 ? this.raw([0x8c, b.length], b) : this.raw('X', u32(b.length), b);
  }
  binUnicode(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.raw('X', u32(b.length), b);
  }
  binUnicode8(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.raw([0x8d], u64(b.length), b);
  }
  /** bytes with the shortest opcode (protocol 3+). */
  binBytes(b: Buffer): this {
    return b.length < 256 ? this.raw('C', [b.length], b) : this.raw('B', u32(b.length), b);
  }
  binBytes8(b: Buffer): this {
    return this.raw([0x8e], u64(b.length), b);
  }
  byteArray8(b: Buffer): this {
    return this.raw([0x96], u64(b.length), b);
  }

  emptyTuple(): this {
    return this.raw(')');
  }
  tuple(): this {
    return this.raw('t');
  }
  tuple1(): this {
    return this.raw([0x85]);
  }
  tuple2(): this {
    return this.raw([0x86]);
  }
  tuple3(): this {
    return this.raw([0x87]);
  }
  emptyList(): this {
    return this.raw(']');
  }
  list(): this {
    return this.raw('l');
  }
  append(): this {
    return this.raw('a');
  }
  appends(): this {
    return this.raw('e');
  }
  emptyDict(): this {
    return this.raw('}');
  }
  dict(): this {
    return this.raw('d');
  }
  setitem(): this {
    return this.raw('s');
  }
  setitems(): this {
    return this.raw('u');
  }
  emptySet(): this {
    return this.raw([0x8f]);
  }
  additems(): this {
    return this.raw([0x90]);
  }
  frozenset(): this {
    return this.raw([0x91]);
  }

  /** Protocol 0 PUT / GET with decimal keys. */
  put0(n: number): this {
    return this.raw(`p${n}\n`);
  }
  get0(n: number): this {
    return this.raw(`g${n}\n`);
  }
  binput(n: number): this {
    return this.raw('q', [n]);
  }
  binget(n: number): this {
    return this.raw('h', [n]);
  }
  longBinput(n: number): this {
    return this.raw('r', u32(n));
  }
  longBinget(n: number): this {
    return this.raw('j', u32(n));
  }
  memoize(): this {
    return this.raw([0x94]);
  }
  nextBuffer(): this {
    return this.raw([0x97]);
  }
  readonlyBuffer(): this {
    return this.raw([0x98]);
  }
}

/** A new writer. */
export function pickle(): PickleWriter {
  return new PickleWriter();
}
