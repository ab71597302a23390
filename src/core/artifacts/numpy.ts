// Reads NumPy .npy headers: an array whose dtype holds Python objects ('O', also inside a
// structured dtype) is stored as a pickle right after the header, and loading it with
// allow_pickle=True runs that pickle.

import type { ByteFeed, Parser } from './byte-feed';
import { pickleParser, type PickleScan } from './pickle';

export const NPY_MAGIC = Buffer.from('\x93NUMPY', 'latin1');

export interface NpyScan {
  version: string;
  descr: string;
  shape: string;
  objectArray: boolean;
  /** The pickle that follows the header of an object array. */
  pickle?: PickleScan;
  problem?: string;
}

/** Whether a dtype description (`'<f4'`, `"[('a', '<i4'), ('b', '|O')]"`) holds objects. */
export function descrHoldsObjects(descr: string): boolean {
  for (const m of descr.matchAll(/['"]([^'"]*)['"]/g)) {
    if (/^[|<>=]?O\d*$/.test(m[1])) return true;
  }
  return false;
}

function field(header: string, key: string): string {
  const at = header.indexOf(`'${key}'`);
  if (at < 0) return '';
  const rest = header.slice(at + key.length + 3).replace(/^\s*:\s*/, '');
  let depth = 0;
  let quote = '';
  for (let j = 0; j < rest.length; j++) {
    const c = rest[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) return rest.slice(0, j).trim();
      depth--;
    } else if (c === ',' && depth === 0) return rest.slice(0, j).trim();
  }
  return rest.trim();
}

/** Parses an .npy stream from its magic; scans the object pickle when there is one. */
export function* npyParser(feed: ByteFeed): Parser<NpyScan> {
  const head = yield* feed.take(8);
  if (!head.subarray(0, 6).equals(NPY_MAGIC)) return { version: '', descr: '', shape: '', objectArray: false, problem: 'not an .npy file (bad magic)' };
  const major = head[6];
  const version = `${major}.${head[7]}`;
  const lenBytes = yield* feed.take(major === 1 ? 2 : 4);
  const len = major === 1 ? lenBytes.readUInt16LE(0) : lenBytes.readUInt32LE(0);
  if (len > 1 << 24) return { version, descr: '', shape: '', objectArray: false, problem: `the header claims ${len} bytes` };
  const header = (yield* feed.take(len)).toString(major >= 3 ? 'utf8' : 'latin1');
  const descr = field(header, 'descr');
  const shape = field(header, 'shape');
  if (!descr) return { version, descr, shape, objectArray: false, problem: 'the header has no descr' };
  const objectArray = descrHoldsObjects(descr);
  if (!objectArray) return { version, descr, shape, objectArray };
  const pickle = yield* pickleParser()(feed);
  return { version, descr, shape, objectArray, pickle };
}
