// Small helpers over the `yaml` document API for the DVC and MLflow readers: safe parsing,
// located strings for scalars, and mapping a scalar's value back to file offsets.

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Str } from '../../facts/model';
import type { Loc, Note } from '../../model';
import type { SourceFile } from '../../source';

/** The largest number of nodes `toPlain` expands, so alias bombs stay small. */
const PLAIN_NODE_BUDGET = 100_000;

export interface ParsedYaml {
  doc?: Document.Parsed;
  notes: Note[];
}

/** Parses one YAML document, turning syntax errors into notes; never throws. */
export function parseYaml(file: SourceFile): ParsedYaml {
  const notes: Note[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(file.text, { uniqueKeys: false, prettyErrors: false, strict: false });
  } catch (e) {
    return { notes: [{ file: file.path, level: 'error', message: `cannot parse YAML: ${(e as Error).message}` }] };
  }
  for (const err of doc.errors) {
    const [start, end] = err.pos ?? [0, 0];
    notes.push({ file: file.path, level: 'error', message: `YAML syntax error: ${firstLine(err.message)}`, loc: file.loc(start, Math.max(start, end)) });
  }
  if (doc.errors.length && !doc.contents) return { notes };
  return { doc, notes };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

/** Follows aliases (a bounded number of hops) to the node they name. */
export function deref(doc: Document, node: unknown): Node | undefined {
  let n = node as Node | undefined;
  for (let hops = 0; n && isAlias(n) && hops < 16; hops++) n = n.resolve(doc) as Node | undefined;
  return n && !isAlias(n) ? n : undefined;
}

/** The entries of a mapping node with string keys, in document order. */
export function mapEntries(doc: Document, node: unknown): { key: Str; keyNode: Scalar; value: Node | undefined; pair: Pair }[] {
  const m = deref(doc, node);
  if (!m || !isMap(m)) return [];
  const out: { key: Str; keyNode: Scalar; value: Node | undefined; pair: Pair }[] = [];
  for (const pair of (m as YAMLMap).items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = pair.key as Scalar;
    out.push({ key: { value: scalarText(key), loc: scalarLoc(key, docFile(doc)) }, keyNode: key, value: deref(doc, pair.value), pair });
  }
  return out;
}

/** The value node of `key` in a mapping, if present. */
export function mapGet(doc: Document, node: unknown, key: string): Node | undefined {
  return mapEntries(doc, node).find((e) => e.key.value === key)?.value;
}

/** The key scalar of `key` in a mapping, if present. */
export function mapKey(doc: Document, node: unknown, key: string): Str | undefined {
  return mapEntries(doc, node).find((e) => e.key.value === key)?.key;
}

export function seqItems(doc: Document, node: unknown): Node[] {
  const s = deref(doc, node);
  if (!s || !isSeq(s)) return [];
  return s.items.map((i) => deref(doc, i)).filter((i): i is Node => !!i);
}

const fileOfDoc = new WeakMap<Document, string>();

/** Remembers which file a document came from, so located strings carry the path. */
export function bindFile(doc: Document, file: string): void {
  fileOfDoc.set(doc, file);
}

function docFile(doc: Document): string {
  return fileOfDoc.get(doc) ?? '';
}

/**
 * The scalar's value as text. Plain scalars keep their source spelling, so `rev: 1.10` stays
 * "1.10" rather than the number 1.1.
 */
export function scalarText(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  if (node.type === 'PLAIN' && typeof node.source === 'string') return node.source;
  if (node.value === null || node.value === undefined) return '';
  return String(node.value);
}

/** Where the scalar's value is written: inside quotes, or the content lines of a block scalar. */
export function scalarLoc(node: Scalar, file: string, text?: string): Loc {
  const [start, end] = node.range ?? [0, 0];
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return { file, start: start + 1, end: Math.max(start + 1, end - 1) };
  if ((node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') && text !== undefined) {
    const nl = text.indexOf('\n', start);
    let s = nl < 0 || nl >= end ? end : nl + 1;
    while (s < end && (text[s] === ' ' || text[s] === '\n' || text[s] === '\r' || text[s] === '\t')) s++;
    let e = end;
    while (e > s && /\s/.test(text[e - 1])) e--;
    return { file, start: s, end: e };
  }
  return { file, start, end };
}

/** A located string for a scalar node, or undefined for other nodes. */
export function strOf(doc: Document, node: unknown, file: SourceFile): Str | undefined {
  const n = deref(doc, node);
  if (!n || !isScalar(n)) return undefined;
  return { value: scalarText(n), loc: scalarLoc(n, file.path, file.text) };
}

/** The loc of any node (its whole range). */
export function nodeLoc(node: Node | undefined, file: string, fallback?: Loc): Loc {
  const r = node?.range;
  if (!r) return fallback ?? { file, start: 0, end: 0 };
  return { file, start: r[0], end: Math.max(r[0], r[1]) };
}

/**
 * Maps each index of a scalar's value to an offset in the file. Plain single-line and simply
 * quoted scalars map exactly; block and folded scalars and escapes are aligned character by
 * character, so every word of a multi-line `cmd` still points at its own text.
 */
export function scalarOffsets(value: string, loc: Loc, text: string): (i: number) => number {
  const src = text.slice(loc.start, loc.end);
  if (src === value) return (i) => loc.start + Math.min(i, value.length);
  const map = new Int32Array(value.length + 1);
  let p = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    let q = p;
    // Skip only what YAML removes: indentation, line breaks, quote doubling and escapes.
    while (q < src.length && src[q] !== c && q - p < 64 && /[\s'"\\]/.test(src[q])) q++;
    if (q < src.length && src[q] === c) {
      map[i] = loc.start + q;
      p = q + 1;
    } else {
      map[i] = loc.start + Math.min(p, src.length);
    }
  }
  map[value.length] = loc.start + Math.min(p, src.length);
  return (i) => map[Math.max(0, Math.min(i, value.length))];
}

/**
 * Converts a node to plain data with string scalars kept as written, expanding at most a fixed
 * number of nodes (aliases included), so hostile documents stay cheap.
 */
export function toPlain(doc: Document, node: unknown): unknown {
  let budget = PLAIN_NODE_BUDGET;
  const walk = (n: unknown, depth: number): unknown => {
    if (--budget < 0 || depth > 64) return undefined;
    const d = deref(doc, n);
    if (!d) return null;
    if (isScalar(d)) {
      const v = d.value;
      if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' || v === null) return v;
      return String(v);
    }
    if (isSeq(d)) return d.items.map((i) => walk(i, depth + 1));
    if (isMap(d)) {
      const o: Record<string, unknown> = {};
      for (const p of d.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        o[scalarText(p.key as Scalar)] = walk(p.value, depth + 1);
      }
      return o;
    }
    return undefined;
  };
  return walk(node, 0);
}

export { isMap, isScalar, isSeq };
