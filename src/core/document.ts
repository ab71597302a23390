// A parsed document (its source, format, facts and notes) and the index of all of them.

import type { Facts } from './facts/model';
import type { Format, Problem } from './model';
import type { SourceFile } from './source';
import { appendAll } from './collections';

export interface ParsedDocument {
  file: SourceFile;
  format: Format;
  facts: Facts;
  notes: Problem[];
  /** The format's own syntax tree or structure, for rules and fixes that need it. */
  ast?: unknown;
}

/** All parsed documents of a workspace by path. */
export class DocumentIndex {
  private readonly byPath = new Map<string, ParsedDocument[]>();
  /** all(), kept until the next change. */
  private allCache: readonly ParsedDocument[] | undefined;

  constructor(docs: Iterable<ParsedDocument> = []) {
    for (const d of docs) this.add(d);
  }

  add(doc: ParsedDocument): void {
    this.allCache = undefined;
    const list = this.byPath.get(doc.file.path);
    if (list) list.push(doc);
    else this.byPath.set(doc.file.path, [doc]);
  }

  delete(path: string): void {
    this.allCache = undefined;
    this.byPath.delete(path);
  }

  get(path: string): ParsedDocument[] {
    return this.byPath.get(path) ?? [];
  }

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  paths(): string[] {
    return [...this.byPath.keys()];
  }

  all(): readonly ParsedDocument[] {
    if (!this.allCache) {
      const out: ParsedDocument[] = [];
      for (const list of this.byPath.values()) appendAll(out, list);
      this.allCache = out;
    }
    return this.allCache;
  }

  ofFormat(format: Format): ParsedDocument[] {
    return this.all().filter((d) => d.format === format);
  }

  /** The source file at a path, if it was read. */
  source(path: string): SourceFile | undefined {
    return this.byPath.get(path)?.[0]?.file;
  }
}
