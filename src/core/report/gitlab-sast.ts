// The GitLab security report (SAST, schema 15.x) of a scan, so findings show in merge requests
// and the vulnerability report: one vulnerability per finding with its rule as identifier.

import { createHash } from 'node:crypto';
import type { Finding, Severity } from '../model';
import { ruleDocsUrl } from './links';
import type { ScanReport } from './scan-report';

export const GITLAB_SAST_VERSION = '15.0.7';

const SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' };

/** GitLab's time format: UTC without fractions or zone, `2026-01-31T12:00:00`. */
export function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}

/** A UUID-shaped id derived from the finding, so the same finding keeps its id across pipelines. */
function vulnerabilityId(f: Finding, line: string): string {
  const h = createHash('sha256')
    .update(`${f.ruleId}\0${f.loc.file}\0${line.trim().replace(/\s+/g, ' ')}\0${f.message}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function toGitlabSast(report: ScanReport, times: { start: Date; end: Date }): Record<string, unknown> {
  const titles = new Map(report.rules.map((r) => [r.id, r.title]));
  const tool = { id: 'mlsec', name: 'mlsec', version: report.tool.version, vendor: { name: 'mlsec' }, url: 'https://github.com/mlsec/mlsec' };
  const seen = new Map<string, number>();
  const vulnerabilities = report.findings.map((f) => {
    const base = vulnerabilityId(f, report.source(f.loc.file)?.lineText(f.range.start.line) ?? '');
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const id = n === 1 ? base : `${base.slice(0, 24)}${n.toString(16).padStart(12, '0')}`;
    return {
      id,
      name: titles.get(f.ruleId) ?? f.ruleId,
      description: [f.message, ...(f.details ?? []).map((d) => `- ${d}`)].join('\n'),
      severity: SEVERITY[f.severity],
      solution: f.fixes[0]?.title,
      identifiers: [{ type: 'mlsec_rule_id', name: `mlsec ${f.ruleId}`, value: f.ruleId, url: ruleDocsUrl(f.ruleId) }],
      links: [{ name: f.ruleId, url: ruleDocsUrl(f.ruleId) }],
      location: { file: f.loc.file, start_line: f.range.start.line + 1, end_line: f.range.end.line + 1 },
    };
  });
  return {
    version: GITLAB_SAST_VERSION,
    scan: {
      analyzer: tool,
      scanner: tool,
      type: 'sast',
      start_time: gitlabTime(times.start),
      end_time: gitlabTime(times.end),
      status: report.notes.some((n) => n.level === 'error' && !n.file) ? 'failure' : 'success',
    },
    vulnerabilities: vulnerabilities.map(({ solution, ...v }) => (solution === undefined ? v : { ...v, solution })),
  };
}

export function formatGitlabSast(report: ScanReport, times: { start: Date; end: Date }): string {
  return JSON.stringify(toGitlabSast(report, times), null, 2) + '\n';
}
