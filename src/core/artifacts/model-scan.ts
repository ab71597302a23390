// Scans one model file: detects its format from the content (magic bytes, archive layout) rather
// than its name, reports a name/content mismatch, and inspects every pickle stream, Keras
// configuration and safetensors header it holds, reading only the parts that matter.

import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { PushParser, runOnRanges, type ByteFeed, type Parser } from './byte-feed';
import { h5ConfigParser, type KerasScan } from './keras';
import { npyParser, NPY_MAGIC, type NpyScan } from './numpy';
import { addNpy, bytesLocation, scanZip } from './model-zip';
import { carrierSerialization, topLevel, type CarriedModel, type CarrierDepth } from './model-carrier';
import { bunzip2 } from './bzip2';
import { unlzma, unxz } from './lzma-container';
import { isPickleStart, pickleParser, scanPickleBuffer, type PickleGlobal, type PickleScan } from './pickle';
import { safetensorsHeaderLength, validateSafetensors, type SafetensorsScan } from './safetensors';
import { looksLikeTar, parseTarHeader, storagesParser, tensorsParser, TORCH_LEGACY_MAGIC, type LegacyRecordScan } from './torch-legacy';
import { describeLfsPointer, LFS_POINTER_MAX, parseLfsPointer, type LfsPointer } from './lfs-pointer';
import type { ModelSerialization } from '../facts/model';
import { hazardLines, type ContentFormat, type Hazard, type ModelFileFact } from '../facts/model-files';

export { hazardLines };
export type { ContentFormat, Hazard };
import type { ByteSource } from './byte-source';
import { appendAll } from '../collections';

export interface PickleStream {
  /** An archive entry name, or `bytes A–B` of the file. */
  location: string;
  scan: PickleScan;
}

/** The detailed result for one model file (the model-file reader's document). */
export interface ModelScan {
  path: string;
  size: number;
  format: ContentFormat;
  /** The file extension, lower case, without the dot. */
  extension: string;
  /** The name promises another format than the content has. */
  mismatch?: string;
  serialization: ModelSerialization;
  pickles: PickleStream[];
  keras: KerasScan[];
  safetensors?: SafetensorsScan;
  npy?: Omit<NpyScan, 'pickle'>[];
  /** Entries of a zip archive. */
  entries?: number;
  /** The model files a model archive carries (each scanned; what they hold is in this scan). */
  carried?: CarriedModel[];
  /** The Git LFS pointer the file is, when it was never fetched. */
  lfsPointer?: LfsPointer;
  /** Compression wrapped around a pickle (joblib `compress=`). */
  compression?: string;
  /** Corrupt or unreadable parts, in sentences. */
  problems: string[];
  /** Everything that could hold code was read to its end. */
  complete: boolean;
  /** Loading the file runs code it carries (pickle, Keras Lambda bytecode). */
  unsafeOnLoad: boolean;
}

/** What each extension promises. */
const EXTENSION_FORMATS: Record<string, ContentFormat[]> = {
  pkl: ['pickle', 'compressed'],
  pickle: ['pickle', 'compressed'],
  joblib: ['pickle', 'compressed'],
  dill: ['pickle'],
  pt: ['pytorch-zip', 'pytorch-legacy', 'pytorch-tar', 'pickle'],
  pth: ['pytorch-zip', 'pytorch-legacy', 'pytorch-tar', 'pickle'],
  ckpt: ['pytorch-zip', 'pytorch-legacy', 'pytorch-tar', 'pickle'],
  bin: ['pytorch-zip', 'pytorch-legacy', 'pytorch-tar', 'pickle'],
  npy: ['numpy'],
  npz: ['npz'],
  zip: ['zip', 'model-archive', 'pytorch-zip', 'keras', 'npz'],
  keras: ['keras'],
  h5: ['h5'],
  hdf5: ['h5'],
  safetensors: ['safetensors'],
  onnx: ['onnx'],
  gguf: ['gguf'],
};

export const MODEL_EXTENSIONS = Object.keys(EXTENSION_FORMATS);

