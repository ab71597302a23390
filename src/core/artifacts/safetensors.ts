// Validates a safetensors header: an 8-byte little-endian length, then a JSON header whose tensor
// entries must have a known dtype, a shape that matches their byte range, and byte ranges that are
// in bounds, do not overlap and cover the data buffer exactly (as the reference loader requires).

/** Bits per element of each safetensors dtype. */
const DTYPE_BITS: Record<string, number> = {
  BOOL: 8,
  U8: 8,
  I8: 8,
  F8_E5M2: 8,
  F8_E4M3: 8,
  F8_E8M0: 8,
  I16: 16,
  U16: 16,
  F16: 16,
  BF16: 16,
  I32: 32,
  U32: 32,
  F32: 32,
  F64: 64,
  I64: 64,
  U64: 64,
  C64: 64,
  F4: 4,
  F6_E2M3: 6,
  F6_E3M2: 6,
};

/** The reference implementation refuses headers larger than this. */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

export interface SafetensorsScan {
  headerLength: number;
  tensors: number;
  /** Bytes of tensor data the header describes. */
  dataBytes: number;
  metadata?: Record<string, string>;
  problems: string[];
}

/** Reads the header length from the first 8 bytes; undefined when it cannot be a safetensors file. */
export function safetensorsHeaderLength(first8: Buffer, fileSize: number): number | undefined {
  if (first8.length < 8) return undefined;
  const lo = first8.readUInt32LE(0);
  const hi = first8.readUInt32LE(4);
  if (hi !== 0) return undefined;
  if (lo < 2 || lo > SAFETENSORS_MAX_HEADER || lo + 8 > fileSize) return undefined;
  return lo;
}

/** Checks a header against the file size. `header` is the JSON text bytes after the length. */
export function validateSafetensors(header: Buffer, fileSize: number): SafetensorsScan {
  const problems: string[] = [];
  const result: SafetensorsScan = { headerLength: header.length, tensors: 0, dataBytes: 0, problems };
  let json: unknown;
  try {
    json = JSON.parse(header.toString('utf8'));
  } catch (e) {
    problems.push(`the header is not valid JSON (${(e as Error).message})`);
    return result;
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    problems.push('the header is not a JSON object');
    return result;
  }
  const dataSize = fileSize - 8 - header.length;
  const ranges: { name: string; begin: number; end: number }[] = [];
  for (const [name, value] of Object.entries(json as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
        problems.push('__metadata__ must map names to strings');
      } else result.metadata = value as Record<string, string>;
      continue;
    }
    result.tensors++;
    const t = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (!t || typeof t !== 'object') {
      problems.push(`tensor "${name}" is not an object`);
      continue;
    }
    const bits = typeof t.dtype === 'string' ? DTYPE_BITS[t.dtype] : undefined;
    if (bits === undefined) problems.push(`tensor "${name}" has an unknown dtype ${JSON.stringify(t.dtype)}`);
    const shapeOk = Array.isArray(t.shape) && t.shape.every((d) => Number.isSafeInteger(d) && d >= 0);
    if (!shapeOk) problems.push(`tensor "${name}" has an invalid shape ${JSON.stringify(t.shape)}`);
    const offs = t.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      problems.push(`tensor "${name}" has invalid data_offsets ${JSON.stringify(offs)}`);
      continue;
    }
    const [begin, end] = offs as [number, number];
    if (end < begin) {
      problems.push(`tensor "${name}" ends (${end}) before it begins (${begin})`);
      continue;
    }
    if (end > dataSize) problems.push(`tensor "${name}" ends at byte ${end}, past the ${dataSize}-byte data buffer (out of bounds)`);
    if (bits !== undefined && shapeOk) {
      const elements = (t.shape as number[]).reduce((a, b) => a * b, 1);
      const bytes = (elements * bits) / 8;
      if (bytes !== end - begin) problems.push(`tensor "${name}" spans ${end - begin} bytes but its shape and dtype need ${bytes}`);
    }
    ranges.push({ name, begin, end });
  }
  ranges.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let prev: (typeof ranges)[number] | undefined;
  for (const r of ranges) {
    if (prev && r.begin < prev.end) problems.push(`tensors "${prev.name}" and "${r.name}" overlap (bytes ${r.begin}–${Math.min(prev.end, r.end)})`);
    else if (r.begin > cursor) problems.push(`bytes ${cursor}–${r.begin} of the data buffer belong to no tensor`);
    cursor = Math.max(cursor, r.end);
    if (!prev || r.end > prev.end) prev = r;
  }
  result.dataBytes = cursor;
  if (cursor < dataSize && ranges.length) problems.push(`${dataSize - cursor} bytes after the last tensor belong to no tensor`);
  return result;
}
