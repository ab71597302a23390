// The data every scan report format renders: the findings of one scan with their sources, the
// rule catalog, the notes and the fixes applied; plus small helpers the formats share.

import type { Finding, Problem, RuleMeta, Severity } from '../model';
import { SEVERITIES } from '../model';
import type { DocumentIndex } from '../document';
import { compareFindings } from '../engine';
import type { SourceFile } from '../source';
import type { Suppression } from '../suppressions';

/** How many fixes of one rule `--fix` applied to one file. */
export interface AppliedFix {
  file: string;
  ruleId: string;
  count: number;
}

export interface ScanReport {
  tool: { name: string; version: string };
  /** Absolute path of the scanned root; finding paths are relative to it. */
  root: string;
  /** Files that were read (workspace-relative). */
  files: string[];
  findings: Finding[];
  suppressed: { finding: Finding; by: Suppression }[];
  notes: Problem[];
  /** Every rule the engine knows, in catalog order. */
  rules: RuleMeta[];
  fixed: AppliedFix[];
  /** The text a finding points into, for source excerpts and fingerprints. */
  source(path: string): SourceFile | undefined;
}

export function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Notes sorted by file, so reports are deterministic whatever order the scan produced them in. */
export function sortedNotes(notes: readonly Problem[]): Problem[] {
  const fileOf = (p: Problem) => p.file ?? '';
  return [...notes].sort((a, b) => (fileOf(a) < fileOf(b) ? -1 : fileOf(a) > fileOf(b) ? 1 : (a.loc?.start ?? 0) - (b.loc?.start ?? 0)));
}

export function appliedCount(fixed: readonly AppliedFix[]): number {
  return fixed.reduce((n, f) => n + f.count, 0);
}

/** Assembles a report from a scan's result, in the deterministic order every format relies on. */
export function toScanReport(
  result: Pick<ScanReport, 'findings' | 'suppressed' | 'notes' | 'files'> & { index: DocumentIndex },
  extra: Pick<ScanReport, 'tool' | 'root' | 'rules'> & { fixed?: AppliedFix[] },
): ScanReport {
  return {
    tool: extra.tool,
    root: extra.root,
    files: [...result.files].sort(),
    findings: [...result.findings].sort(compareFindings),
    suppressed: [...result.suppressed].sort((a, b) => compareFindings(a.finding, b.finding)),
    notes: sortedNotes(result.notes),
    rules: extra.rules,
    fixed: [...(extra.fixed ?? [])].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)),
    source: (p) => result.index.source(p),
  };
}
