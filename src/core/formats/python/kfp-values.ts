// Static values the KFP DSL reader needs beyond plain evaluation: lists of strings, dictionaries
// of string literals, decorator names and arguments, and command strings whose f-string
// replacements are component inputs (kept as `{{name}}` placeholders, as the SDK compiles them).

import type { SyntaxNode } from '@lezer/common';
import type { Str } from '../../facts/model';
import { CallView } from './calls';
import type { PyModule } from './module';
import { argumentList, children } from './syntax';
import { evaluate, strOf, type PyValue } from './values';

/** The strings of a known list (or a single string), each with its location; undefined when not all are known. */
export function strList(v: PyValue | undefined): Str[] | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return [{ value: v.value, loc: v.loc }];
  if (v.kind !== 'list') return undefined;
  const out: Str[] = [];
  for (const item of v.items) {
    const s = strOf(item);
    if (!s) return undefined;
    out.push(s);
  }
  return out;
}

/** Key and value pairs of a dictionary display whose keys and values are known strings. */
export function strDict(m: PyModule, node: SyntaxNode | undefined, depth = 0): { key: Str; value: Str }[] {
  if (!node || depth > 8) return [];
  if (node.name === 'VariableName') {
    const bound = m.lookup(m.slice(node), m.scopeOf(node));
    return bound ? strDict(m, bound, depth + 1) : [];
  }
  if (node.name !== 'DictionaryExpression') return [];
  const parts = children(node).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
  const out: { key: Str; value: Str }[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3) {
    if (parts[i + 1]?.name !== ':') break;
    const key = strOf(evaluate(m, parts[i]));
    const value = strOf(evaluate(m, parts[i + 2]));
    if (key && value) out.push({ key, value });
  }
  return out;
}

/** The dotted name of a decorator (`@dsl.component(...)` → `kfp.dsl.component`) with the first name resolved. */
export function decoratorName(m: PyModule, dec: SyntaxNode): string | undefined {
  const names: string[] = [];
  for (const c of children(dec)) {
    if (c.name === 'VariableName') names.push(m.slice(c));
    else if (c.name !== '.' && c.name !== 'At') break;
  }
  if (!names.length) return undefined;
  const head = m.imports.get(names[0]);
  if (!head) return undefined;
  return normaliseKfp([head, ...names.slice(1)].join('.'));
}

/** `kfp.v2.dsl.x` is the pre-2.0 spelling of `kfp.dsl.x`; `kfp.components.x` re-exports some of it. */
export function normaliseKfp(name: string): string {
  return name.replace(/^kfp\.v2\./, 'kfp.');
}

/** A decorator's arguments as a call view (an empty argument list when written without parentheses). */
export function decoratorCall(m: PyModule, dec: SyntaxNode, callee: string): CallView {
  const list = dec.getChild('ArgList');
  const args = list ? argumentList(m.text, list) : { node: dec, args: [], broken: false };
  return new CallView(m, { node: dec, callee, imported: true, args, scope: m.scopeOf(dec) });
}

/**
 * A command-line word: its known value, or a string with each unknown f-string replacement (a
 * component input) written as `{{name}}`, or a `{{placeholder}}` for anything else.
 */
export function commandWord(m: PyModule, node: SyntaxNode): Str {
  const known = strOf(evaluate(m, node));
  if (known) return known;
  const loc = m.file.loc(node.from, node.to);
  if (node.name !== 'FormatString') return { value: '{{placeholder}}', loc };
  const t = m.text;
  let i = node.from;
  while (i < node.to && /[rRfF]/.test(t[i])) i++;
  const ql = t.startsWith(t[i].repeat(3), i) ? 3 : 1;
  let out = '';
  let at = i + ql;
  for (const r of node.getChildren('FormatReplacement')) {
    out += t.slice(at, r.from);
    const inner = children(r).find((c) => c.name !== '{' && c.name !== '}');
    const v = inner ? strOf(evaluate(m, inner)) : undefined;
    out += v ? v.value : `{{${inner ? m.slice(inner) : 'placeholder'}}}`;
    at = r.to;
  }
  out += t.slice(at, Math.max(at, node.to - ql));
  return { value: out, loc };
}
