// Navigation of parsed YAML documents that keeps every node's source range: mapping lookup with
// merge keys, alias resolution under an expansion budget, and strings with their exact locations.

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Str } from '../../facts/model';
import type { Loc } from '../../model';
import { scalarContentRange } from './scalar';

/** Thrown when a document dereferences more aliases than its budget allows (an alias bomb). */
export class AliasLimitError extends Error {
  constructor(readonly limit: number) {
    super(`the document expands more than ${limit} YAML aliases; it was not analysed further (possible alias bomb)`);
  }
}

/** `add` spaces were inserted at file offset `at`. */
export interface Shift {
  at: number;
  add: number;
}

/** The default number of alias dereferences allowed per document. */
export const DEFAULT_ALIAS_BUDGET = 10_000;

/** One parsed document with the file it came from and what is left of its alias budget. */
export class YamlDoc {
  private aliasesLeft: number;

  constructor(
    readonly doc: Document.Parsed,
    readonly file: string,
    /** The text the nodes' ranges refer to (the file's text unless indentation was relaxed). */
    readonly text: string,
    readonly aliasBudget = DEFAULT_ALIAS_BUDGET,
    /** Spaces inserted into the file's text before parsing (see relaxIndentation), in offset order. */
    readonly shifts: readonly Shift[] = [],
  ) {
    this.aliasesLeft = aliasBudget;
  }

  /** Edits are offered only on documents parsed from the file's own text. */
  get editable(): boolean {
    return this.shifts.length === 0;
  }

  /** Maps an offset in `text` back to the file. */
  toFile(offset: number): number {
    let delta = 0;
    for (const s of this.shifts) {
      if (s.at + delta >= offset) break;
      if (offset < s.at + delta + s.add) return s.at;
      delta += s.add;
    }
    return offset - delta;
  }

  get root(): Node | undefined {
    return this.node(this.doc.contents);
  }

  /** Resolves an alias to the node it names, spending one unit of the budget. */
  node(n: unknown): Node | undefined {
    let cur = n;
    let hops = 0;
    while (isAlias(cur)) {
      if (--this.aliasesLeft < 0) throw new AliasLimitError(this.aliasBudget);
      if (++hops > 64) return undefined;
      cur = cur.resolve(this.doc);
    }
    return (cur ?? undefined) as Node | undefined;
  }

  map(n: unknown): YAMLMap | undefined {
    const r = this.node(n);
    return isMap(r) ? r : undefined;
  }

  seq(n: unknown): YAMLSeq | undefined {
    const r = this.node(n);
    return isSeq(r) ? r : undefined;
  }

  scalar(n: unknown): Scalar | undefined {
    const r = this.node(n);
    return isScalar(r) ? r : undefined;
  }

  /**
   * The pair for `key` in a mapping, looking through `<<` merge keys (YAML 1.1, common in
   * Kubernetes files) when the mapping does not hold the key itself.
   */
  pair(n: unknown, key: string): Pair<Node, Node | null> | undefined {
    return this.pairIn(this.map(n), key, 0);
  }

