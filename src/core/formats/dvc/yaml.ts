// The accessors the DVC and MLflow readers use over the shared YAML documents
// (src/core/formats/yaml): one document per file, mapping entries with located keys, scalars with
// the file offset of every character, and plain data under a node budget.

import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { Str } from '../../facts/model';
import type { Loc, Problem } from '../../model';
import type { SourceFile } from '../../source';
import { AliasLimitError, type YamlDoc } from '../yaml/nodes';
import { parseYaml as parseYamlStream } from '../yaml/parse';
import { scalarContent } from '../yaml/scalar';

export { AliasLimitError, type YamlDoc };

/** The largest number of nodes `toPlain` expands, so alias bombs stay small. */
const PLAIN_NODE_BUDGET = 100_000;

/**
 * Parses a file that holds one YAML document (DVC and MLflow files never hold more), turning
 * syntax errors into notes; never throws.
 */
export function parseYaml(file: SourceFile): { doc?: YamlDoc; notes: Problem[] } {
  const r = parseYamlStream(file);
  const doc = r.docs[0];
  if (!doc || (r.failed.has(0) && !doc.doc.contents)) return { notes: r.notes };
  return { doc, notes: r.notes };
}

/** The note for a document that expands more aliases than its budget. */
export function aliasLimitNote(file: SourceFile, e: AliasLimitError): Problem {
  return { file: file.path, level: 'error', message: e.message };
}

export interface MapEntry {
  key: Str;
  keyNode: Scalar;
  value: Node | undefined;
  pair: Pair;
}

/** The entries of a mapping node with scalar keys, in document order (merge keys expanded). */
export function mapEntries(doc: YamlDoc, node: unknown): MapEntry[] {
  const out: MapEntry[] = [];
  for (const e of doc.entries(node)) {
    if (!isScalar(e.keyNode)) continue;
    out.push({ key: strOf(doc, e.keyNode) ?? { value: e.key, loc: doc.nodeLoc(e.keyNode) ?? doc.loc(0, 0) }, keyNode: e.keyNode, value: e.value, pair: e.pair });
  }
  return out;
}

/** The value node of `key` in a mapping, if present. */
export function mapGet(doc: YamlDoc, node: unknown, key: string): Node | undefined {
  return doc.get(node, key);
}

export function seqItems(doc: YamlDoc, node: unknown): Node[] {
  return doc.items(node);
}

/** A scalar's value as text: plain scalars as written, so `rev: 1.10` stays "1.10"; empty for null. */
export function scalarText(doc: YamlDoc, node: Scalar): string {
  return doc.string(node) ?? '';
}

/**
 * A located string for a scalar node, or undefined for other nodes. A null scalar gives its
 * source spelling (`null`, `~`, or empty for a missing value), so readers can tell a key written
 * without a value from an absent key.
 */
export function strOf(doc: YamlDoc, node: unknown): Str | undefined {
  const s = doc.scalar(node);
  if (!s?.range) return undefined;
  const located = doc.str(s);
  if (located) return located;
  return { value: doc.text.slice(s.range[0], s.range[1]), loc: doc.loc(s.range[0], s.range[1]) };
}

/** The loc of any node (its whole range), or the fallback. */
export function nodeLoc(doc: YamlDoc, node: unknown, fallback?: Loc): Loc {
  return doc.nodeLoc(node) ?? fallback ?? doc.loc(0, 0);
}

/** A scalar's text with where it is written and the file offset of each of its characters. */
export interface LocatedScalar {
  text: string;
  loc: Loc;
  offsetAt(i: number): number;
}

/**
 * Reads a scalar with the map from each index of its text to a file offset, so every word of a
 * multi-line `cmd` or a quoted MLproject command points at its own characters.
 */
export function locatedScalar(doc: YamlDoc, node: unknown): LocatedScalar | undefined {
  const s = doc.scalar(node);
  if (!s?.range) return undefined;
  const text = scalarText(doc, s);
  const content = scalarContent(doc.text, s);
  const loc = doc.loc(content.start, content.end);
  if (content.exact && content.value === text) {
    const offsets = content.offsets;
    return { text, loc, offsetAt: (i) => doc.toFile(offsets[Math.max(0, Math.min(i, text.length))]) };
  }
  // The decoder could not reproduce the value: keep offsets inside the scalar's content.
  return { text, loc, offsetAt: (i) => Math.min(loc.start + Math.max(0, i), loc.end) };
}

/**
 * Converts a node to plain data with string scalars kept as written, expanding at most a fixed
 * number of nodes (aliases included), so hostile documents stay cheap.
 */
export function toPlain(doc: YamlDoc, node: unknown): unknown {
  let budget = PLAIN_NODE_BUDGET;
  const walk = (n: unknown, depth: number): unknown => {
    if (--budget < 0 || depth > 64) return undefined;
    const d = doc.node(n);
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
        if (!isPair(p)) continue;
        const k = doc.scalar(p.key);
        if (k) o[scalarText(doc, k)] = walk(p.value, depth + 1);
      }
      return o;
    }
    return undefined;
  };
  return walk(node, 0);
}

export { isMap, isScalar, isSeq };
