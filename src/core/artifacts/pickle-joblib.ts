// Joblib writes each NumPy array's raw bytes right after the BUILD of its NumpyArrayWrapper (with
// an alignment pad), or a whole nested pickle for object arrays, and its unpickler reads them
// there. This module recognises the wrapper and skips the raw bytes or scans the nested pickle.

import type { Problem } from '../model';
import type { ByteFeed, Parser } from './byte-feed';
import type { ScanContext } from './pickle-context';
import { dictValue, UNKNOWN, type PV } from './pickle-types';

/** Sizes of NumPy dtype codes, for skipping joblib arrays. */
const DTYPE_SIZES: Record<string, number> = { b: 1, B: 1, h: 2, H: 2, i: 4, I: 4, l: 8, L: 8, q: 8, Q: 8, e: 2, f: 4, d: 8, g: 16, F: 8, D: 16, G: 32, '?': 1, M: 8, m: 8 };

/** Whether `inst` (the value a BUILD completes) is a joblib NumpyArrayWrapper, so array bytes follow. */
export function isJoblibWrapper(inst: PV | undefined): boolean {
  const cls = inst?.k === 'obj' && inst.fn?.k === 'global' ? inst.fn.g : undefined;
  return !!cls && cls.name === 'NumpyArrayWrapper' && /(^|\.)numpy_pickle$/.test(cls.module);
}

/**
 * Skips the array bytes that follow the BUILD of `wrapper`, or scans the nested pickle of an
 * object array in the same context. Returns the problem of that nested pickle, if any.
 */
export function* joblibArray(feed: ByteFeed, ctx: ScanContext, wrapper: PV | undefined, off: number): Parser<Problem | undefined> {
  const state = wrapper?.k === 'obj' && wrapper.state ? wrapper.state : UNKNOWN;
  const field = (key: string) => (state.k === 'dict' ? dictValue(state, key) : undefined);
  const dtype = dtypeInfo(field('dtype'));
  const shape = field('shape');
  if (!dtype) throw new Error('a joblib array has a dtype that cannot be read statically: not inspected further');
  if (dtype.object) {
    const r = yield* ctx.runner(feed, ctx, ctx.innerOptions());
    return r.error ? { ...r.error, message: `in a joblib object array: ${r.error.message}` } : undefined;
  }
  if (!shape || shape.k !== 'tuple' || shape.count !== shape.items.length || !shape.items.every((x) => x.k === 'int' && x.v >= 0)) {
    throw new Error('a joblib array has a shape that cannot be read statically: not inspected further');
  }
  let count = 1;
  for (const d of shape.items) count *= (d as { v: number }).v;
  const bytes = count * dtype.size;
  if (!Number.isSafeInteger(bytes)) throw new Error(`a joblib array at offset ${off} is too large to skip`);
  const align = field('numpy_array_alignment_bytes');
  if (align && align.k === 'int') {
    if (feed.buf.length - feed.i < 1) yield* feed.need(1);
    const pad = feed.buf[feed.i++];
    yield* feed.skip(pad);
  }
  yield* feed.skip(bytes);
  return undefined;
}

/** Size and object-ness of a numpy.dtype built by REDUCE (and BUILD) in the stream. */
function dtypeInfo(v: PV | undefined): { size: number; object: boolean } | undefined {
  if (!v || v.k !== 'obj' || v.fn?.k !== 'global' || v.fn.g.name !== 'dtype') return undefined;
  const a = v.args?.k === 'tuple' ? v.args.items[0] : undefined;
  if (!a || a.k !== 'str') return undefined;
  const code = a.v.replace(/^[<>|=]/, '');
  const st = v.state?.k === 'tuple' ? v.state.items : [];
  const flags = st[7]?.k === 'int' ? st[7].v : 0;
  if (code === 'O' || code.startsWith('O') || (flags & 1) === 1) return { size: 8, object: true };
  const elsize = st[5]?.k === 'int' ? st[5].v : -1;
  if (elsize > 0) return { size: elsize, object: false };
  const m = /^([a-zA-Z?])(\d*)$/.exec(code);
  if (!m) return undefined;
  if (m[2]) {
    const n = Number(m[2]);
    return { size: m[1] === 'U' ? n * 4 : n, object: false };
  }
  const size = DTYPE_SIZES[m[1]];
  return size ? { size, object: false } : undefined;
}