const FORMAT_NAMES: Record<ContentFormat, string> = {
  pickle: 'a pickle',
  'pytorch-zip': 'a PyTorch zip checkpoint',
  'pytorch-legacy': 'a legacy PyTorch checkpoint',
  'pytorch-tar': 'a legacy PyTorch tar checkpoint',
  numpy: 'a NumPy array',
  npz: 'a NumPy .npz archive',
  keras: 'a Keras archive',
  h5: 'an HDF5 file',
  safetensors: 'a safetensors file',
  onnx: 'an ONNX model',
  gguf: 'a GGUF model',
  zip: 'a zip archive',
  'model-archive': 'a zip archive of model files',
  compressed: 'a compressed stream',
  'lfs-pointer': 'a Git LFS pointer (the model itself was never fetched)',
  unknown: 'not a model format mlsec recognises',
};

export function describeFormat(f: ContentFormat): string {
  return FORMAT_NAMES[f];
}

const SERIALIZATION: Record<ContentFormat, ModelSerialization> = {
  pickle: 'pickle',
  'pytorch-zip': 'pytorch',
  'pytorch-legacy': 'pytorch',
  'pytorch-tar': 'pytorch',
  numpy: 'numpy',
  npz: 'numpy',
  keras: 'keras',
  h5: 'h5',
  safetensors: 'safetensors',
  onnx: 'onnx',
  gguf: 'gguf',
  zip: 'other',
  'model-archive': 'other',
  compressed: 'joblib',
  'lfs-pointer': 'other',
  unknown: 'other',
};

export function extensionOf(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

/** Whether mlsec scans files with this name as model artifacts. */
export function isModelFileName(path: string): boolean {
  return Object.hasOwn(EXTENSION_FORMATS, extensionOf(path));
}

const HDF5_MAGIC = Buffer.from('\x89HDF\r\n\x1a\n', 'latin1');

const COMPRESSION_MAGICS: [Buffer, string][] = [
  [Buffer.from([0x1f, 0x8b]), 'gzip'],
  [Buffer.from('BZh', 'latin1'), 'bz2'],
  [Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), 'xz'],
  // joblib recognises its lzma dumps by exactly this header (preset 6: properties 0x5d, 8 MiB dictionary).
  [Buffer.from([0x5d, 0x00, 0x00, 0x80, 0x00]), 'lzma'],
  [Buffer.from([0x04, 0x22, 0x4d, 0x18]), 'lz4'],
  [Buffer.from('ZF', 'latin1'), 'joblib zlib (legacy)'],
];

function compressionOf(head: Buffer): string | undefined {
  for (const [magic, name] of COMPRESSION_MAGICS) if (head.subarray(0, magic.length).equals(magic)) return name;
  if (head.length >= 2 && head[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(head[1])) return 'zlib';
  return undefined;
}

/** Whether the first bytes start a pickle (a protocol header, or opcodes that parse). */
function looksLikePickle(head: Buffer): boolean {
  if (head[0] === 0x80 && head[1] <= 5) return true;
  if (!head.length || !isPickleStart(head[0])) return false;
  const probe = scanPickleBuffer(head);
  return probe.complete || probe.globals.length > 0 || (!!probe.error?.message.includes('truncated') && probe.opcodes > 2);
}

/** Detects the format from the first bytes (and the archive layout for zips, done later). */
function sniff(head: Buffer, size: number, ext: string): ContentFormat {
  if (size <= LFS_POINTER_MAX && parseLfsPointer(head, size)) return 'lfs-pointer';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5)) return 'zip';
  if (head.subarray(0, 6).equals(NPY_MAGIC)) return 'numpy';
  for (const at of [0, 512, 1024, 2048]) if (head.subarray(at, at + 8).equals(HDF5_MAGIC)) return 'h5';
  if (head.subarray(0, 4).toString('latin1') === 'GGUF') return 'gguf';
  if (head.subarray(0, TORCH_LEGACY_MAGIC.length).equals(TORCH_LEGACY_MAGIC)) return 'pytorch-legacy';
  if (head.length >= 512 && looksLikeTar(head.subarray(0, 512))) return 'pytorch-tar';
  if (safetensorsHeaderLength(head, size) !== undefined && head[8] === 0x7b) return 'safetensors';
  if (compressionOf(head)) return 'compressed';
  if (looksLikePickle(head)) return 'pickle';
  if (ext === 'onnx' && head[0] === 0x08) return 'onnx';
  return 'unknown';
}

