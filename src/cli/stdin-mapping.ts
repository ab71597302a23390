// Places the findings of a stream read from standard input: on the template a rendered document
// came from (`# Source:`) when that file is in the workspace, else on the --stdin-filename. Fixes
// are dropped, because their offsets are in a text that is no file.

import * as path from 'node:path';
import type { AnalysisResult } from '../core/engine';
import type { Finding, Loc, Problem, Range } from '../core/model';
import { SourceFile } from '../core/source';
import type { WorkspaceIO } from '../core/workspace/io';
import { decodeText } from '../core/workspace/scan';
import { documentAt, lineInTemplate, type RenderedDocument } from './rendered-stream';

/** How the stream is named: as reported, and as analysed (a name a reader claims). */
export interface StdinNames {
  /** The --stdin-filename, relative to the root, as findings not placed on a template name it. */
  display: string;
  /** Directory the name stands for (a chart), when it is one. */
  dir?: string;
  /** The path the stream is analysed under. */
  analysed: string;
}

export interface StreamContext {
  names: StdinNames;
  docs: RenderedDocument[];
  /** Each `# Source:` path with the workspace file it names, or undefined when there is none. */
  templates: Map<string, SourceFile | undefined>;
  /** The stream's text under the --stdin-filename. */
  stream: SourceFile;
}

/** Where a `# Source:` path may be in the workspace: under the chart directory named, or as written. */
function candidates(source: string, names: StdinNames): string[] {
  const src = path.posix.normalize(source);
  if (path.posix.isAbsolute(src) || src === '..' || src.startsWith('../')) return [];
  const rest = src.split('/').slice(1).join('/');
  const out: string[] = [];
  if (names.dir !== undefined) {
    if (rest) out.push(path.posix.join(names.dir, rest));
    out.push(path.posix.join(names.dir, '..', src));
  } else {
    out.push(path.posix.join(path.posix.dirname(names.display), src));
  }
  out.push(src);
  return [...new Set(out)].filter((p) => p !== '..' && !p.startsWith('../') && !path.posix.isAbsolute(p));
}

/** Reads, through the workspace boundary, the template file each `# Source:` path names. */
export async function resolveTemplates(io: WorkspaceIO, docs: readonly RenderedDocument[], names: StdinNames, limit: number): Promise<Map<string, SourceFile | undefined>> {
  const out = new Map<string, SourceFile | undefined>();
  for (const d of docs) {
    if (d.source === undefined || out.has(d.source)) continue;
    out.set(d.source, undefined);
    for (const rel of candidates(d.source, names)) {
      const r = io.readRegular ? await io.readRegular(rel, limit) : undefined;
      if (!r || !('bytes' in r)) continue;
      const { file } = decodeText(rel, r.bytes);
      if (!file) continue;
      out.set(d.source, file);
      break;
    }
  }
  return out;
}

interface Placed {
  loc: Loc;
  range: Range;
  /** Where in the stream the place was rendered, when it was moved into a template. */
  detail?: string;
}

/** The place of a location of the analysed stream, in its template or in the stream itself. */
function place(loc: Loc, ctx: StreamContext): Placed {
  const { stream } = ctx;
  const onStream = { file: ctx.names.display, start: loc.start, end: loc.end };
  const doc = documentAt(ctx.docs, loc.start);
  const template = doc?.source !== undefined ? ctx.templates.get(doc.source) : undefined;
  const at = stream.positionAt(loc.start);
  const docLine = doc ? at.line - stream.positionAt(doc.bodyStart).line : 0;
  if (!doc?.source || docLine < 0) return { loc: onStream, range: stream.rangeOf(loc) };
  const where = `line ${docLine + 1} of the document rendered from ${doc.source} (line ${at.line + 1} of standard input)`;
  if (!template) return { loc: onStream, range: stream.rangeOf(loc), detail: `Rendered at ${where}.` };
  const found = lineInTemplate(template, stream.lineText(at.line), docLine, at.character);
  if (!found) return { loc: template.loc(0, 0), range: template.rangeOf({ start: 0, end: 0 }), detail: `Rendered by a template action at ${where}.` };
  const start = template.offsetAt({ line: found.line, character: found.column });
  const lineEnd = template.offsetAt({ line: found.line, character: template.lineText(found.line).length });
  const sameLine = found.exact && stream.positionAt(loc.end).line === at.line;
  const end = sameLine ? Math.min(lineEnd, start + (loc.end - loc.start)) : lineEnd;
  return { loc: template.loc(start, end), range: template.rangeOf({ start, end }), detail: `${found.exact ? 'Rendered' : 'Rendered by a template action'} at ${where}.` };
}

function placeFinding(f: Finding, ctx: StreamContext): Finding {
  if (f.loc.file !== ctx.names.analysed) return f;
  const p = place(f.loc, ctx);
  const related = f.related.map((r) => (r.loc.file === ctx.names.analysed ? { ...r, loc: place(r.loc, ctx).loc } : r));
  return { ...f, loc: p.loc, range: p.range, related, fixes: [], ...(p.detail ? { details: [...(f.details ?? []), p.detail] } : {}) };
}

function placeNote(n: Problem, ctx: StreamContext): Problem {
  if (n.file !== ctx.names.analysed && n.loc?.file !== ctx.names.analysed) return n;
  const loc = n.loc ? { ...n.loc, file: ctx.names.display } : undefined;
  return { ...n, file: ctx.names.display, ...(loc ? { loc, range: ctx.stream.rangeOf(loc) } : {}) };
}

/** The analysis of the stream with every place moved as described above, and the files it now names. */
export function mapStreamResult(r: AnalysisResult, ctx: StreamContext): { result: AnalysisResult; files: string[] } {
  const findings = r.findings.map((f) => placeFinding(f, ctx));
  const suppressed = r.suppressed.map((s) => ({ finding: placeFinding(s.finding, ctx), by: { ...s.by, loc: { ...s.by.loc, file: ctx.names.display } } }));
  const notes = r.notes.map((n) => placeNote(n, ctx));
  const files = new Set([ctx.names.display]);
  for (const t of ctx.templates.values()) if (t) files.add(t.path);
  return { result: { ...r, findings, suppressed, notes }, files: [...files] };
}
