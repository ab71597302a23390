// Minimal text edits on YAML source: insert a key into a block or flow mapping, create a nested
// mapping, replace a scalar, remove a sequence item. Edits touch only the text they change, so the
// user's indentation, quoting, comments, anchors and line endings survive.

import { isMap, isScalar, isSeq, parse, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { YamlDoc } from './nodes';
import { maxOf } from '../../collections';

/** One replacement in the file's text. */
export interface YamlEdit {
  start: number;
  end: number;
  newText: string;
}

const isBreak = (c: string | undefined) => c === '\n' || c === '\r';

/**
 * Whether removing or replacing `[start, end)` keeps every anchor that an alias elsewhere in the
 * document still names: dropping `&name` while `*name` stays would leave a document that no
 * longer parses. Conservative: any `&name` in the text and `*name` outside it count.
 */
export function keepsAnchors(y: YamlDoc, start: number, end: number): boolean {
  const removed = y.text.slice(start, end);
  if (!removed.includes('&')) return true;
  const [docStart, , docEnd] = y.doc.range ?? [0, 0, y.text.length];
  const rest = y.text.slice(docStart, start) + '\n' + y.text.slice(end, docEnd);
  // An anchor follows a blank, a flow indicator or the start of the text; `&&` in a shell string is none.
  for (const m of removed.matchAll(/(?<![^\s,[{])&([^\s,[\]{}&][^\s,[\]{}]*)/g)) {
    const name = m[1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`\\*${name}(?![^\\s,[\\]{}])`).test(rest)) return false;
  }
  return true;
}

/** The edit, unless it would drop an anchor that is still used. */
function guarded(y: YamlDoc, e: YamlEdit): YamlEdit | undefined {
  return keepsAnchors(y, e.start, e.end) ? e : undefined;
}

/** The line ending the file uses (CRLF when its first line break is CRLF). */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && !isBreak(text[i - 1])) i--;
  return i;
}

export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && !isBreak(text[i])) i++;
  return i;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** Whether a collection is written in flow style (`{…}` or `[…]`). */
export function isFlow(y: YamlDoc, n: YAMLMap | YAMLSeq): boolean {
  const s = n.range?.[0];
  return s !== undefined && (y.text[s] === '{' || y.text[s] === '[');
}

/**
 * Whether inserted text must be JSON: in a `.json` file, or in a flow mapping whose keys are
 * double-quoted. Plain YAML flow syntax (`{runAsNonRoot: true}`) would turn a JSON manifest into
 * a file JSON parsers reject.
 */
export function writesJson(y: YamlDoc, map?: YAMLMap | YAMLSeq): boolean {
  if (/\.json$/i.test(y.file)) return true;
  const first = map?.items[0] as Pair | Node | undefined;
  const k = (first && 'key' in first ? first.key : first) as Node | undefined;
  return !!map && isFlow(y, map) && !!k?.range && y.text[k.range[0]] === '"';
}

/** One line of YAML (a scalar or flow collection) as JSON text; the text itself when it is already JSON. */
export function jsonText(yamlText: string): string {
  try {
    JSON.parse(yamlText);
    return yamlText;
  } catch {
    try {
      return JSON.stringify(parse(yamlText)) ?? yamlText;
    } catch {
      return yamlText;
    }
  }
}

/** `key: value` pair text (YAML flow syntax) as JSON pair text. */
function jsonPairs(flowPairs: string): string {
  try {
    const obj: unknown = parse(`{${flowPairs}}`);
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return flowPairs;
    return Object.entries(obj)
      .map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(', ');
  } catch {
    return flowPairs;
  }
}

/** The indentation step of a block mapping: how far its nested block mappings are indented. */
export function indentStep(y: YamlDoc, map: YAMLMap | undefined): number {
  for (const p of map?.items ?? []) {
    const v = y.node(p.value);
    const k = y.node(p.key);
    if ((isMap(v) || isSeq(v)) && !isFlow(y, v) && v.items.length && k?.range && v.range) {
      const step = columnOf(y.text, v.range[0]) - columnOf(y.text, k.range[0]);
      if (step > 0) return step;
    }
  }
  return 2;
}

/** Replaces a scalar's whole text (quotes included) with `newText`. */
export function replaceScalar(y: YamlDoc, node: Scalar, newText: string): YamlEdit | undefined {
  if (!node.range || !y.editable) return undefined;
  return { start: node.range[0], end: node.range[1], newText: writesJson(y) ? jsonText(newText) : newText };
}

/** The offset just after the last pair of a mapping's text (before trailing comments and breaks). */
function afterLastPair(y: YamlDoc, map: YAMLMap): number | undefined {
  const last = map.items[map.items.length - 1] as Pair | undefined;
  if (!last) return undefined;
  const ends: number[] = [];
  for (const part of [last.key, last.value] as unknown[]) {
    const r = (part as Node | null)?.range;
    if (r) ends.push(r[1]);
  }
  if (!ends.length) return undefined;
  let e = maxOf(ends);
  while (e > 0 && /\s/.test(y.text[e - 1])) e--;
  return e;
}