/** Consecutive pickles from the start of a file (legacy PyTorch writes five, then raw storages). */
function rawPicklesParser(size: number, legacy: boolean) {
  return function* (feed: ByteFeed): Parser<{ scans: PickleScan[]; trailing?: string }> {
    const scans: PickleScan[] = [];
    for (;;) {
      if (feed.offset >= size || !(yield* feed.more())) return { scans };
      const at = feed.offset;
      const rest = `${size - at} bytes after byte ${at}`;
      if (legacy && scans.length === 5) return { scans, trailing: `${rest} hold tensor storage data (not read)` };
      if (scans.length > 0 && !isPickleStart(feed.buf[feed.i])) return { scans, trailing: `${rest} are not a pickle and pickle.load does not read them` };
      const scan = yield* pickleParser({ joblib: !legacy })(feed);
      if (scans.length > 0 && !scan.complete && scan.globals.length === 0) {
        return { scans, trailing: `${rest} are not a pickle and pickle.load does not read them` };
      }
      scans.push(scan);
      if (!scan.complete) return { scans };
    }
  };
}

/** Scans one model file. Never throws: unreadable parts become problems. */
export async function scanModelFile(io: ByteSource, path: string, carrier: CarrierDepth = topLevel()): Promise<ModelScan | undefined> {
  const st = await io.stat(path);
  if (!st || !st.isFile) return undefined;
  const ext = extensionOf(path);
  const head = await io.readRange(path, 0, 4096);
  const read = (pos: number, len: number) => io.readRange(path, pos, len);
  const scan: ModelScan = {
    path,
    size: st.size,
    format: sniff(head, st.size, ext),
    extension: ext,
    serialization: 'other',
    pickles: [],
    keras: [],
    problems: [],
    complete: true,
    unsafeOnLoad: false,
  };
  if (scan.format === 'lfs-pointer') scan.lfsPointer = parseLfsPointer(head, st.size);
  try {
    switch (scan.format) {
      case 'pickle':
      case 'pytorch-legacy': {
        const legacy = scan.format === 'pytorch-legacy';
        const r = await runOnRanges(rawPicklesParser(st.size, legacy), read, 0, st.size);
        for (const s of r.scans) scan.pickles.push({ location: bytesLocation(s), scan: s });
        if (r.trailing && !legacy) scan.problems.push(`${r.trailing[0].toUpperCase()}${r.trailing.slice(1)}.`);
        break;
      }
      case 'pytorch-tar':
        await scanTar(io, path, st.size, scan);
        break;
      case 'zip':
        await scanZip(io, path, st.size, scan, { ...carrier, scanEntry: scanModelFile });
        break;
      case 'numpy': {
        const r = await runOnRanges(npyParser, read, 0, st.size);
        addNpy(scan, r, '');
        break;
      }
      case 'h5':
        appendAll(scan.keras, await runOnRanges(h5ConfigParser, read, 0, st.size));
        break;
      case 'safetensors': {
        const len = safetensorsHeaderLength(head, st.size) ?? 0;
        scan.safetensors = validateSafetensors(await io.readRange(path, 8, len), st.size);
        appendAll(
          scan.problems,
          scan.safetensors.problems.map((p) => `Invalid safetensors header: ${p}.`),
        );
        break;
      }
      case 'compressed':
        await scanCompressed(io, path, st.size, head, scan);
        break;
      default:
        break;
    }
    await scanPolyglot(io, path, head, scan, carrier);
  } catch (e) {
    scan.problems.push(`Could not read the file: ${(e as Error).message}.`);
    scan.complete = false;
  }
  finishScan(scan);
  return scan;
}

