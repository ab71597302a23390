// Inspects Keras model configurations (config.json of a .keras archive, the model_config
// attribute of a legacy .h5 file): Lambda layers that carry marshalled Python bytecode, and
// objects that name a module outside Keras, which loading imports.

import type { ByteFeed, Parser } from './byte-feed';
import { classifyGlobal, type GlobalClass } from './pickle-globals';

export interface KerasLambda {
  /** The layer name, when it has one. */
  layer: string;
  /** JSON path of the layer in the configuration. */
  path: string;
  /** Size of the decoded bytecode. */
  bytecodeBytes: number;
  /** Identifiers found in the bytecode (names the function uses), for the report. */
  names: string[];
}

export interface KerasReference {
  module: string;
  name: string;
  path: string;
  classification: GlobalClass;
  reason: string;
}

export interface KerasScan {
  /** Where the configuration was read from: `config.json`, or `model_config at byte N`. */
  source: string;
  lambdas: KerasLambda[];
  references: KerasReference[];
}

/** Modules that belong to Keras or TensorFlow themselves. */
const KERAS_MODULES = /^(keras|tf_keras|tensorflow\.keras|tensorflow\.python\.keras|keras_core|keras_nlp|keras_cv|keras_hub)(\.|$)/;

/** Extracts identifier-like strings from marshalled bytecode (co_names, co_consts). */
function bytecodeNames(code: Buffer): string[] {
  const names = new Set<string>();
  for (const m of code.toString('latin1').matchAll(/[A-Za-z_][A-Za-z0-9_.]{1,60}/g)) {
    if (names.size >= 24) break;
    names.add(m[0]);
  }
  return [...names];
}

function decodeBytecode(v: unknown): Buffer | undefined {
  if (typeof v !== 'string' || v.length < 8 || !/^[A-Za-z0-9+/=\s]+$/.test(v)) return undefined;
  const b = Buffer.from(v, 'base64');
  return b.length ? b : undefined;
}

/** Finds the bytecode of a Lambda's `function` in the Keras 2 and Keras 3 encodings. */
function lambdaBytecode(fn: unknown, functionType: unknown): Buffer | undefined {
  if (Array.isArray(fn) && functionType !== 'function') return decodeBytecode(fn[0]);
  if (typeof fn === 'string' && functionType === 'lambda') return decodeBytecode(fn);
  if (fn && typeof fn === 'object') {
    const o = fn as { class_name?: unknown; config?: { code?: unknown } };
    if (o.class_name === '__lambda__') return decodeBytecode(o.config?.code);
  }
  return undefined;
}

