// What `mlsec scan` does to a finished scan before rendering it: keep only the named files of a
// changed-file run, take out what a baseline accepts, and drop findings below --severity.

import { fingerprintFindings } from '../core/fingerprint';
import { severityRank, type Finding, type Problem, type Severity } from '../core/model';
import { applyBaseline, type Baseline } from '../core/report/baseline';
import type { ScanResult } from '../core/workspace/scan';

/**
 * A full scan restricted to the files `keep` accepts: findings, suppressed findings, notes and
 * the file list. Notes not tied to a file (a rule that failed) stay, because they concern every file.
 */
export function restrictToFiles(result: ScanResult, keep: (file: string) => boolean): ScanResult {
  return {
    ...result,
    findings: result.findings.filter((f) => keep(f.loc.file)),
    suppressed: result.suppressed.filter((s) => keep(s.finding.loc.file)),
    notes: result.notes.filter((n) => !n.file || keep(n.file)),
    files: result.files.filter(keep),
  };
}

/** Findings and suppressed findings at or above `min`; notes are kept. */
export function atOrAbove(result: ScanResult, min: Severity): ScanResult {
  const ok = (f: Finding) => severityRank(f.severity) >= severityRank(min);
  return { ...result, findings: result.findings.filter(ok), suppressed: result.suppressed.filter((s) => ok(s.finding)) };
}

/**
 * Removes the findings the baseline accepts and adds notes: how many matched, and one per entry
 * that no longer matches anything (in the files the scan covered), so the baseline can be pruned.
 */
export function withoutBaselined(result: ScanResult, baseline: Baseline, display: string, inScope: (file: string) => boolean): { result: ScanResult; matched: number; stale: number } {
  const prints = fingerprintFindings(result.findings, (p) => result.index.source(p));
  const outcome = applyBaseline(result.findings, prints, baseline, inScope);
  const notes: Problem[] = [
    {
      file: '',
      level: 'info',
      message: `${outcome.matched.length} finding${outcome.matched.length === 1 ? '' : 's'} matched the baseline ${display} and ${outcome.matched.length === 1 ? 'is' : 'are'} not reported; ${outcome.stale.length} baseline entr${outcome.stale.length === 1 ? 'y' : 'ies'} no longer match${outcome.stale.length === 1 ? 'es' : ''}`,
    },
    ...outcome.stale.map((e): Problem => ({
      file: e.file,
      level: 'info',
      message: `baseline entry ${e.fingerprint} (${e.ruleId}, line ${e.line} when recorded) no longer matches a finding: remove it from ${display}`,
    })),
  ];
  return { result: { ...result, findings: outcome.fresh, notes: [...result.notes, ...notes] }, matched: outcome.matched.length, stale: outcome.stale.length };
}