/** Formats whose scan reads byte 0 as a pickle already, or whose first bytes no pickle loader reads. */
const PICKLE_FROM_START_READ = new Set<ContentFormat>(['pickle', 'pytorch-legacy', 'compressed', 'lfs-pointer', 'zip', 'model-archive', 'pytorch-zip', 'keras', 'npz']);
const ZIP_FAMILY = new Set<ContentFormat>(['zip', 'model-archive', 'pytorch-zip', 'keras', 'npz']);
const EOCD = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** The end-of-central-directory record is in the last 22 bytes plus the longest archive comment. */
const EOCD_SEARCH = 22 + 0xffff;

/**
 * A file is also read the way every other loader would read it, so a polyglot cannot choose how
 * it is scanned: `pickle.load` reads a pickle at byte 0 whatever follows (an HDF5 signature at
 * byte 512, a block that passes the tar checksum), and `torch.load` reads a file that ends in a
 * zip directory as a zip archive whatever it starts with.
 */
async function scanPolyglot(io: ByteSource, path: string, head: Buffer, scan: ModelScan, carrier: CarrierDepth): Promise<void> {
  if (!PICKLE_FROM_START_READ.has(scan.format) && looksLikePickle(head)) {
    const read = (pos: number, len: number) => io.readRange(path, pos, len);
    const r = await runOnRanges(rawPicklesParser(scan.size, false), read, 0, scan.size);
    for (const s of r.scans) {
      if (s.complete || s.globals.length > 0) scan.pickles.push({ location: `${bytesLocation(s)} (pickle.load reads the start of the file)`, scan: s });
    }
  }
  if (ZIP_FAMILY.has(scan.format) || scan.format === 'lfs-pointer' || scan.size < 22) return;
  const tailStart = Math.max(0, scan.size - EOCD_SEARCH);
  if ((await io.readRange(path, tailStart, scan.size - tailStart)).lastIndexOf(EOCD) < 0) return;
  const inner: ModelScan = { ...scan, format: 'zip', pickles: [], keras: [], problems: [], carried: undefined, complete: true };
  try {
    await scanZip(io, path, scan.size, inner, { ...carrier, scanEntry: scanModelFile });
  } catch (e) {
    scan.problems.push(`The file ends with a zip directory that could not be read (${(e as Error).message}); torch.load may read it as an archive.`);
    scan.complete = false;
    return;
  }
  for (const p of inner.pickles) scan.pickles.push({ location: `zip directory at the end: ${p.location}`, scan: p.scan });
  appendAll(scan.keras, inner.keras);
  appendAll(scan.problems, inner.problems);
  if (inner.carried) appendAll((scan.carried ??= []), inner.carried);
  if (!inner.complete) scan.complete = false;
}

async function scanTar(io: ByteSource, path: string, size: number, scan: ModelScan): Promise<void> {
  let offset = 0;
  for (let n = 0; n < 1000 && offset + 512 <= size; n++) {
    const h = parseTarHeader(await io.readRange(path, offset, 512), offset);
    if (h === 'end') break;
    if (!h) {
      scan.problems.push(`The tar header at byte ${offset} is invalid; later entries were not read.`);
      scan.complete = false;
      break;
    }
    const end = Math.min(size, h.dataOffset + h.size);
    const read = (pos: number, len: number) => io.readRange(path, pos, len);
    const base = h.name.slice(h.name.lastIndexOf('/') + 1);
    if (base === 'pickle' || base === 'sys_info') {
      const s = await runOnRanges(pickleParser(), read, h.dataOffset, end);
      scan.pickles.push({ location: `${h.name}, ${bytesLocation(s)}`, scan: s });
    } else if (base === 'storages' || base === 'tensors') {
      const r: LegacyRecordScan = await runOnRanges(base === 'storages' ? storagesParser : tensorsParser, read, h.dataOffset, end);
      for (const s of r.pickles) scan.pickles.push({ location: `${h.name}, ${bytesLocation(s)}`, scan: s });
      if (r.stopped) {
        scan.problems.push(`${h.name}: ${r.stopped}; the rest was not read.`);
        scan.complete = false;
      }
    }
    offset = h.dataOffset + Math.ceil(h.size / 512) * 512;
  }
}