/**
 * Inserts `key: value` into an existing mapping, after its last pair. `valueText` is one line of
 * YAML (a scalar or a flow collection).
 */
export function insertPair(y: YamlDoc, map: YAMLMap, key: string, valueText: string): YamlEdit | undefined {
  return insertRaw(y, map, (_i, _e, _s, _f, json) => (json ? `${JSON.stringify(key)}: ${jsonText(valueText)}` : `${key}: ${valueText}`));
}

/** A nested mapping to write: each value is one line of YAML or a further mapping. */
export type NewPairs = [string, string | NewPairs][];

/** Renders nested pairs in flow style (`{a: 1, b: {c: 2}}`). */
function flowText(pairs: NewPairs, json = false): string {
  const key = (k: string) => (json ? JSON.stringify(k) : k);
  const value = (v: string) => (json ? jsonText(v) : v);
  return `{${pairs.map(([k, v]) => `${key(k)}: ${typeof v === 'string' ? value(v) : flowText(v, json)}`).join(', ')}}`;
}

/** Renders nested pairs in block style, each line starting with a line break and its indentation. */
function blockText(pairs: NewPairs, indent: string, step: number, eol: string): string {
  return pairs.map(([k, v]) => `${eol}${indent}${k}:${typeof v === 'string' ? ` ${v}` : blockText(v, indent + ' '.repeat(step), step, eol)}`).join('');
}

/** Inserts `key:` holding a new nested mapping of `pairs` into an existing mapping. */
export function insertMapping(y: YamlDoc, map: YAMLMap, key: string, pairs: NewPairs): YamlEdit | undefined {
  return insertRaw(y, map, (indent, eol, step, flow, json) =>
    flow ? `${json ? JSON.stringify(key) : key}: ${flowText(pairs, json)}` : `${key}:` + blockText(pairs, indent + ' '.repeat(step), step, eol),
  );
}

function insertRaw(y: YamlDoc, map: YAMLMap, render: (indent: string, eol: string, step: number, flow: boolean, json: boolean) => string): YamlEdit | undefined {
  if (!map.range || !y.editable) return undefined;
  const eol = eolOf(y.text);
  if (isFlow(y, map)) {
    const close = map.range[1] - 1;
    if (y.text[close] !== '}') return undefined;
    const after = afterLastPair(y, map);
    const body = render('', eol, 0, true, writesJson(y, map));
    if (after === undefined) return { start: close, end: close, newText: body };
    return { start: after, end: after, newText: `, ${body}` };
  }
  const firstKey = (map.items[0] as Pair | undefined)?.key as Node | undefined;
  if (!firstKey?.range) return undefined;
  const indent = ' '.repeat(columnOf(y.text, firstKey.range[0]));
  const after = afterLastPair(y, map);
  if (after === undefined) return undefined;
  const at = lineEndOf(y.text, after);
  return { start: at, end: at, newText: eol + indent + render(indent, eol, indentStep(y, map), false, false) };
}

/**
 * Gives a pair whose value is empty (`key:`, `key: null`, `key: ~`) a nested mapping of `pairs`,
 * in block style under a block parent and flow style under a flow parent.
 */
export function fillEmptyPair(y: YamlDoc, parent: YAMLMap, pair: Pair, pairs: NewPairs): YamlEdit | undefined {
  const k = y.node(pair.key);
  if (!k?.range || !y.editable) return undefined;
  let colon = k.range[1];
  while (colon < y.text.length && y.text[colon] !== ':') colon++;
  if (y.text[colon] !== ':') return undefined;
  const v = pair.value as Node | null;
  const end = isScalar(v) && v.range && v.range[1] > v.range[0] ? v.range[1] : colon + 1;
  if (isFlow(y, parent)) {
    return { start: colon + 1, end, newText: ` ${flowText(pairs, writesJson(y, parent))}` };
  }
  const step = indentStep(y, parent);
  return { start: colon + 1, end, newText: blockText(pairs, ' '.repeat(columnOf(y.text, k.range[0]) + step), step, eolOf(y.text)) };
}

/**
 * Removes `count` items of a sequence from `index`: the whole `- item` lines in block style, the
 * items and one adjacent comma in flow style. Undefined when an item shares its line with other content.
 */
