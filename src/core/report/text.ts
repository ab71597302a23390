// The human-readable scan report: findings grouped by file with the source line underlined,
// a summary line with counts by severity, the fixes applied and notes on files not fully read.

import type { Finding, Severity } from '../model';
import { SEVERITIES } from '../model';
import type { SourceFile } from '../source';
import { appliedCount, severityCounts, sortedNotes, type ScanReport } from './scan-report';
import { appendAll } from '../collections';
import { sanitizeForTerminal, sanitizeName } from './sanitize';

export interface TextOptions {
  /** Emit ANSI colours (only for a terminal that wants them). */
  color: boolean;
  /** Findings only: no notes, no summary. */
  quiet?: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'yellow' | 'cyan' | 'magenta' | 'green';

const ANSI: Record<Style, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  magenta: [35, 39],
  cyan: [36, 39],
};

const SEVERITY_STYLE: Record<Severity, Style[]> = {
  critical: ['magenta', 'bold'],
  high: ['red', 'bold'],
  medium: ['yellow'],
  low: ['cyan'],
  info: ['dim'],
};

/** Widest source excerpt shown; longer lines are cut to a window around the finding. */
const MAX_EXCERPT = 160;

export { sanitizeForTerminal } from './sanitize';

export function formatText(report: ScanReport, opts: TextOptions): string {
  const paint = (text: string, ...styles: Style[]) => (opts.color ? styles.reduce((t, s) => `\u001b[${ANSI[s][0]}m${t}\u001b[${ANSI[s][1]}m`, text) : text);
  const out: string[] = [];
  let currentFile: string | undefined;
  for (const f of report.findings) {
    if (f.loc.file !== currentFile) {
      if (currentFile !== undefined) out.push('');
      currentFile = f.loc.file;
      out.push(paint(sanitizeName(f.loc.file), 'bold', 'green'));
    }
    appendAll(out, findingLines(f, report.source, paint));
  }
  if (opts.quiet) return out.length ? out.join('\n') + '\n' : '';
  if (out.length) out.push('');
  if (report.fixed.length) {
    const n = appliedCount(report.fixed);
    out.push(`Fixed ${plural(n, 'problem')}:`);
    for (const a of report.fixed) out.push(`  ${sanitizeName(a.file)}: ${a.ruleId} x${a.count}`);
    out.push('');
  }
  out.push(summaryLine(report, paint));
  const notes = sortedNotes(report.notes);
  if (notes.length) {
    out.push('', 'Notes:');
    for (const n of notes) {
      const start = n.range?.start ?? (n.loc ? report.source(n.loc.file)?.positionAt(n.loc.start) : undefined);
      const where = n.file ? sanitizeName(n.file) + (start ? `:${start.line + 1}:${start.character + 1}` : '') : 'mlsec';
      out.push(`  ${where}: ${n.level === 'info' ? '' : `${n.level}: `}${sanitizeForTerminal(n.message)}`);
    }
  }
  return out.join('\n') + '\n';
}

function findingLines(f: Finding, source: ScanReport['source'], paint: (t: string, ...s: Style[]) => string): string[] {
  const file = source(f.loc.file);
  const line = f.range.start.line + 1;
  const col = f.range.start.character + 1;
  const head = `${sanitizeName(f.loc.file)}:${line}:${col}  ${paint(f.severity, ...SEVERITY_STYLE[f.severity])}  ${sanitizeForTerminal(f.message)}  ${paint(`[${f.ruleId}]`, 'dim')}`;
  const lines = [head];
  if (file && !file.binary) appendAll(lines, excerpt(file, f, paint));
  for (const d of f.details ?? []) lines.push(`    ${paint('-', 'dim')} ${sanitizeForTerminal(d)}`);
  for (const r of f.related) {
    const pos = source(r.loc.file)?.positionAt(r.loc.start);
    const where = pos ? `${sanitizeName(r.loc.file)}:${pos.line + 1}:${pos.character + 1}` : sanitizeName(r.loc.file);
    lines.push(`    ${paint('related:', 'dim')} ${where} ${sanitizeForTerminal(r.message)}`);
  }
  return lines;
}

/** The finding's first line with a caret underline under the reported span. */
function excerpt(file: SourceFile, f: Finding, paint: (t: string, ...s: Style[]) => string): string[] {
  const text = file.lineText(f.range.start.line);
  const startChar = Math.min(f.range.start.character, text.length);
  const endChar = f.range.end.line === f.range.start.line ? Math.min(Math.max(f.range.end.character, startChar), text.length) : text.length;
  // Long lines (minified or generated files) are cut to a window that keeps the span visible.
  let from = 0;
  let to = text.length;
  if (text.length > MAX_EXCERPT) {
    from = Math.max(0, Math.min(startChar - 40, text.length - MAX_EXCERPT));
    to = Math.min(text.length, from + MAX_EXCERPT);
  }
  const shown = text.slice(from, to);
  const before = [...text.slice(from, startChar)];
  const spanEnd = Math.min(endChar, to);
  const spanLen = Math.max(1, [...text.slice(startChar, spanEnd)].length);
  // The padding copies tabs from the source line so the carets stay under the span.
  const pad = before.map((c) => (c === '\t' ? '\t' : ' ')).join('');
  const num = String(f.range.start.line + 1);
  const gutter = ' '.repeat(num.length);
  const lead = from > 0 ? '…' : '';
  const tail = to < text.length ? '…' : '';
  return [
    `  ${paint(num, 'dim')} ${paint('|', 'dim')} ${lead}${sanitizeForTerminal(shown)}${tail}`,
    `  ${gutter} ${paint('|', 'dim')} ${lead ? ' ' : ''}${pad}${paint('^'.repeat(spanLen), ...SEVERITY_STYLE[f.severity])}`,
  ];
}

function summaryLine(report: ScanReport, paint: (t: string, ...s: Style[]) => string): string {
  const counts = severityCounts(report.findings);
  const total = report.findings.length;
  const files = new Set(report.findings.map((f) => f.loc.file)).size;
  const parts: string[] = [];
  if (total === 0) parts.push(paint('No problems found', 'bold', 'green'));
  else {
    const bySeverity = SEVERITIES.filter((s) => counts[s] > 0).map((s) => paint(`${counts[s]} ${s}`, ...SEVERITY_STYLE[s]));
    parts.push(`${paint(plural(total, 'problem'), 'bold')} (${bySeverity.join(', ')}) in ${plural(files, 'file')}`);
  }
  if (report.suppressed.length) parts.push(`${report.suppressed.length} suppressed`);
  parts.push(`${plural(report.files.length, 'file')} scanned`);
  if (report.notes.length) parts.push(plural(report.notes.length, 'note'));
  return parts.join('; ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