/** Walks a parsed configuration for Lambda bytecode and non-Keras module references. */
export function inspectKerasConfig(config: unknown, source: string): KerasScan {
  const lambdas: KerasLambda[] = [];
  const references: KerasReference[] = [];
  const seen = new Set<string>();
  let visited = 0;
  const visit = (node: unknown, path: string, depth: number): void => {
    if (depth > 200 || ++visited > 1_000_000) return;
    if (Array.isArray(node)) {
      node.forEach((x, k) => visit(x, `${path}[${k}]`, depth + 1));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const cfg = (o.config && typeof o.config === 'object' ? o.config : {}) as Record<string, unknown>;
    if (o.class_name === 'Lambda') {
      const code = lambdaBytecode(cfg.function, cfg.function_type);
      if (code) lambdas.push({ layer: typeof cfg.name === 'string' ? cfg.name : '', path, bytecodeBytes: code.length, names: bytecodeNames(code) });
    }
    if (typeof o.module === 'string' && !KERAS_MODULES.test(o.module)) {
      const name = o.class_name === 'function' && typeof o.config === 'string' ? o.config : typeof o.class_name === 'string' ? o.class_name : '';
      const key = `${o.module}\u0000${name}`;
      if (!seen.has(key)) {
        seen.add(key);
        const c = classifyGlobal(o.module, name);
        references.push({ module: o.module, name, path, classification: c.class, reason: c.reason });
      }
    }
    for (const [k, v] of Object.entries(o)) visit(v, `${path}.${k}`, depth + 1);
  };
  visit(config, '$', 0);
  return { source, lambdas, references };
}

/** A Keras model configuration looks like `{"class_name": ..., "config": ...}`. */
function isModelConfig(v: unknown): boolean {
  return !!v && typeof v === 'object' && typeof (v as { class_name?: unknown }).class_name === 'string' && 'config' in (v as object);
}

const CONFIG_START = Buffer.from('{"class_name":');
/** The largest configuration captured from an HDF5 file. */
const CONFIG_MAX = 64 * 1024 * 1024;

/**
 * Finds Keras model configurations in an HDF5 file without an HDF5 library. Keras stores the
 * configuration as the `model_config` attribute: a JSON string written as one contiguous run of
 * bytes, either inline in the attribute message of the root group's object header (fixed-length
 * string) or as one object in a global heap collection (variable-length string). HDF5 never
 * splits or filters attribute values, so the JSON text appears verbatim in the file. We stream
 * the file, look for the start of a JSON object with a `class_name` key, capture it by matching
 * braces outside strings, and keep it only if it parses and has the shape of a model
 * configuration. Weight datasets are binary and do not form such JSON.
 */
export function* h5ConfigParser(feed: ByteFeed): Parser<KerasScan[]> {
  const found: KerasScan[] = [];
  let carry = Buffer.alloc(0);
  while (yield* feed.more()) {
    const windowStart = feed.offset - carry.length;
    const chunk = feed.buf.subarray(feed.i);
    const hay = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const at = hay.indexOf(CONFIG_START);
    if (at < 0) {
      feed.i = feed.buf.length;
      carry = Buffer.from(hay.subarray(Math.max(0, hay.length - CONFIG_START.length + 1)));
      continue;
    }
    const startOffset = windowStart + at;
    // Move the feed to the match, then capture from there.
    const consumedFromChunk = at - carry.length;
    carry = Buffer.alloc(0);
    let text: Buffer | undefined;
    if (consumedFromChunk < 0) {
      const prefix = hay.subarray(at, at - consumedFromChunk);
      text = yield* captureJson(feed, prefix);
    } else {
      feed.i += consumedFromChunk;
      text = yield* captureJson(feed, Buffer.alloc(0));
    }
    if (!text) continue;
    try {
      const json: unknown = JSON.parse(text.toString('utf8'));
      if (isModelConfig(json)) found.push(inspectKerasConfig(json, `model_config at byte ${startOffset}`));
    } catch {
      // Not JSON after all (binary data that happened to match): keep looking.
    }
  }
  return found;
}

/** Captures one balanced JSON object starting at the feed position (after `prefix`). */
function* captureJson(feed: ByteFeed, prefix: Buffer): Parser<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let escape = false;
  const scan = (b: Buffer): number => {
    for (let j = 0; j < b.length; j++) {
      const c = b[j];
      if (inString) {
        if (escape) escape = false;
        else if (c === 0x5c) escape = true;
        else if (c === 0x22) inString = false;
        else if (c < 0x20) return -2;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
        depth--;
        if (depth === 0) return j + 1;
      } else if (c === 0) return -2;
    }
    return -1;
  };
  let done = scan(prefix);
  if (done === -2) return undefined;
  parts.push(Buffer.from(prefix.subarray(0, done < 0 ? prefix.length : done)));
  size += prefix.length;
  if (done >= 0) return Buffer.concat(parts);
  for (;;) {
    if (!(yield* feed.more())) return undefined;
    const b = feed.buf.subarray(feed.i);
    done = scan(b);
    if (done === -2) {
      feed.i += 1;
      return undefined;
    }
    const take = done < 0 ? b.length : done;
    parts.push(Buffer.from(b.subarray(0, take)));
    size += take;
    feed.i += take;
    if (done >= 0) return Buffer.concat(parts);
    if (size > CONFIG_MAX) return undefined;
  }
}
