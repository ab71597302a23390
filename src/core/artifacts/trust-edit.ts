// The edit that adds a signer to `.mlsec.yaml` `models.trust`: a public key path to `publicKeys`
// or an identity with its issuer to `identities`, creating the file, the sections or the list as
// needed. Only the text the entry needs is inserted, so comments, quoting and the order of the
// rest of the file survive; nothing is edited when the entry is already there.

import type { TextEdit } from '../model';
import { SourceFile } from '../source';
import type { YamlDoc } from '../formats/yaml/nodes';
import { parseYaml } from '../formats/yaml/parse';
import { eolOf, fillEmptyPair, insertMapping, insertPair, insertSeqItems, lineEndOf, lineStartOf, type NewPairs, type YamlEdit } from '../formats/yaml/edit';

/** A signer to trust: a workspace key file (relative to the configuration file's directory) or a Sigstore identity. */
export type TrustAddition = { publicKey: string } | { identity: string; issuer: string };

const q = (s: string) => JSON.stringify(s);

function listName(add: TrustAddition): 'publicKeys' | 'identities' {
  return 'publicKey' in add ? 'publicKeys' : 'identities';
}

/** The list item as one line of YAML. */
function itemText(add: TrustAddition): string {
  return 'publicKey' in add ? q(add.publicKey) : `{identity: ${q(add.identity)}, issuer: ${q(add.issuer)}}`;
}

function present(items: unknown[], add: TrustAddition): boolean {
  return items.some((i) => {
    if ('publicKey' in add) return typeof i === 'string' && i.replace(/^\.\//, '') === add.publicKey;
    const o = i as { identity?: unknown; issuer?: unknown } | null;
    return !!o && typeof o === 'object' && o.identity === add.identity && o.issuer === add.issuer;
  });
}

/** The whole `models:` section for a file that has none. */
function sectionText(add: TrustAddition, eol: string): string {
  return ['models:', '  trust:', `    ${listName(add)}:`, `      - ${itemText(add)}`, ''].join(eol);
}

/**
 * The edit of `file` (its text, or undefined when it does not exist) that trusts `add`; 'present'
 * when the file already trusts it, undefined when the file's shape leaves no safe place for it
 * (not YAML, not a mapping, or `models`/`trust` holding something else).
 */
export function trustEdit(file: string, text: string | undefined, add: TrustAddition): TextEdit | 'present' | undefined {
  if (text === undefined) return { file, start: 0, end: 0, newText: sectionText(add, '\n'), create: true };
  const parsed = parseYaml(new SourceFile(file, text));
  if (parsed.notes.length || parsed.failed.size || parsed.docs.length > 1) return undefined;
  const y = parsed.docs[0];
  const eol = eolOf(text);
  if (!y || y.root === undefined || y.root === null) {
    const sep = text && !/\r?\n$/.test(text) ? eol : '';
    return { file, start: text.length, end: text.length, newText: sep + sectionText(add, eol) };
  }
  if (!y.editable || y.doc.errors.length) return undefined;
  return editIn(y, file, add);
}

function editIn(y: YamlDoc, file: string, add: TrustAddition): TextEdit | 'present' | undefined {
  const at = (e: YamlEdit | undefined): TextEdit | undefined => (e ? { file, ...e } : undefined);
  const rootMap = y.map(y.root);
  if (!rootMap) return undefined;
  const list = listName(add);
  const entry: NewPairs = [[list, `[${itemText(add)}]`]];
  const modelsPair = y.pair(rootMap, 'models');
  if (!modelsPair) return at(insertMapping(y, rootMap, 'models', [['trust', entry]]));
  const models = y.map(modelsPair.value);
  if (!models) return isEmpty(modelsPair.value) ? at(fillEmptyPair(y, rootMap, modelsPair as never, [['trust', entry]])) : undefined;
  const trustPair = y.pair(models, 'trust');
  if (!trustPair) return at(insertMapping(y, models, 'trust', entry));
  const trust = y.map(trustPair.value);
  if (!trust) return isEmpty(trustPair.value) ? at(fillEmptyPair(y, models, trustPair as never, entry)) : undefined;
  const listPair = y.pair(trust, list);
  if (!listPair) return at(insertPair(y, trust, list, `[${itemText(add)}]`));
  const seq = y.seq(listPair.value);
  if (!seq) return isEmpty(listPair.value) ? at(replaceEmpty(y, listPair, add)) : undefined;
  const items = (seq.toJSON() as unknown[]) ?? [];
  if (present(items, add)) return 'present';
  if (!seq.items.length) return at(emptyFlowSeq(y, seq, add));
  return at(insertSeqItems(y, seq, seq.items.length - 1, [itemText(add)]) ?? afterBlockItems(y, seq, add));
}

/** A `- item` line after a block list whose items span lines (mappings of identity and issuer). */
function afterBlockItems(y: YamlDoc, seq: { items: unknown[] }, add: TrustAddition): YamlEdit | undefined {
  const first = seq.items[0] as { range?: [number, number, number] } | undefined;
  const last = seq.items[seq.items.length - 1] as { range?: [number, number, number] } | undefined;
  if (!first?.range || !last?.range) return undefined;
  const t = y.text;
  let d = first.range[0] - 1;
  while (d >= 0 && (t[d] === ' ' || t[d] === '\t')) d--;
  if (t[d] !== '-') return undefined;
  const indent = t.slice(lineStartOf(t, d), d);
  if (indent.trim() !== '') return undefined;
  let e = last.range[1];
  while (e > last.range[0] && /\s/.test(t[e - 1])) e--;
  const at = lineEndOf(t, e);
  return { start: at, end: at, newText: `${eolOf(t)}${indent}- ${itemText(add)}` };
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  const s = v as { value?: unknown };
  return typeof s === 'object' && 'value' in s && (s.value === null || s.value === undefined);
}

/** `list:` with no value becomes `list: [item]`. */
function replaceEmpty(y: YamlDoc, pair: { key: unknown; value: unknown }, add: TrustAddition): YamlEdit | undefined {
  const k = y.node(pair.key);
  if (!k?.range) return undefined;
  let colon = k.range[1];
  while (colon < y.text.length && y.text[colon] !== ':') colon++;
  if (y.text[colon] !== ':') return undefined;
  const v = pair.value as { range?: [number, number, number] } | null;
  const end = v?.range && v.range[1] > v.range[0] ? v.range[1] : colon + 1;
  return { start: colon + 1, end, newText: ` [${itemText(add)}]` };
}

/** `[]` becomes `[item]`. */
function emptyFlowSeq(y: YamlDoc, seq: { range?: [number, number, number] | null }, add: TrustAddition): YamlEdit | undefined {
  const r = seq.range;
  if (!r || y.text[r[0]] !== '[') return undefined;
  const close = y.text.indexOf(']', r[0]);
  if (close < 0) return undefined;
  return { start: r[0], end: close + 1, newText: `[${itemText(add)}]` };
}
