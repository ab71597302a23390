// The machine-readable scan report. Its shape is versioned and documented in docs/cli.md; a
// change that removes or renames a field raises JSON_REPORT_VERSION.

import type { Finding, Fix, Loc, Problem, Range, Severity, Stride } from '../model';
import type { Suppression } from '../suppressions';
import { ruleDocsUrl } from './links';
import { appliedCount, severityCounts, sortedNotes, type AppliedFix, type ScanReport } from './scan-report';

export const JSON_REPORT_VERSION = 1;

export interface JsonLocation {
  file: string;
  /** 1-based line and column (UTF-16 code units) of the start, as editors show them. */
  line: number;
  column: number;
  /** 1-based end; the column is exclusive. */
  endLine: number;
  endColumn: number;
  /** 0-based positions, as the Language Server Protocol uses them. */
  range: Range;
  /** 0-based UTF-16 offsets into the file's text, end exclusive. */
  offset: { start: number; end: number };
}

export interface JsonEdit {
  file: string;
  /** 0-based UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  newText: string;
  /** The edit creates the file. */
  create?: boolean;
}

export interface JsonFix {
  title: string;
  kind: Fix['kind'];
  edits: JsonEdit[];
}

export interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: JsonLocation;
  related: { message: string; location: JsonLocation }[];
  fixes: JsonFix[];
  taxonomy: { stride: Stride[]; atlas: string[]; owasp: string[] };
  docs: string;
  details?: string[];
  tags?: string[];
}

export interface JsonSuppressedFinding extends JsonFinding {
  suppression: { reason: string; fileWide: boolean; location: JsonLocation };
}

/**
 * A problem as the report writes it: the file, level and message of the `Problem`, and its place
 * as one `JsonLocation` (the public shape docs/cli.md documents) instead of its loc and range.
 */
export type JsonProblem = Pick<Problem, 'file' | 'level' | 'message'> & { location?: JsonLocation };

export interface JsonReport {
  version: number;
  tool: { name: string; version: string };
  root: string;
  summary: {
    files: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    suppressed: number;
    notes: number;
    fixed: number;
  };
  /** The files examined (workspace-relative, sorted); notes say which of them were skipped. */
  files: string[];
  findings: JsonFinding[];
  suppressed: JsonSuppressedFinding[];
  notes: JsonProblem[];
  /** Fixes applied by `scan --fix`, per file and rule; empty otherwise. */
  fixed: AppliedFix[];
}

export function toJsonReport(report: ScanReport): JsonReport {
  const location = (loc: Loc, range?: Range): JsonLocation => {
    const r = range ?? report.source(loc.file)?.rangeOf(loc) ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return {
      file: loc.file,
      line: r.start.line + 1,
      column: r.start.character + 1,
      endLine: r.end.line + 1,
      endColumn: r.end.character + 1,
      range: r,
      offset: { start: loc.start, end: loc.end },
    };
  };
  const finding = (f: Finding): JsonFinding => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    location: location(f.loc, f.range),
    related: f.related.map((r) => ({ message: r.message, location: location(r.loc) })),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      kind: x.kind,
      edits: x.edits.map((e) => ({ file: e.file, start: e.start, end: e.end, newText: e.newText, ...(e.create ? { create: true } : {}) })),
    })),
    taxonomy: { stride: [...f.taxonomy.stride], atlas: [...f.taxonomy.atlas], owasp: [...f.taxonomy.owasp] },
    docs: ruleDocsUrl(f.ruleId),
    ...(f.details ? { details: [...f.details] } : {}),
    ...(f.tags ? { tags: [...f.tags] } : {}),
  });
  const suppressed = (f: Finding, by: Suppression): JsonSuppressedFinding => ({
    ...finding(f),
    suppression: { reason: by.reason, fileWide: by.fileWide, location: location(by.loc) },
  });
  const notes = sortedNotes(report.notes).map((n): JsonProblem => ({
    ...(n.file !== undefined ? { file: n.file } : {}),
    level: n.level,
    message: n.message,
    ...(n.loc ? { location: location(n.loc, n.range) } : {}),
  }));
  return {
    version: JSON_REPORT_VERSION,
    tool: { ...report.tool },
    root: report.root,
    summary: {
      files: report.files.length,
      findings: report.findings.length,
      bySeverity: severityCounts(report.findings),
      suppressed: report.suppressed.length,
      notes: notes.length,
      fixed: appliedCount(report.fixed),
    },
    files: [...report.files],
    findings: report.findings.map(finding),
    suppressed: report.suppressed.map((s) => suppressed(s.finding, s.by)),
    notes,
    fixed: report.fixed.map((a) => ({ ...a })),
  };
}

export function formatJson(report: ScanReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