export function removeSeqItem(y: YamlDoc, seq: YAMLSeq, index: number, count = 1): YamlEdit | undefined {
  if (!y.editable) return undefined;
  const first = seq.items[index] as Node | undefined;
  const last = seq.items[index + count - 1] as Node | undefined;
  if (!first?.range || !last?.range || !seq.range) return undefined;
  const t = y.text;
  if (isFlow(y, seq)) {
    const next = seq.items[index + count] as Node | undefined;
    const prev = seq.items[index - 1] as Node | undefined;
    if (next?.range) return guarded(y, { start: first.range[0], end: next.range[0], newText: '' });
    if (prev?.range) return guarded(y, { start: prev.range[1], end: last.range[1], newText: '' });
    return guarded(y, { start: first.range[0], end: last.range[1], newText: '' });
  }
  let d = first.range[0] - 1;
  while (d >= 0 && (t[d] === ' ' || t[d] === '\t')) d--;
  if (t[d] !== '-') return undefined;
  const ls = lineStartOf(t, d);
  if (t.slice(ls, d).trim() !== '') return undefined;
  let e = last.range[1];
  while (e > last.range[0] && /\s/.test(t[e - 1])) e--;
  e = lineEndOf(t, e);
  if (t[e] === '\r' && t[e + 1] === '\n') e += 2;
  else if (isBreak(t[e])) e += 1;
  return guarded(y, { start: ls, end: e, newText: '' });
}

/**
 * Inserts plain scalars after item `index` of a sequence: `, a, b` in flow style (double-quoted
 * when that item is), new `- a` lines after the item's line (and its comment) in block style.
 * Undefined when the item shares its line with other content.
 */
export function insertSeqItems(y: YamlDoc, seq: YAMLSeq, index: number, values: string[]): YamlEdit | undefined {
  const item = seq.items[index] as Node | undefined;
  if (!y.editable || !item?.range) return undefined;
  const t = y.text;
  if (isFlow(y, seq)) {
    const quoted = t[item.range[0]] === '"';
    const json = writesJson(y, seq);
    return { start: item.range[1], end: item.range[1], newText: values.map((v) => `, ${quoted ? JSON.stringify(v) : json ? jsonText(v) : v}`).join('') };
  }
  let d = item.range[0] - 1;
  while (d >= 0 && (t[d] === ' ' || t[d] === '\t')) d--;
  if (t[d] !== '-') return undefined;
  const ls = lineStartOf(t, d);
  if (t.slice(ls, d).trim() !== '' || t.slice(item.range[0], item.range[1]).includes('\n')) return undefined;
  const at = lineEndOf(t, item.range[0]);
  const indent = t.slice(ls, d);
  return { start: at, end: at, newText: values.map((v) => `${eolOf(t)}${indent}- ${v}`).join('') };
}

/**
 * Replaces a pair (`key: value`, from the key to the end of the value) with new pair text; lines
 * after the first of `newText` are indented to the key's column (block style) or kept on one line
 * (flow style, where `flowText` is used).
 */
export function replacePair(y: YamlDoc, pair: Pair, blockText: string, flowText: string, parent: YAMLMap): YamlEdit | undefined {
  const k = y.node(pair.key);
  const v = pair.value as Node | null;
  if (!k?.range || !y.editable) return undefined;
  let end = v?.range ? v.range[1] : k.range[1];
  while (end > k.range[1] && /\s/.test(y.text[end - 1])) end--;
  if (isFlow(y, parent)) return guarded(y, { start: k.range[0], end, newText: writesJson(y, parent) ? jsonPairs(flowText) : flowText });
  const indent = ' '.repeat(columnOf(y.text, k.range[0]));
  return guarded(y, { start: k.range[0], end, newText: blockText.replace(/\n/g, eolOf(y.text) + indent) });
}

export { isMap, isSeq };

/**
 * Removes a pair from a mapping: its whole line(s) in block style, the pair and one adjacent comma
 * in flow style. Undefined when the pair shares its lines with other content.
 */
export function removePair(y: YamlDoc, map: YAMLMap, pair: Pair): YamlEdit | undefined {
  const idx = map.items.indexOf(pair as never);
  const k = y.node(pair.key);
  const v = pair.value as Node | null;
  if (idx < 0 || !k?.range || !y.editable) return undefined;
  const t = y.text;
  const end = v?.range ? v.range[1] : k.range[1];
  if (isFlow(y, map)) {
    const next = map.items[idx + 1] as Pair | undefined;
    const prev = map.items[idx - 1] as Pair | undefined;
    const nk = next ? (y.node(next.key) as Node | undefined) : undefined;
    if (nk?.range) return guarded(y, { start: k.range[0], end: nk.range[0], newText: '' });
    const pv = prev ? ((prev.value as Node | null)?.range ?? (y.node(prev.key) as Node | undefined)?.range) : undefined;
    if (pv) return guarded(y, { start: pv[1], end, newText: '' });
    return guarded(y, { start: k.range[0], end, newText: '' });
  }
  const ls = lineStartOf(t, k.range[0]);
  if (t.slice(ls, k.range[0]).trim() !== '') return undefined;
  let e = end;
  while (e > k.range[1] && /\s/.test(t[e - 1])) e--;
  e = lineEndOf(t, e);
  if (t[e] === '\r' && t[e + 1] === '\n') e += 2;
  else if (isBreak(t[e])) e += 1;
  return guarded(y, { start: ls, end: e, newText: '' });
}
