// Helpers over the @lezer/python syntax tree: children, string literals and call arguments, each
// with exact UTF-16 offsets into the file.

import type { SyntaxNode } from '@lezer/common';

/** The direct children of a node. */
export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** Whether the node or anything inside it failed to parse. */
export function hasError(node: SyntaxNode): boolean {
  let found = false;
  node.cursor().iterate((n) => {
    if (found) return false;
    if (n.type.isError) found = true;
    return undefined;
  });
  return found;
}

/** The content of a plain string literal and the offsets of that content inside its quotes. */
export interface StringLiteral {
  value: string;
  start: number;
  end: number;
  /** The content has no escapes, so its offsets map one to one onto the value. */
  exact: boolean;
  bytes: boolean;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Reads a `String` node (any prefix, single or triple quotes); undefined for an unterminated one. */
export function stringLiteral(text: string, node: SyntaxNode): StringLiteral | undefined {
  let i = node.from;
  while (i < node.to && /[rRbBuU]/.test(text[i])) i++;
  const prefix = text.slice(node.from, i).toLowerCase();
  const q = text[i];
  if (q !== '"' && q !== "'") return undefined;
  const triple = text.startsWith(q.repeat(3), i);
  const ql = triple ? 3 : 1;
  const start = i + ql;
  const end = node.to - ql;
  if (end < start || text.slice(end, node.to) !== q.repeat(ql)) return undefined;
  const raw = text.slice(start, end);
  const exact = !raw.includes('\\');
  const value = exact || prefix.includes('r') ? raw : unescape(raw);
  return { value, start, end, exact, bytes: prefix.includes('b') };
}

function unescape(raw: string): string {
  return raw.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\n|.)/g, (m, e: string) => {
    if (e === '\n') return '';
    if (e[0] === 'x' || e[0] === 'u') return String.fromCharCode(parseInt(e.slice(1), 16));
    return ESCAPES[e] ?? m;
  });
}

/** One argument of a call: positional, keyword (`name=value`) or unpacked (`*a`, `**kw`). */
export interface Argument {
  keyword?: string;
  keywordNode?: SyntaxNode;
  value: SyntaxNode | undefined;
  unpack?: '*' | '**';
  start: number;
  end: number;
  /** An entry of a dictionary passed with `**`, not an argument written in the call (see `unpacked.ts`). */
  fromDict?: boolean;
}

export interface ArgumentList {
  node: SyntaxNode;
  args: Argument[];
  /** The list has a syntax error (a call being typed), so no edit is offered inside it. */
  broken: boolean;
}

/** Splits an `ArgList` at its top-level commas. */
export function argumentList(text: string, node: SyntaxNode): ArgumentList {
  const args: Argument[] = [];
  let broken = false;
  let parts: SyntaxNode[] = [];
  const flush = () => {
    if (!parts.length) return;
    const first = parts[0];
    const last = parts[parts.length - 1];
    if (parts.length >= 3 && first.name === 'VariableName' && parts[1].name === 'AssignOp') {
      args.push({ keyword: text.slice(first.from, first.to), keywordNode: first, value: parts[2], start: first.from, end: last.to });
    } else if (first.name === '*' || first.name === '**') {
      args.push({ unpack: first.name, value: parts[1], start: first.from, end: last.to });
    } else {
      args.push({ value: first, start: first.from, end: last.to });
    }
    parts = [];
  };
  for (const c of children(node)) {
    if (c.type.isError) broken = true;
    if (c.name === '(' || c.name === ')') continue;
    if (c.name === ',') flush();
    else parts.push(c);
  }
  flush();
  if (node.lastChild?.name !== ')') broken = true;
  return { node, args, broken };
}

/** The edit that appends `name=value` as the last argument of a call. */
export function appendArgument(list: ArgumentList, argText: string): { start: number; end: number; newText: string } | undefined {
  if (list.broken) return undefined;
  const last = list.args[list.args.length - 1];
  if (!last) return { start: list.node.from + 1, end: list.node.from + 1, newText: argText };
  return { start: last.end, end: last.end, newText: `, ${argText}` };
}

/** The edit that removes one argument with the comma that separates it from its neighbour. */
export function removeArgument(list: ArgumentList, arg: Argument): { start: number; end: number; newText: string } | undefined {
  if (list.broken) return undefined;
  const i = list.args.indexOf(arg);
  if (i < 0) return undefined;
  if (i > 0) return { start: list.args[i - 1].end, end: arg.end, newText: '' };
  const next = list.args[1];
  return { start: arg.start, end: next ? next.start : arg.end, newText: '' };
}