  private pairIn(m: YAMLMap | undefined, key: string, depth: number): Pair<Node, Node | null> | undefined {
    if (!m || depth > 16) return undefined;
    const merges: unknown[] = [];
    for (const p of m.items) {
      if (!isPair(p)) continue;
      const k = isAlias(p.key) ? this.node(p.key) : p.key;
      const kv = isScalar(k) ? k.value : undefined;
      if (kv === key || (typeof kv === 'number' && String(kv) === key)) return p as Pair<Node, Node | null>;
      if (kv === '<<' || (typeof kv === 'symbol' && kv.description === '<<')) merges.push(p.value);
    }
    for (const mv of merges) {
      const target = this.node(mv);
      const sources = isSeq(target) ? target.items : [target];
      for (const s of sources) {
        const found = this.pairIn(this.map(s), key, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The value node of `key` in a mapping (aliases resolved). */
  get(n: unknown, key: string): Node | undefined {
    const p = this.pair(n, key);
    return p ? this.node(p.value) : undefined;
  }

  /** Follows a path of mapping keys. */
  path(n: unknown, ...keys: string[]): Node | undefined {
    let cur: Node | undefined = this.node(n);
    for (const k of keys) {
      if (!cur) return undefined;
      cur = this.get(cur, k);
    }
    return cur;
  }

  /** The items of a sequence (aliases resolved); empty for anything else. */
  items(n: unknown): Node[] {
    const s = this.seq(n);
    if (!s) return [];
    const out: Node[] = [];
    for (const it of s.items) {
      const r = this.node(it);
      if (r) out.push(r);
    }
    return out;
  }

  /** The pairs of a mapping with string keys, merge keys expanded (own keys win). */
  entries(n: unknown): { key: string; keyNode: Node; value: Node | undefined; pair: Pair }[] {
    const m = this.map(n);
    if (!m) return [];
    const out: { key: string; keyNode: Node; value: Node | undefined; pair: Pair }[] = [];
    const seen = new Set<string>();
    const merges: unknown[] = [];
    for (const p of m.items) {
      if (!isPair(p)) continue;
      const k = this.node(p.key);
      if (!isScalar(k)) continue;
      const kv = k.value;
      if (kv === '<<' || (typeof kv === 'symbol' && kv.description === '<<')) {
        merges.push(p.value);
        continue;
      }
      const key = String(kv);
      seen.add(key);
      out.push({ key, keyNode: k, value: this.node(p.value), pair: p });
    }
    for (const mv of merges) {
      const target = this.node(mv);
      for (const s of isSeq(target) ? target.items : [target]) {
        for (const e of this.entries(s)) {
          if (!seen.has(e.key)) {
            seen.add(e.key);
            out.push(e);
          }
        }
      }
    }
    return out;
  }

  /** The string values of a sequence's scalar items, in order. */
  strings(n: unknown): string[] {
    const out: string[] = [];
    for (const item of this.items(n)) {
      const v = this.string(item);
      if (v) out.push(v);
    }
    return out;
  }

  /** A scalar's value as a string (plain numbers and booleans as written), or undefined. */
  string(n: unknown): string | undefined {
    const s = this.scalar(n);
    if (!s || s.value === null || s.value === undefined) return undefined;
    if (typeof s.value === 'string') return s.value;
    if (s.type === 'PLAIN' && s.range) return this.text.slice(s.range[0], s.range[1]);
    return String(s.value);
  }

  /** A scalar as a Str whose loc covers the value inside any quotes. */
  str(n: unknown): Str | undefined {
    const s = this.scalar(n);
    const value = this.string(s);
    if (!s || value === undefined || !s.range) return undefined;
    const r = scalarContentRange(this.text, s);
    return { value, loc: this.loc(r.start, r.end) };
  }

  /** A boolean scalar (true/false, and the YAML 1.1 spellings Kubernetes accepts) with its loc. */
  bool(n: unknown): { value: boolean; loc: Loc } | undefined {
    const s = this.scalar(n);
    if (!s || !s.range) return undefined;
    let v: boolean | undefined;
    if (typeof s.value === 'boolean') v = s.value;
    else if (typeof s.value === 'string' && s.type === 'PLAIN') {
      const t = s.value.toLowerCase();
      if (t === 'true' || t === 'yes' || t === 'on') v = true;
      else if (t === 'false' || t === 'no' || t === 'off') v = false;
    }
    if (v === undefined) return undefined;
    return { value: v, loc: this.loc(s.range[0], s.range[1]) };
  }

  /** An integer scalar with its loc. */
  int(n: unknown): { value: number; loc: Loc } | undefined {
    const s = this.scalar(n);
    if (!s || !s.range) return undefined;
    const v = typeof s.value === 'number' ? s.value : typeof s.value === 'string' && /^-?\d+$/.test(s.value.trim()) ? Number(s.value) : undefined;
    if (v === undefined || !Number.isInteger(v)) return undefined;
    return { value: v, loc: this.loc(s.range[0], s.range[1]) };
  }

  /** The loc of a node from its start to the end of its value (comments after it excluded). */
  nodeLoc(n: unknown): Loc | undefined {
    const r = this.node(n);
    return r?.range ? this.loc(r.range[0], r.range[1]) : undefined;
  }

  /** The loc of a pair's key. */
  keyLoc(p: Pair | undefined): Loc | undefined {
    const k = p ? this.node(p.key) : undefined;
    return k?.range ? this.loc(k.range[0], k.range[1]) : undefined;
  }

  /** From the start of a pair's key to the end of its value. */
  pairLoc(p: Pair | undefined): Loc | undefined {
    if (!p) return undefined;
    const k = this.node(p.key);
    const v = isAlias(p.value) ? p.value : this.node(p.value);
    if (!k?.range) return undefined;
    const end = v?.range ? Math.max(v.range[1], k.range[1]) : k.range[1];
    return this.loc(k.range[0], end);
  }

  loc(start: number, end: number): Loc {
    return this.shifts.length ? { file: this.file, start: this.toFile(start), end: this.toFile(end) } : { file: this.file, start, end };
  }
}

export { isMap, isScalar, isSeq, isAlias };
