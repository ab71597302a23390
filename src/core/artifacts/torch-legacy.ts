// Layouts of PyTorch's pre-zip checkpoint formats: the raw format (five consecutive pickles, then
// storage bytes) and the older tar format (entries `sys_info`, `pickle`, `storages`, `tensors`
// whose records interleave pickles with raw storage data).

import type { ByteFeed, Parser } from './byte-feed';
import { pickleParser, type PickleScan } from './pickle';

/** The first pickle of a raw legacy checkpoint: protocol 2, LONG1 of torch's magic number, STOP. */
export const TORCH_LEGACY_MAGIC = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);

/** Bytes per element of the legacy storage classes. */
const STORAGE_ELEMENT_SIZE: Record<string, number> = {
  DoubleStorage: 8,
  FloatStorage: 4,
  HalfStorage: 2,
  BFloat16Storage: 2,
  LongStorage: 8,
  IntStorage: 4,
  ShortStorage: 2,
  CharStorage: 1,
  ByteStorage: 1,
  BoolStorage: 1,
  ComplexFloatStorage: 8,
  ComplexDoubleStorage: 16,
  QUInt8Storage: 1,
  QInt8Storage: 1,
  QInt32Storage: 4,
};

export interface LegacyRecordScan {
  pickles: PickleScan[];
  /** Why reading stopped early, when it did. */
  stopped?: string;
}

/**
 * Records of a legacy `storages` or `tensors` entry: a pickled count, then per record a pickled
 * header followed by raw bytes whose size `skipAfter` reads from the header and the stream.
 */
function* records(feed: ByteFeed, what: string, skipAfter: (header: PickleScan) => Parser<string | undefined>): Parser<LegacyRecordScan> {
  const pickles: PickleScan[] = [];
  const first = yield* pickleParser()(feed);
  pickles.push(first);
  if (!first.complete || first.globals.length > 0) return { pickles, stopped: `the ${what} count is not a plain number` };
  while (yield* feed.more()) {
    const rec = yield* pickleParser()(feed);
    pickles.push(rec);
    if (!rec.complete) return { pickles, stopped: `a ${what} header is not a complete pickle` };
    const stopped = yield* skipAfter(rec);
    if (stopped) return { pickles, stopped };
  }
  return { pickles };
}

/** `storages`: each header `(key, location, type)` is followed by an int64 element count and the elements. */
export function storagesParser(feed: ByteFeed): Parser<LegacyRecordScan> {
  return records(feed, 'storage', function* (header) {
    const type = header.globals.find((g) => g.name in STORAGE_ELEMENT_SIZE);
    if (!type) return 'a storage header names no known storage type';
    const numel = (yield* feed.take(8)).readBigInt64LE(0);
    const bytes = Number(numel) * STORAGE_ELEMENT_SIZE[type.name];
    if (!Number.isSafeInteger(bytes) || bytes < 0) return 'a storage has an invalid size';
    yield* feed.skip(bytes);
    return undefined;
  });
}

/** `tensors`: each header is followed by int32 ndim, 4 padding bytes, ndim sizes and strides, and an int64 offset. */
export function tensorsParser(feed: ByteFeed): Parser<LegacyRecordScan> {
  return records(feed, 'tensor', function* () {
    const ndim = (yield* feed.take(8)).readInt32LE(0);
    if (ndim < 0 || ndim > 64) return 'a tensor has an invalid number of dimensions';
    yield* feed.skip(16 * ndim + 8);
    return undefined;
  });
}

export interface TarEntry {
  name: string;
  dataOffset: number;
  size: number;
}

/** Parses one 512-byte tar header; undefined at the end-of-archive marker or on a bad checksum. */
export function parseTarHeader(block: Buffer, offset: number): TarEntry | undefined | 'end' {
  if (block.length < 512) return undefined;
  if (block.every((b) => b === 0)) return 'end';
  const text = (from: number, len: number) => block.toString('latin1', from, from + len).replace(/\0.*$/s, '');
  const checksum = parseInt(text(148, 8).trim() || '0', 8);
  let sumBytes = 0;
  for (let j = 0; j < 512; j++) sumBytes += j >= 148 && j < 156 ? 0x20 : block[j];
  if (checksum !== sumBytes) return undefined;
  const prefix = text(257, 6).startsWith('ustar') ? text(345, 155) : '';
  const base = text(0, 100);
  const size = parseInt(text(124, 12).trim() || '0', 8);
  if (!Number.isSafeInteger(size) || size < 0) return undefined;
  return { name: prefix ? `${prefix}/${base}` : base, dataOffset: offset + 512, size };
}

/** Whether a 512-byte block is a tar header (ustar magic or a valid checksum). */
export function looksLikeTar(block: Buffer): boolean {
  const h = parseTarHeader(block, 0);
  return !!h && h !== 'end';
}
