// Keyword arguments passed through `**` unpacking of a dictionary the file spells out: a display
// (`**{"trust_remote_code": True}`), a `dict(...)` call with keywords only, or a name bound once to
// either (`kw = {...}` ... `f(**kw)`). Dictionaries built any other way stay unknown.

import type { SyntaxNode } from '@lezer/common';
import type { PyModule } from './module';
import { argumentList, children, stringLiteral, type Argument } from './syntax';

const MAX_DEPTH = 8;

/** The entries of the dictionary an expression is, as keyword arguments; undefined when it is not known. */
export function dictKeywords(m: PyModule, node: SyntaxNode | undefined, scope: number, depth = 0): Argument[] | undefined {
  if (!node || depth > MAX_DEPTH || node.type.isError) return undefined;
  if (node.name === 'VariableName') {
    const name = m.slice(node);
    const bound = m.lookup(name, scope);
    return bound && !mayBeChanged(m.text, name) ? dictKeywords(m, bound, m.scopeOf(bound), depth + 1) : undefined;
  }
  if (node.name === 'ParenthesizedExpression') return dictKeywords(m, node.firstChild?.nextSibling ?? undefined, scope, depth + 1);
  if (node.name === 'DictionaryExpression') return displayEntries(m, node);
  if (node.name === 'CallExpression') return dictCallEntries(m, node, scope);
  return undefined;
}

/**
 * Whether the text may change a dictionary after it is bound: `name[...] = ...`, `del name[...]`,
 * `name.update(...)` and the like. Any subscript or attribute of the name counts (reads too), so a
 * dictionary is only trusted when the file never touches it but to unpack it.
 */
function mayBeChanged(text: string, name: string): boolean {
  return new RegExp(String.raw`(?:^|[^\w.])${name}\s*[[.]`).test(text);
}

/** `{"key": value, ...}` with string literal keys only (a `**` inside or a computed key makes it unknown). */
function displayEntries(m: PyModule, node: SyntaxNode): Argument[] | undefined {
  const parts = children(node).filter((c) => c.name !== '{' && c.name !== '}' && c.name !== ',');
  const out: Argument[] = [];
  for (let i = 0; i < parts.length; i += 3) {
    const key = parts[i];
    const value = parts[i + 2];
    if (key.name !== 'String' || parts[i + 1]?.name !== ':' || !value) return undefined;
    const s = stringLiteral(m.text, key);
    if (!s || s.bytes) return undefined;
    out.push({ keyword: s.value, keywordNode: key, value, start: key.from, end: value.to, fromDict: true });
  }
  return out;
}

/** `dict(a=1, b=2)`: the built-in, not rebound or imported, with keyword arguments only. */
function dictCallEntries(m: PyModule, node: SyntaxNode, scope: number): Argument[] | undefined {
  const callee = node.firstChild;
  const list = node.lastChild;
  if (callee?.name !== 'VariableName' || m.slice(callee) !== 'dict' || list?.name !== 'ArgList') return undefined;
  if (m.imports.has('dict') || m.lookup('dict', scope)) return undefined;
  const args = argumentList(m.text, list);
  if (args.broken || args.args.some((a) => !a.keyword)) return undefined;
  return args.args.map((a) => ({ ...a, fromDict: true }));
}
