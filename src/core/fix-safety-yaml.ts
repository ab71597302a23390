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
      return undefined;
    },
  });
  return alias ? [] : blocks.sort((x, y) => x.start - y.start);
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
  let best: Block | undefined;
  for (const b of cached.blocks) {
    if (b.start > lo) break;
    if (lo > b.start + b.indent && hi < b.end && (!best || b.end - b.start < best.end - best.start)) best = b;
  }
  if (!best) return null;
  const block = best;
  const text = source.text;
  let was = cached.problems.get(block);
  if (was === undefined) {
    const before = dedent(text.slice(block.start, block.end), block.indent);
    const p = before === undefined ? undefined : problemsOf(before);
    if (p === undefined) return null;
    cached.problems.set(block, (was = p));
  }
  if (was !== 0) return null;
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
