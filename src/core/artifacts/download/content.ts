// What a downloaded model folder holds beyond its hashes: every weight file scanned with the model
// scanner (pickle-based weights beside a safetensors copy are flagged as not needed), code that
// runs on load (`auto_map` in the JSON configs, custom `*.py`, `trust_remote_code` in the card),
// Git LFS pointers that were never fetched, and the model card's licence and base model.

import type { WorkspaceIO } from '../../workspace/io';
import { dirOf } from '../../paths';
import { LFS_POINTER_MAX, parseLfsPointer, type LfsPointer } from '../lfs-pointer';
import { describeFormat, hazardLines, hazards, isModelFileName, scanModelFile } from '../model-scan';
import { isNotAModel } from '../model-carrier';
import { isUnreadArchive, UNREAD_ARCHIVE_FORMAT, UNREAD_ARCHIVE_NOTE } from '../unread-archive';
import { mapBounded } from './integrity';
import type { DownloadFile } from './layout';

export interface WeightSafety {
  name: string;
  format: string;
  /** Loading runs code (pickle-based, Keras Lambda). */
  runsCode: boolean;
  dangerous: string[];
  unknown: string[];
  problems: string[];
  /** Why the file is not needed (a safetensors copy of the weights is beside it). */
  unneeded?: string;
  /** Why some of what the file holds was not inspected (an archive mlsec does not read, an incomplete scan). */
  uninspected?: string;
}

export interface AutoMapEntry {
  file: string;
  key: string;
  reference: string;
  /** The `*.py` file the reference loads, relative to the folder. */
  module: string;
  present: boolean;
  /** The code comes from another repository (`org/repo--module.Class`). */
  otherRepo?: string;
}

export interface RemoteCode {
  autoMap: AutoMapEntry[];
  pythonFiles: string[];
  /** Lines of the card or configs that ask for `trust_remote_code`. */
  hints: { file: string; line: number; text: string }[];
}

export interface ModelCard {
  file?: string;
  license?: string;
  baseModel: string[];
  problems: string[];
}

export interface FolderContent {
  weights: WeightSafety[];
  pointers: (LfsPointer & { name: string })[];
  remoteCode: RemoteCode;
  card: ModelCard;
}

const PICKLE_BASED = new Set(['pickle', 'pytorch', 'joblib']);

async function scanWeights(io: WorkspaceIO, files: readonly DownloadFile[]): Promise<{ weights: WeightSafety[]; pointers: (LfsPointer & { name: string })[] }> {
  const weights: WeightSafety[] = [];
  const pointers: (LfsPointer & { name: string })[] = [];
  const readable = files.filter((f) => !f.unreadable);
  for (const f of readable.filter((x) => isUnreadArchive(x.name))) {
    weights.push({ name: f.name, format: UNREAD_ARCHIVE_FORMAT, runsCode: false, dangerous: [], unknown: [], problems: [], uninspected: UNREAD_ARCHIVE_NOTE });
  }
  const scans = await mapBounded(readable, 2, async (f) => {
    if (isModelFileName(f.name)) return { f, scan: await scanModelFile(io, f.path) };
    const st = await io.stat(f.path);
    const pointer = st && st.size <= LFS_POINTER_MAX ? parseLfsPointer(await io.readRange(f.path, 0, LFS_POINTER_MAX), st.size) : undefined;
    return { f, pointer };
  });
  for (const r of scans) {
    if ('pointer' in r) {
      if (r.pointer) pointers.push({ name: r.f.name, ...r.pointer });
      continue;
    }
    const scan = r.scan;
    if (!scan) continue;
    if (scan.format === 'lfs-pointer') {
      pointers.push({ name: r.f.name, ...(scan.lfsPointer ?? {}) });
      continue;
    }
    if (isNotAModel(scan)) continue;
    const { dangerous, unknown } = hazards(scan);
    weights.push({
      name: r.f.name,
      format: describeFormat(scan.format),
      runsCode: scan.unsafeOnLoad || PICKLE_BASED.has(scan.serialization),
      dangerous: hazardLines(dangerous),
      unknown: hazardLines(unknown),
      problems: [...(scan.mismatch ? [scan.mismatch] : []), ...scan.problems],
      ...(scan.complete ? {} : { uninspected: 'Parts of it that could hold code were not read (see its problems), so its scan is incomplete.' }),
    });
  }
  const safetensors = weights.filter((w) => w.name.endsWith('.safetensors') && !w.problems.length);
  for (const w of weights) {
    const copy = safetensors.filter((s) => dirOf(s.name) === dirOf(w.name));
    if (w.runsCode && copy.length)
      w.unneeded = `${copy[0].name}${copy.length > 1 ? ` and ${copy.length - 1} more safetensors files` : ''} hold${copy.length > 1 ? '' : 's'} the weights in a format that runs no code`;
  }
  return { weights, pointers };
}

