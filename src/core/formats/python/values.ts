// Static values of Python expressions: literals, lists, names bound once, and simple string
// formatting (f-strings, `%`, `.format`, `+`, `.join`) whose every part is known. Nothing is run.

import type { SyntaxNode } from '@lezer/common';
import type { Str } from '../../facts/model';
import type { Loc } from '../../model';
import type { PyModule } from './module';
import { argumentList, children, stringLiteral } from './syntax';

export type PyValue =
  /** `loc` is the literal's content when `exact` (one literal without escapes), else the expression. */
  | { kind: 'str'; value: string; loc: Loc; exact: boolean }
  | { kind: 'bool'; value: boolean; loc: Loc }
  | { kind: 'num'; value: number; loc: Loc }
  | { kind: 'none'; loc: Loc }
  | { kind: 'list'; items: PyValue[]; loc: Loc }
  /** A name or attribute chain that resolves through the imports (`yaml.SafeLoader`). */
  | { kind: 'ref'; name: string; loc: Loc };

const MAX_DEPTH = 16;

/** Evaluates an expression where it stands (names are looked up in its scope). */
export function evaluate(m: PyModule, node: SyntaxNode | undefined, depth = 0): PyValue | undefined {
  if (!node || depth > MAX_DEPTH || node.type.isError) return undefined;
  const loc = m.file.loc(node.from, node.to);
  switch (node.name) {
    case 'String': {
      const s = stringLiteral(m.text, node);
      if (!s || s.bytes) return undefined;
      return s.exact ? { kind: 'str', value: s.value, loc: m.file.loc(s.start, s.end), exact: true } : { kind: 'str', value: s.value, loc, exact: false };
    }
    case 'ContinuedString':
    case 'FormatString':
      return joinParts(m, node, loc, depth);
    case 'Boolean':
      return { kind: 'bool', value: m.slice(node) === 'True', loc };
    case 'None':
      return { kind: 'none', loc };
    case 'Number': {
      const n = Number(m.slice(node).replace(/_/g, ''));
      return Number.isFinite(n) ? { kind: 'num', value: n, loc } : undefined;
    }
    case 'ParenthesizedExpression':
      return evaluate(m, node.firstChild?.nextSibling ?? undefined, depth + 1);
    case 'ArrayExpression':
    case 'TupleExpression':
      return listOf(m, node, loc, depth);
    case 'VariableName':
      return nameValue(m, node, loc, depth);
    case 'MemberExpression': {
      const d = m.dotted(node);
      return d?.imported ? { kind: 'ref', name: d.name, loc } : undefined;
    }
    case 'BinaryExpression':
      return binary(m, node, loc, depth);
    case 'CallExpression':
      return stringMethod(m, node, loc, depth);
    default:
      return undefined;
  }
}

/** The value as a string fact, when it is a known string. */
export function strOf(v: PyValue | undefined): Str | undefined {
  return v?.kind === 'str' ? { value: v.value, loc: v.loc } : undefined;
}

/** The text Python's `str()` gives a known value. */
function text(v: PyValue | undefined): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return v.value;
  if (v.kind === 'num') return String(v.value);
  if (v.kind === 'bool') return v.value ? 'True' : 'False';
  if (v.kind === 'none') return 'None';
  return undefined;
}

function nameValue(m: PyModule, node: SyntaxNode, loc: Loc, depth: number): PyValue | undefined {
  const name = m.slice(node);
  const bound = m.lookup(name, m.scopeOf(node));
  if (bound) return boundValue(m, bound, depth + 1);
  const imp = m.imports.get(name);
  return imp ? { kind: 'ref', name: imp, loc } : undefined;
}

/** Longest node whose value is remembered; the key packs its start and length into one number. */
const MAX_CACHED_LENGTH = 2 ** 21;

/**
 * The value a name is bound to. A constant is read wherever the name is used, and its value does
 * not depend on the use (its own names are looked up where it stands), so a known value is kept.
 */
function boundValue(m: PyModule, node: SyntaxNode, depth: number): PyValue | undefined {
  const length = node.to - node.from;
  if (length >= MAX_CACHED_LENGTH) return evaluate(m, node, depth);
  const key = node.from * MAX_CACHED_LENGTH + length;
  const hit = m.boundValues.get(key);
  if (hit && hit.type === node.type.id) return hit.value;
  const value = evaluate(m, node, depth);
  // An unknown value may be one the depth limit cut short, so only known values are kept.
  if (value && !hit) m.boundValues.set(key, { type: node.type.id, value });
  return value;
}

function listOf(m: PyModule, node: SyntaxNode, loc: Loc, depth: number): PyValue | undefined {
  const items: PyValue[] = [];
  for (const c of children(node)) {
    if (c.name === '[' || c.name === ']' || c.name === '(' || c.name === ')' || c.name === ',') continue;
    const v = evaluate(m, c, depth + 1);
    if (!v) return undefined;
    items.push(v);
  }
  return { kind: 'list', items, loc };
}

