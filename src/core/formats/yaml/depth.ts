// A linear pre-scan of YAML (and JSON) text for its nesting depth, run before the parser, whose
// composer recurses once per level: a small file nested hundreds deep would otherwise exhaust
// the stack and abort the process.

/** Deepest nesting accepted; deeper text is rejected before it is parsed. */
export const MAX_YAML_DEPTH = 256;

/**
 * The first offset at which the nesting of flow collections (`[`, `{`) or of block collections
 * (indentation levels and compact `- ` entries) exceeds `limit`, or undefined when it never does.
 * Quoted scalars and comments are skipped; the count errs on the high side.
 */
export function yamlDepthExceeded(text: string, limit = MAX_YAML_DEPTH): number | undefined {
  let flow = 0;
  const indents: number[] = [];
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    if (lineStart && flow === 0) {
      const r = blockLine(text, i, indents);
      if (r.depth > limit) return i;
      i = r.next;
    }
    lineStart = false;
    const c = text[i];
    if (c === '\n') lineStart = true;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) i = skipTo(text, i, '\n') - 1;
    else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) i = skipQuoted(text, i);
    else if (c === '[' || c === '{') {
      if (++flow + indents.length > limit) return i;
    } else if ((c === ']' || c === '}') && flow > 0) flow--;
    i++;
  }
  return undefined;
}

/** Updates the indentation stack for the line at `i`; returns the block depth and where scanning goes on. */
function blockLine(text: string, i: number, indents: number[]): { depth: number; next: number } {
  let j = i;
  while (text[j] === ' ') j++;
  if (j >= text.length || text[j] === '\n' || text[j] === '\r' || text[j] === '#') return { depth: indents.length, next: j };
  const indent = j - i;
  while (indents.length && indents[indents.length - 1] >= indent) indents.pop();
  indents.push(indent);
  let compact = 0;
  while ((text[j] === '-' || text[j] === '?') && (text[j + 1] === ' ' || text[j + 1] === '\t')) {
    compact++;
    j += 2;
    while (text[j] === ' ' || text[j] === '\t') j++;
  }
  return { depth: indents.length + compact, next: j };
}

function skipTo(text: string, i: number, ch: string): number {
  const k = text.indexOf(ch, i);
  return k < 0 ? text.length : k;
}

/** The offset of the closing quote of the scalar opening at `i` (or the end of the text). */
function skipQuoted(text: string, i: number): number {
  const q = text[i];
  let j = i + 1;
  while (j < text.length) {
    if (q === '"' && text[j] === '\\') j += 2;
    else if (text[j] === q) {
      if (q === "'" && text[j + 1] === "'") j += 2;
      else return j;
    } else j++;
  }
  return text.length;
}

/** The error message for text nested deeper than the limit. */
export function tooDeepMessage(limit = MAX_YAML_DEPTH): string {
  return `nested deeper than ${limit} levels; not parsed`;
}