async function scanCompressed(io: ByteSource, path: string, size: number, head: Buffer, scan: ModelScan): Promise<void> {
  const kind = compressionOf(head) ?? 'unknown';
  scan.compression = kind;
  const decoder = STREAM_DECODERS[kind];
  if (decoder) {
    await scanDecoded(io, path, size, kind, decoder, scan);
    return;
  }
  if (kind !== 'gzip' && kind !== 'zlib') {
    scan.problems.push(`The file is compressed with ${kind}, which mlsec cannot decompress: its pickle was not inspected.`);
    scan.complete = false;
    return;
  }
  let pos = 0;
  const source = new Readable({
    read() {
      if (pos >= size) {
        this.push(null);
        return;
      }
      io.readRange(path, pos, Math.min(1 << 20, size - pos)).then(
        (b) => {
          pos += b.length;
          this.push(b.length ? b : null);
        },
        (e: Error) => this.destroy(e),
      );
    },
  });
  const inflate = kind === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
  const decompressed = source.pipe(inflate);
  const parser = new PushParser(rawPicklesParser(Number.MAX_SAFE_INTEGER, false));
  try {
    for await (const chunk of decompressed) {
      parser.write(chunk as Buffer);
      if (parser.done) break;
    }
  } catch (e) {
    scan.problems.push(`The ${kind} stream is corrupt (${(e as Error).message}).`);
  } finally {
    decompressed.destroy();
    source.destroy();
  }
  for (const s of parser.end().scans) scan.pickles.push({ location: `${kind}-decompressed ${bytesLocation(s)}`, scan: s });
}

/** Decompressed bytes of a bz2, xz or lzma dump read at most; past them the scan says it stopped. */
const MAX_DECODED_OUTPUT = 1024 * 1024 * 1024;

type StreamDecoder = (next: () => Promise<Buffer | null>, options: { maxOutput: number }) => AsyncGenerator<Buffer, { truncatedAt?: number }>;
const STREAM_DECODERS: Record<string, StreamDecoder | undefined> = { bz2: bunzip2, xz: unxz, lzma: unlzma };

async function scanDecoded(io: ByteSource, path: string, size: number, kind: string, decode: StreamDecoder, scan: ModelScan): Promise<void> {
  let pos = 0;
  const next = async () => {
    if (pos >= size) return null;
    const b = await io.readRange(path, pos, Math.min(1 << 20, size - pos));
    pos += b.length;
    return b;
  };
  const parser = new PushParser(rawPicklesParser(Number.MAX_SAFE_INTEGER, false));
  const stream = decode(next, { maxOutput: MAX_DECODED_OUTPUT });
  try {
    for (;;) {
      const step = await stream.next();
      if (step.done) {
        if (step.value.truncatedAt !== undefined && !parser.done) {
          scan.problems.push(`Decompression stopped after ${step.value.truncatedAt} bytes; the rest was not inspected.`);
          scan.complete = false;
        }
        break;
      }
      parser.write(step.value);
      if (parser.done) break;
    }
  } catch (e) {
    scan.problems.push(`The ${kind} stream is corrupt (${(e as Error).message}).`);
  } finally {
    await stream.return({});
  }
  for (const s of parser.end().scans) scan.pickles.push({ location: `${kind}-decompressed ${bytesLocation(s)}`, scan: s });
}