/** Adjacent literals and f-strings: literal text between replacements, each replacement evaluated. */
function joinParts(m: PyModule, node: SyntaxNode, loc: Loc, depth: number): PyValue | undefined {
  if (node.name === 'ContinuedString') {
    let out = '';
    for (const c of children(node)) {
      const t = text(evaluate(m, c, depth + 1));
      if (t === undefined) return undefined;
      out += t;
    }
    return { kind: 'str', value: out, loc, exact: false };
  }
  const t = m.text;
  let i = node.from;
  while (i < node.to && /[rRfFbBuU]/.test(t[i])) i++;
  const raw = /[rR]/.test(t.slice(node.from, i));
  const q = t[i];
  const ql = t.startsWith(q.repeat(3), i) ? 3 : 1;
  const start = i + ql;
  const end = node.to - ql;
  if (end < start) return undefined;
  let out = '';
  let at = start;
  for (const r of node.getChildren('FormatReplacement')) {
    out += literal(t.slice(at, r.from), raw);
    const parts = children(r).filter((c) => c.name !== '{' && c.name !== '}');
    if (parts.length !== 1 && !(parts.length === 2 && parts[1].name === 'FormatConversion')) return undefined;
    const v = text(evaluate(m, parts[0], depth + 1));
    if (v === undefined) return undefined;
    out += v;
    at = r.to;
  }
  out += literal(t.slice(at, end), raw);
  return { kind: 'str', value: out, loc, exact: false };
}

function literal(s: string, raw: boolean): string {
  // Most literal text has neither doubled braces nor escapes.
  if (!/[{}\\]/.test(s)) return s;
  const braces = s.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
  return raw
    ? braces
    : braces
        .replace(/\\n/g, '\n')
        .replace(/\\t/g, '\t')
        .replace(/\\(["'\\])/g, '$1');
}

function binary(m: PyModule, node: SyntaxNode, loc: Loc, depth: number): PyValue | undefined {
  const [left, op, right] = children(node);
  if (!left || !op || !right) return undefined;
  const o = m.slice(op);
  const a = evaluate(m, left, depth + 1);
  if (!a) return undefined;
  if (o === '+') {
    const b = evaluate(m, right, depth + 1);
    if (a.kind === 'str' && b?.kind === 'str') return { kind: 'str', value: a.value + b.value, loc, exact: false };
    if (a.kind === 'list' && b?.kind === 'list') return { kind: 'list', items: [...a.items, ...b.items], loc };
    return undefined;
  }
  if (o === '%' && a.kind === 'str') {
    const b = evaluate(m, right, depth + 1);
    const args = b?.kind === 'list' && right.name === 'TupleExpression' ? b.items : b ? [b] : undefined;
    const value = args ? percentFormat(a.value, args) : undefined;
    return value === undefined ? undefined : { kind: 'str', value, loc, exact: false };
  }
  return undefined;
}

/** `'%s-%d' % (a, b)` with `%s`, `%d`, `%i`, `%r` and `%%` only. */
function percentFormat(fmt: string, args: PyValue[]): string | undefined {
  let k = 0;
  let failed = false;
  const out = fmt.replace(/%([sdir%])/g, (_, c: string) => {
    if (c === '%') return '%';
    const v = text(args[k++]);
    if (v === undefined) failed = true;
    return c === 'r' && args[k - 1]?.kind === 'str' ? `'${v}'` : (v ?? '');
  });
  return failed || k !== args.length || /%[^sdir%]/.test(fmt) ? undefined : out;
}

/** `'…'.format(…)` and `'sep'.join([...])` on a known string. */
function stringMethod(m: PyModule, node: SyntaxNode, loc: Loc, depth: number): PyValue | undefined {
  const callee = node.firstChild;
  const list = node.getChild('ArgList');
  if (callee?.name !== 'MemberExpression' || !list) return undefined;
  const method = callee.lastChild ? m.slice(callee.lastChild) : '';
  if (method !== 'format' && method !== 'join') return undefined;
  const base = evaluate(m, callee.firstChild ?? undefined, depth + 1);
  if (base?.kind !== 'str') return undefined;
  const args = argumentList(m.text, list).args;
  if (method === 'join') {
    const v = args.length === 1 && !args[0].keyword ? evaluate(m, args[0].value, depth + 1) : undefined;
    const parts = v?.kind === 'list' ? v.items.map(text) : undefined;
    return parts && parts.every((p) => p !== undefined) ? { kind: 'str', value: parts.join(base.value), loc, exact: false } : undefined;
  }
  const positional: (string | undefined)[] = [];
  const named = new Map<string, string | undefined>();
  for (const a of args) {
    if (a.unpack) return undefined;
    const v = text(evaluate(m, a.value, depth + 1));
    if (a.keyword) named.set(a.keyword, v);
    else positional.push(v);
  }
  let auto = 0;
  let failed = false;
  const out = base.value.replace(/\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*|\d*)\}/g, (all, key: string | undefined) => {
    if (all === '{{') return '{';
    if (all === '}}') return '}';
    const v = key === '' || key === undefined ? positional[auto++] : /^\d+$/.test(key) ? positional[Number(key)] : named.get(key);
    if (v === undefined) failed = true;
    return v ?? '';
  });
  return failed || /\{[^}]*[!:.[][^}]*\}/.test(base.value) ? undefined : { kind: 'str', value: out, loc, exact: false };
}
