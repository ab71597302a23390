// A rendered multi-document YAML stream, such as `helm template` writes: the documents, and for
// each the template file it came from when a `# Source: chart/templates/x.yaml` comment says so.
// Also how a line of a rendered document is found again in the template it was rendered from.

import type { SourceFile } from '../core/source';

export interface RenderedDocument {
  /** Offsets of the document in the stream: from its first line to the next `---` line. */
  start: number;
  end: number;
  /** The path of its `# Source:` comment, as written. */
  source?: string;
  /** Offset of the first line after the `# Source:` comment (the template's first line). */
  bodyStart: number;
}

const SEPARATOR = /^---(?:[ \t]|$)/;
const SOURCE = /^#[ \t]*Source:[ \t]*(\S(?:.*\S)?)[ \t]*$/;

/** The documents of a stream, split at `---` lines, with their `# Source:` paths. */
export function splitRenderedStream(text: string): RenderedDocument[] {
  const docs: RenderedDocument[] = [];
  let current: RenderedDocument = { start: 0, end: text.length, bodyStart: 0 };
  let offset = 0;
  for (const line of text.split(/(?<=\n)/)) {
    const bare = line.replace(/\r?\n$/, '');
    if (SEPARATOR.test(bare)) {
      current.end = offset;
      docs.push(current);
      current = { start: offset, end: text.length, bodyStart: offset + line.length };
    } else if (current.source === undefined) {
      const m = SOURCE.exec(bare);
      if (m) {
        current.source = m[1];
        current.bodyStart = offset + line.length;
      }
    }
    offset += line.length;
  }
  current.end = text.length;
  docs.push(current);
  return docs.filter((d) => d.end > d.start);
}

/** The document holding an offset of the stream. */
export function documentAt(docs: readonly RenderedDocument[], offset: number): RenderedDocument | undefined {
  let lo = 0;
  let hi = docs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (docs[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  const d = docs[lo];
  return d && d.start <= offset && offset <= d.end ? d : undefined;
}

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0].length;

/** The `key:` (or `- key:`) a line of a block mapping starts with, when it has one. */
const KEY = /^(?:-[ \t]+)*(?:"[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?)[ \t]*:(?=[ \t]|$)/;

/** The template line nearest to `docLine` whose trimmed text passes `same`. */
function nearest(template: SourceFile, docLine: number, same: (trimmed: string) => boolean): number | undefined {
  let best: number | undefined;
  const lines = template.lineStarts.length;
  for (let i = 0; i < lines; i++) {
    if (!same(template.lineText(i).trim())) continue;
    if (best === undefined || Math.abs(i - docLine) < Math.abs(best - docLine)) best = i;
  }
  return best;
}

/**
 * Where a rendered line stands in its template: the template line with the same text (ignoring
 * indentation, which `nindent` and `toYaml` change) nearest to the same line number, with
 * `column` moved by the difference in indentation (`exact`); else the nearest template line
 * with the same key, at the start of its value (a value a template action produced); else
 * undefined.
 */
export function lineInTemplate(template: SourceFile, renderedText: string, docLine: number, column: number): { line: number; column: number; exact: boolean } | undefined {
  const wanted = renderedText.trim();
  if (!wanted) return undefined;
  const same = nearest(template, docLine, (t) => t === wanted);
  if (same !== undefined) {
    const shift = indentOf(template.lineText(same)) - indentOf(renderedText);
    return { line: same, column: Math.max(0, column + shift), exact: true };
  }
  const key = KEY.exec(wanted)?.[0];
  if (!key) return undefined;
  const keyed = nearest(template, docLine, (t) => t.startsWith(key) && (t.length === key.length || /[ \t]/.test(t[key.length])));
  if (keyed === undefined) return undefined;
  const text = template.lineText(keyed);
  const valueAt = indentOf(text) + key.length;
  return { line: keyed, column: valueAt + (/^[ \t]*/.exec(text.slice(valueAt))?.[0].length ?? 0), exact: false };
}