async function readText(io: WorkspaceIO, rel: string, limit = 4 << 20): Promise<string | undefined> {
  try {
    return (await io.readFile(rel, limit)).toString('utf8');
  } catch {
    return undefined;
  }
}

function autoMapEntries(file: string, json: unknown, names: Set<string>): AutoMapEntry[] {
  const map = (json as { auto_map?: unknown } | null)?.auto_map;
  if (!map || typeof map !== 'object' || Array.isArray(map)) return [];
  const out: AutoMapEntry[] = [];
  for (const [key, value] of Object.entries(map as Record<string, unknown>)) {
    for (const reference of (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')) {
      const sep = reference.indexOf('--');
      const local = sep >= 0 ? reference.slice(sep + 2) : reference;
      const dot = local.lastIndexOf('.');
      const module = `${(dot > 0 ? local.slice(0, dot) : local).split('.').join('/')}.py`;
      const dir = dirOf(file);
      const rel = dir ? `${dir}/${module}` : module;
      out.push({ file, key, reference, module: rel, present: names.has(rel), ...(sep >= 0 ? { otherRepo: reference.slice(0, sep) } : {}) });
    }
  }
  return out;
}

async function findRemoteCode(io: WorkspaceIO, files: readonly DownloadFile[]): Promise<RemoteCode> {
  const names = new Set(files.map((f) => f.name));
  const code: RemoteCode = { autoMap: [], pythonFiles: files.filter((f) => f.name.endsWith('.py')).map((f) => f.name), hints: [] };
  for (const f of files) {
    if (f.unreadable || !/(^|\/)[^/]*\.(json|md)$/.test(f.name) || f.name.split('/').length > 2) continue;
    const text = await readText(io, f.path);
    if (text === undefined) continue;
    if (f.name.endsWith('.json')) {
      try {
        code.autoMap.push(...autoMapEntries(f.name, JSON.parse(text), names));
      } catch {
        // A JSON file that does not parse configures nothing the loader reads.
      }
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length && code.hints.length < 20; i++) {
      if (/trust_remote_code/.test(lines[i])) code.hints.push({ file: f.name, line: i + 1, text: lines[i].trim().slice(0, 200) });
    }
  }
  return code;
}

const unquote = (v: string) => v.trim().replace(/^(["'])(.*)\1$/, '$2');

/**
 * The top-level keys of a model card's front matter that hold a string or a list of strings
 * (`key: value`, `key: [a, b]`, or a block list under `key:`); other YAML is not needed here.
 */
function frontMatterLists(yaml: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const raw of yaml.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    const key = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
    if (key) {
      const value = key[2].trim();
      current = value ? undefined : [];
      if (!value) out.set(key[1], current as string[]);
      else if (value.startsWith('[') && value.endsWith(']')) out.set(key[1], value.slice(1, -1).split(',').map(unquote).filter(Boolean));
      else out.set(key[1], [unquote(value)]);
      continue;
    }
    const item = /^\s*-\s+(.*)$/.exec(line);
    if (item && current) current.push(unquote(item[1]));
    else if (line.trim() && !/^\s/.test(line)) current = undefined;
  }
  return out;
}

/** The licence and base model a README.md front matter declares. */
export function readModelCard(text: string | undefined, file: string): ModelCard {
  const card: ModelCard = { baseModel: [], problems: [] };
  if (text === undefined) return card;
  card.file = file;
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  if (!m) return card;
  const meta = frontMatterLists(m[1]);
  const license = (meta.get('license') ?? []).join(', ');
  const name = meta.get('license_name')?.[0];
  if (license) card.license = license === 'other' && name ? `other (${name})` : license;
  card.baseModel = meta.get('base_model') ?? [];
  return card;
}

/** Scans the folder's weights, code and card. */
export async function inspectFolder(io: WorkspaceIO, files: readonly DownloadFile[]): Promise<FolderContent> {
  const { weights, pointers } = await scanWeights(io, files);
  const readme = files.find((f) => !f.unreadable && /^readme\.md$/i.test(f.name));
  const card = readModelCard(readme ? await readText(io, readme.path, 1 << 20) : undefined, readme?.name ?? '');
  return { weights, pointers, remoteCode: await findRemoteCode(io, files), card };
}
