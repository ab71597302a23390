// Fix safety on one block of a YAML document: an edit that stays inside one entry of a block
// mapping (a key with its value, up to the next key of the same mapping) is judged by parsing that
// entry alone, dedented to column 0, instead of the whole document. A compiled KFP pipeline is one
// document of thousands of lines with a fix per executor; parsing it whole for each fix made fix
// checking quadratic in the file's size.

import { isMap, parseDocument, visit, type Node } from 'yaml';
import type { TextEdit } from './model';
import type { SourceFile } from './source';
import { applyEdits } from './fixes';
import { yamlDepthExceeded } from './formats/yaml/depth';

/** One entry of a block mapping: its lines [start, end) and the mapping's indentation. */
interface Block {
  start: number;
  end: number;
  indent: number;
}

interface Blocks {
  /** Entries ordered by start; empty when the document cannot be judged by parts. */
  blocks: Block[];
  /** Errors of each entry's own parse, measured once. */
  problems: Map<Block, number>;
}

const blocksOfSource = new WeakMap<SourceFile, Blocks>();

const lineStart = (text: string, at: number) => text.lastIndexOf('\n', at - 1) + 1;

/**
 * The entries of every block mapping of a one-document text that parses cleanly and has no alias
 * (an alias could name an anchor that an edit elsewhere removes). Each entry but a mapping's last
 * runs from its key's line to the next key's line; the key must start its line after blanks only.
 */
function blocksOf(text: string): Block[] {
  if (yamlDepthExceeded(text) !== undefined || /^(?:%|---|\.\.\.)/m.test(text) || text.includes('\r')) return [];
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false, keepSourceTokens: false });
  if (doc.errors.length || doc.warnings.length) return [];
  const blocks: Block[] = [];
  let alias = false;
  visit(doc, {
    Alias() {
      alias = true;
      return visit.BREAK;
    },
    Map(_key, map) {
      if (map.flow) return undefined;
      const starts = map.items.map((p) => (p.key as Node | null)?.range?.[0]);
      for (let i = 0; i + 1 < starts.length; i++) {
        const a = starts[i];
        const b = starts[i + 1];
        if (a === undefined || b === undefined) continue;
        const from = lineStart(text, a);
        const to = lineStart(text, b);
        if (from === to || !/^ *$/.test(text.slice(from, a)) || !/^ *$/.test(text.slice(to, b)) || a - from !== b - to) continue;
        blocks.push({ start: from, end: to, indent: a - from });
      }
      const last = lastEntry(text, starts[starts.length - 1], map.range?.[1]);
      if (last) blocks.push(last);
      return undefined;
    },
  });
  return alias ? [] : blocks.sort((x, y) => x.start - y.start);
}

/**
 * A mapping's last entry, from its key's line to the line after the mapping's content, when the
 * next line with content is less indented than the key (or there is none): what follows cannot
 * continue the entry, so the entry parses alone as it does in place. Appending a key to the last
 * mapping of a manifest is the most common fix.
 */
function lastEntry(text: string, key: number | undefined, contentEnd: number | undefined): Block | undefined {
  if (key === undefined || contentEnd === undefined || contentEnd <= key) return undefined;
  const from = lineStart(text, key);
  if (!/^ *$/.test(text.slice(from, key))) return undefined;
  const indent = key - from;
  const lineEnd = text[contentEnd - 1] === '\n' ? contentEnd : text.indexOf('\n', contentEnd) + 1;
  if (lineEnd <= 0) return undefined;
  const next = /^[ ]*(?=\S)/m.exec(text.slice(lineEnd));
  if (next && next[0].length >= indent) return undefined;
  return { start: from, end: lineEnd, indent };
}

/** The text moved left by `indent` columns, or undefined when a line is less indented than that. */
function dedent(text: string, indent: number): string | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) {
      lines[i] = '';
      continue;
    }
    if (!line.startsWith(' '.repeat(indent))) return undefined;
    lines[i] = line.slice(indent);
  }
  return lines.join('\n');
}

function problemsOf(text: string): number | undefined {
  try {
    const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, strict: false });
    return isMap(doc.contents) ? doc.errors.length : undefined;
  } catch {
    return undefined;
  }
}

/** Whether an entry, dedented, parses with no error by itself (measured once per entry). */
function cleanAlone(text: string, block: Block, cached: Blocks): boolean {
  let was = cached.problems.get(block);
  if (was === undefined) {
    const before = dedent(text.slice(block.start, block.end), block.indent);
    was = (before === undefined ? undefined : problemsOf(before)) ?? -1;
    cached.problems.set(block, was);
  }
  return was === 0;
}

/**
 * The verdict on `edits` from the smallest mapping entry that holds them all, or `null` when no
 * entry can decide: the document has problems, directives, markers or aliases; an edit touches an
 * entry's first line start or its last line break; the new text brings a marker, an alias, a tab
 * or a line less indented than the entry's mapping.
 */
export function yamlBlockRegression(source: SourceFile, edits: readonly TextEdit[]): string | undefined | null {
  if (edits.some((e) => /---|\.\.\.|%|\*|\t|\r/.test(e.newText))) return null;
  let cached = blocksOfSource.get(source);
  if (!cached) blocksOfSource.set(source, (cached = { blocks: blocksOf(source.text), problems: new Map() }));
  const lo = Math.min(...edits.map((e) => e.start));
  const hi = Math.max(...edits.map((e) => e.end));
  const holding: Block[] = [];
  for (const b of cached.blocks) {
    if (b.start > lo) break;
    if (lo > b.start + b.indent && hi < b.end) holding.push(b);
  }
  // The smallest entry that parses cleanly on its own and can hold the edited text decides.
  for (const block of holding.sort((x, y) => x.end - x.start - (y.end - y.start))) {
    if (!cleanAlone(source.text, block, cached)) continue;
    const verdict = verdictIn(source.text, block, edits);
    if (verdict !== null) return verdict;
  }
  return null;
}

/** The verdict of one clean entry on edits inside it, or `null` when the edited entry cannot be read alone. */
function verdictIn(text: string, block: Block, edits: readonly TextEdit[]): string | undefined | null {
  const edited = applyEdits(
    text.slice(block.start, block.end),
    edits.map((e) => ({ start: e.start - block.start, end: e.end - block.start, newText: e.newText })),
  );
  if (!edited.endsWith('\n')) return null;
  const after = dedent(edited, block.indent);
  if (after === undefined || yamlDepthExceeded(after) !== undefined) return null;
  const now = problemsOf(after);
  if (now === undefined) return null;
  return now > 0 ? 'the edited file would have a YAML syntax error' : undefined;
}
