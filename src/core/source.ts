// A file's text with a line index, so offsets convert to LSP positions only at the edges.

import type { Loc, Position, Problem, Range } from './model';

export class SourceFile {
  private lineStartsCache: number[] | undefined;

  constructor(
    /** Workspace-relative POSIX path. */
    readonly path: string,
    readonly text: string,
    /** Set for files read as bytes (model artifacts); their text is empty. */
    readonly binary = false,
  ) {}

  get lineStarts(): number[] {
    if (!this.lineStartsCache) {
      const starts = [0];
      const t = this.text;
      if (!t.includes('\r')) {
        // The common case: find the line feeds natively.
        for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
      } else {
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c === 10) starts.push(i + 1);
          else if (c === 13) {
            if (t.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
          }
        }
      }
      this.lineStartsCache = starts;
    }
    return this.lineStartsCache;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - starts[lo] };
  }

  offsetAt(pos: Position): number {
    const starts = this.lineStarts;
    if (pos.line >= starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] : this.text.length;
    return Math.min(starts[Math.max(0, pos.line)] + Math.max(0, pos.character), lineEnd);
  }

  rangeOf(loc: Pick<Loc, 'start' | 'end'>): Range {
    return { start: this.positionAt(loc.start), end: this.positionAt(loc.end) };
  }

  /**
   * Where a problem about this text stands, as lines and characters: its own range, else its
   * loc's offsets, else its span's (a span without an end is the point at its start); undefined
   * when it has no place in the text.
   */
  rangeOfProblem(p: Pick<Problem, 'loc' | 'range' | 'span'>): Range | undefined {
    if (p.range) return p.range;
    if (p.loc) return this.rangeOf(p.loc);
    if (p.span) return this.rangeOf({ start: p.span.start, end: p.span.end ?? p.span.start });
    return undefined;
  }

  loc(start: number, end: number): Loc {
    return { file: this.path, start, end };
  }

  /** Text of the zero-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    if (line < 0 || line >= starts.length) return '';
    const end = line + 1 < starts.length ? starts[line + 1] : this.text.length;
    return this.text.slice(starts[line], end).replace(/\r?\n$|\r$/, '');
  }
}
