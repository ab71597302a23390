// The zip side of a model scan (PyTorch checkpoints, .keras archives, .npz, .zip archives of model
// files): which layout the archive has, and every entry a loader would read from it (pickles, .npy
// arrays, the Keras configuration, carried model files), however many other entries come first.

import { inspectKerasConfig } from './keras';
import { npyParser, type NpyScan } from './numpy';
import { pickleParser, type PickleScan } from './pickle';
import { MAX_LISTED, ZipArchive } from './zip';
import { isCarriedName, scanCarried, type CarrierDepth, type ScanEntry } from './model-carrier';
import type { ModelScan } from './model-scan';
import type { ByteSource } from './byte-source';

/** Pickle and .npy entries parsed at most per archive; the rest are reported as not inspected. */
const MAX_PARSED_ENTRIES = 10_000;

export function bytesLocation(scan: PickleScan, prefix = ''): string {
  return `${prefix}bytes ${scan.start}–${scan.end ?? '?'}`;
}

export function addNpy(scan: ModelScan, r: NpyScan, prefix: string): void {
  const { pickle, ...rest } = r;
  (scan.npy ??= []).push(rest);
  if (r.problem) scan.problems.push(`${prefix}${r.problem}.`);
  if (pickle) scan.pickles.push({ location: `${prefix}object array pickle, ${bytesLocation(pickle)}`, scan: pickle });
}

/**
 * Whether a loader reads an entry of this name: `torch.load` the `data.pkl` of its archive (any
 * `.pkl`), `numpy.load` every `.npy` of an npz, Keras `config.json` (with `metadata.json` and the
 * weights beside it).
 */
export function loaderReads(name: string): boolean {
  return name.endsWith('.pkl') || name.endsWith('.npy') || name === 'config.json' || name === 'metadata.json' || name.endsWith('.weights.h5');
}

type ZipLayout = 'keras' | 'pytorch-zip' | 'npz' | 'model-archive' | 'zip';

/** The records `torch.save` writes under the archive's one top-level folder. */
const TORCH_RECORD = /^[^/]+\/(data\.pkl|version|byteorder|data\/\d+)$/;

function layoutOf(names: readonly string[], extension: string): ZipLayout {
  const hasConfig = names.includes('config.json');
  // Keras reads config.json whether or not metadata.json is there, so a .keras name is enough.
  if (hasConfig && (extension === 'keras' || names.includes('metadata.json') || names.some((n) => n.endsWith('.weights.h5')))) return 'keras';
  // A `.zip` that is no checkpoint of its own is an archive of the model files it carries.
  if (extension === 'zip' && !names.some((n) => TORCH_RECORD.test(n)) && names.some(isCarriedName)) return 'model-archive';
  if (names.some((n) => n.endsWith('.pkl')) || names.some((n) => TORCH_RECORD.test(n))) return 'pytorch-zip';
  const npy = names.filter((n) => n.endsWith('.npy')).length;
  if (npy && npy === names.filter((n) => !n.endsWith('/')).length) return 'npz';
  return 'zip';
}

/** Scans the archive of a zip-shaped model; sets the scan's format from the archive's layout. */
export async function scanZip(io: ByteSource, path: string, size: number, scan: ModelScan, carrier: CarrierDepth & { scanEntry: ScanEntry }): Promise<void> {
  const zip = await ZipArchive.open(io, path, size, scan.extension === 'zip' ? (n) => loaderReads(n) || isCarriedName(n) : loaderReads);
  try {
    const names = zip.entries.map((e) => e.name);
    scan.entries = zip.total;
    if (zip.unwalked) scan.problems.push(`The archive lists more than ${zip.total} entries; later entries were not read.`);
    else if (zip.truncated) scan.problems.push(`The archive has ${zip.total} entries; past the first ${MAX_LISTED}, only those a loader reads were listed.`);
    const layout = layoutOf(names, scan.extension);
    if (layout !== 'zip') scan.format = layout;
    if (layout === 'model-archive') {
      await scanCarried(zip, scan, carrier, carrier.scanEntry);
      // Only ordinary archives inside: this one carries no model either.
      if (!scan.pickles.length && !scan.carried?.length && scan.complete) scan.format = 'zip';
      return;
    }
    const readable = zip.entries.filter((e) => e.name.endsWith('.pkl') || e.name.endsWith('.npy'));
    for (const e of readable) if (e.encrypted) scan.problems.push(`${e.name} is encrypted and was not inspected.`);
    // Pickles first, then arrays, each in archive order.
    const parsed = [...readable.filter((e) => !e.encrypted && e.name.endsWith('.pkl')), ...readable.filter((e) => !e.encrypted && e.name.endsWith('.npy'))];
    if (parsed.length > MAX_PARSED_ENTRIES) {
      scan.problems.push(`${parsed.length - MAX_PARSED_ENTRIES} pickle and .npy entries after the first ${MAX_PARSED_ENTRIES} were not inspected.`);
      scan.complete = false;
    }
    for (const e of parsed.slice(0, MAX_PARSED_ENTRIES)) {
      if (e.name.endsWith('.pkl')) {
        scan.pickles.push({ location: e.name, scan: await zip.parseEntry(e.name, pickleParser()) });
        continue;
      }
      try {
        addNpy(scan, await zip.parseEntry(e.name, npyParser), `${e.name}: `);
      } catch (err) {
        scan.problems.push(`${e.name}: ${(err as Error).message}.`);
        scan.complete = false;
      }
    }
    if (layout === 'keras') await scanKerasConfig(zip, scan);
  } finally {
    zip.close();
  }
}

async function scanKerasConfig(zip: ZipArchive, scan: ModelScan): Promise<void> {
  const text = await zip.readEntry('config.json', 64 * 1024 * 1024);
  try {
    scan.keras.push(inspectKerasConfig(JSON.parse(text.toString('utf8')), 'config.json'));
  } catch (e) {
    scan.problems.push(`config.json is not valid JSON (${(e as Error).message}).`);
    scan.complete = false;
  }
}