function finishScan(scan: ModelScan): void {
  const allowed = Object.hasOwn(EXTENSION_FORMATS, scan.extension) ? EXTENSION_FORMATS[scan.extension] : undefined;
  const zipLike = !!allowed?.includes('pytorch-zip') && (scan.format === 'zip' || scan.format === 'model-archive');
  if (allowed && !zipLike && scan.format !== 'unknown' && scan.format !== 'lfs-pointer' && !allowed.includes(scan.format)) {
    scan.mismatch = `The file is named ".${scan.extension}" but its content is ${FORMAT_NAMES[scan.format]}.`;
  }
  scan.serialization = scan.format === 'model-archive' ? carrierSerialization(scan) : SERIALIZATION[scan.format];
  if (scan.serialization === 'pickle' && (scan.extension === 'joblib' || allGlobals(scan).some((g) => g.name === 'NumpyArrayWrapper'))) scan.serialization = 'joblib';
  for (const p of scan.pickles) {
    if (!p.scan.complete) scan.complete = false;
    if (p.scan.error) scan.problems.push(`${p.location}: ${p.scan.error.message}${p.scan.errorCount > 1 ? ` (and ${p.scan.errorCount - 1} more problems)` : ''}.`);
  }
  const keras = scan.keras.some((k) => k.lambdas.length > 0 || k.references.some((r) => r.classification !== 'safe'));
  scan.unsafeOnLoad = scan.pickles.length > 0 || scan.format === 'compressed' || keras || !!scan.carried?.some((c) => c.unsafeOnLoad);
}

/** Every global of every pickle stream in the scan, with the stream it is in. */
export function allGlobals(scan: ModelScan): (PickleGlobal & { location: string })[] {
  return scan.pickles.flatMap((p) => p.scan.globals.map((g) => ({ ...g, location: p.location })));
}

/** The dangerous and the unknown things a scan found, in file order. */
export function hazards(scan: ModelScan): { dangerous: Hazard[]; unknown: Hazard[] } {
  const dangerous: Hazard[] = [];
  const unknown: Hazard[] = [];
  for (const g of allGlobals(scan)) {
    if (g.classification === 'safe') continue;
    const what = g.name ? `${g.module}.${g.name}` : `module ${g.module}`;
    const parts = [`${g.source} at byte ${g.offset} of ${g.location}`];
    if (g.count > 1) parts.push(`imported ${g.count} times`);
    if (g.calls) parts.push(`called at byte ${g.callOffsets[0]}${g.calls > 1 ? ` and ${g.calls - 1} more times` : ''}`);
    if (g.mutated) parts.push('its attributes are overwritten by BUILD');
    if (g.nested) parts.push(`inside a pickle nested in the argument at byte ${g.nested.argumentOffset}${g.nested.via ? `, loaded by ${g.nested.via}` : ''}`);
    const h: Hazard = {
      what,
      reason: g.mutated && g.classification !== 'dangerous' ? 'its attributes are rewritten at load time' : g.reason,
      where: parts.join(', '),
      called: g.calls > 0,
      ...(g.nested && !g.nested.via ? { carried: true } : {}),
    };
    if (g.classification === 'dangerous' || g.mutated) dangerous.push(h);
    else unknown.push(h);
  }
  for (const k of scan.keras) {
    for (const l of k.lambdas) {
      dangerous.push({
        what: `Lambda layer${l.layer ? ` "${l.layer}"` : ''}`,
        reason: `carries ${l.bytecodeBytes} bytes of Python bytecode that run when the model is loaded${l.names.length ? ` (names in it: ${l.names.slice(0, 8).join(', ')})` : ''}`,
        where: `${k.source} at ${l.path}`,
        called: true,
      });
    }
    for (const r of k.references) {
      const h: Hazard = { what: r.name ? `${r.module}.${r.name}` : `module ${r.module}`, reason: r.reason, where: `${k.source} at ${r.path}`, called: false };
      if (r.classification === 'dangerous') dangerous.push(h);
      else if (r.classification === 'unknown') unknown.push(h);
    }
  }
  return { dangerous, unknown };
}

/** What rules and reports read of a scan. */
export function modelFileFact(scan: ModelScan): ModelFileFact {
  const { dangerous, unknown } = hazards(scan);
  return {
    path: scan.path,
    format: scan.format,
    formatName: describeFormat(scan.format),
    ...(scan.mismatch ? { mismatch: scan.mismatch } : {}),
    hasPickles: scan.pickles.length > 0,
    complete: scan.complete,
    problems: scan.problems,
    dangerous,
    unknown,
    ...(scan.format === 'lfs-pointer' ? { lfsPointer: describeLfsPointer(scan.lfsPointer ?? {}) } : {}),
  };
}
