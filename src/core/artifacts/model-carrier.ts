// Model files carried inside a zip archive, as uploaded to model hubs (`model.zip` holding
// `model.pkl`, a compressed `weights.joblib` or a nested `model.pt`): every entry a loader would
// unpickle and every nested model file is decompressed into memory, within a size cap and a depth
// limit, and scanned by the same scanner as a file on disk. An entry that cannot be read that way
// is named in a problem and the scan is incomplete; none is skipped silently.

import { memorySource, type ByteSource } from './byte-source';
import type { ZipArchive, ZipEntryInfo } from './zip';
import type { ModelScan } from './model-scan';
import type { ModelSerialization } from '../facts/model';
import { appendAll } from '../collections';

/** Archives opened inside a model archive at most: `a.zip` holding `b.zip` holding `model.pkl` is read, one level more is not. */
export const MAX_CARRIER_DEPTH = 2;
/** Uncompressed bytes of one carried entry held in memory at most. */
export const MAX_CARRIED_BYTES = 256 * 1024 * 1024;
/** Uncompressed bytes of all carried entries of one top-level file, however deeply nested. */
const MAX_CARRIED_TOTAL = 1024 * 1024 * 1024;
/** Carried entries scanned at most per top-level file. */
const MAX_CARRIED_ENTRIES = 10_000;

/** Names a loader unpickles (pickle, joblib, dill, PyTorch) and nested model files the scanner reads. */
const CARRIED_EXTENSIONS = new Set(['pkl', 'pickle', 'joblib', 'dill', 'sav', 'pt', 'pth', 'bin', 'ckpt', 'npy', 'npz', 'keras', 'h5', 'hdf5', 'zip']);

/** What a carried model file contributes to the archive's fact. */
export interface CarriedModel {
  name: string;
  serialization: ModelSerialization;
  unsafeOnLoad: boolean;
}

/** How deep a scan is inside model archives, and what the whole top-level file may still decompress. */
export interface CarrierDepth {
  depth: number;
  budget: { bytes: number; entries: number };
}

export type ScanEntry = (source: ByteSource, name: string, carrier: CarrierDepth) => Promise<ModelScan | undefined>;

/** The depth of a file scanned on its own (not from inside an archive), with a fresh budget. */
export function topLevel(): CarrierDepth {
  return { depth: 0, budget: { bytes: MAX_CARRIED_TOTAL, entries: MAX_CARRIED_ENTRIES } };
}

/** Whether an archive entry of this name is read as a carried model file. */
export function isCarriedName(name: string): boolean {
  if (name.endsWith('/')) return false;
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && CARRIED_EXTENSIONS.has(base.slice(dot + 1).toLowerCase());
}

/** Why an entry is not read, or undefined when it is read. */
function refusal(e: ZipEntryInfo, carrier: CarrierDepth): string | undefined {
  if (e.encrypted) return 'it is encrypted';
  if (carrier.depth >= MAX_CARRIER_DEPTH) return `it is inside ${carrier.depth + 1} nested archives, and mlsec opens archives inside a model archive ${MAX_CARRIER_DEPTH} levels deep`;
  if (e.uncompressedSize > MAX_CARRIED_BYTES) return `it is ${e.uncompressedSize} bytes uncompressed, over the ${MAX_CARRIED_BYTES}-byte limit for a file inside an archive`;
  if (carrier.budget.entries <= 0) return `more than ${MAX_CARRIED_ENTRIES} files inside archives were already scanned`;
  if (e.uncompressedSize > carrier.budget.bytes) return `the files inside archives already scanned used the ${MAX_CARRIED_TOTAL}-byte decompression budget`;
  return undefined;
}

/** Scans every carried entry of a model archive into `scan`, each location prefixed by the entry's path. */
export async function scanCarried(zip: ZipArchive, scan: ModelScan, carrier: CarrierDepth, scanEntry: ScanEntry): Promise<void> {
  for (const e of zip.entries.filter((x) => isCarriedName(x.name))) {
    const why = refusal(e, carrier);
    if (why) {
      scan.problems.push(`${e.name} was not inspected: ${why}.`);
      scan.complete = false;
      continue;
    }
    carrier.budget.entries--;
    carrier.budget.bytes -= e.uncompressedSize;
    let bytes: Buffer;
    try {
      bytes = await zip.readEntry(e.name, MAX_CARRIED_BYTES);
    } catch (err) {
      scan.problems.push(`${e.name} was not inspected: it could not be read (${(err as Error).message}).`);
      scan.complete = false;
      continue;
    }
    const inner = await scanEntry(memorySource(e.name, bytes), e.name, { depth: carrier.depth + 1, budget: carrier.budget });
    if (inner) addCarried(scan, inner);
  }
}

const within = (name: string, location: string) => `${name}${location.startsWith('bytes ') ? ', ' : ': '}${location}`;

/** Adds what the scan of one carried file found to the archive's scan. */
function addCarried(scan: ModelScan, inner: ModelScan): void {
  const name = inner.path;
  if (isNotAModel(inner)) return;
  for (const p of inner.pickles) scan.pickles.push({ location: within(name, p.location), scan: p.scan });
  for (const k of inner.keras) scan.keras.push({ ...k, source: within(name, k.source) });
  if (inner.npy) appendAll((scan.npy ??= []), inner.npy);
  if (inner.format === 'unknown') scan.problems.push(`${name}: the content is not a model format mlsec recognises, although the name says it is a model file.`);
  if (inner.format === 'lfs-pointer') scan.problems.push(`${name} is a Git LFS pointer: the model itself was never fetched, so it was not inspected.`);
  if (inner.mismatch) scan.problems.push(`${name}: ${inner.mismatch}`);
  for (const p of inner.problems) scan.problems.push(`${name}: ${p}`);
  if (!inner.complete) scan.complete = false;
  (scan.carried ??= []).push({ name, serialization: inner.serialization, unsafeOnLoad: inner.unsafeOnLoad });
  for (const c of inner.carried ?? []) scan.carried.push({ ...c, name: `${name}: ${c.name}` });
}

/** The serialization of a model archive: pickle when any carried file unpickles, else the first carried model's. */
export function carrierSerialization(scan: ModelScan): ModelSerialization {
  const carried = scan.carried ?? [];
  if (scan.pickles.length || carried.some((c) => c.serialization === 'pickle')) return 'pickle';
  return carried.find((c) => c.serialization !== 'other')?.serialization ?? 'other';
}

/**
 * A `.bin` that is no model, or a `.zip` that carries no model file (also one that is no zip, or
 * a Git LFS pointer, whose archive cannot be told from a dataset's): some other file, not
 * reported as a model.
 */
export function isNotAModel(scan: ModelScan): boolean {
  if (scan.format === 'unknown' && (scan.extension === 'bin' || scan.extension === 'zip')) return true;
  return scan.extension === 'zip' && ((scan.format === 'zip' && scan.complete) || scan.format === 'lfs-pointer');
}
