// Which threats and elements the reviewer wants to see: severity, status and framework filters
// and the search box, as pure functions over the model.

import type { Severity } from '../../src/core/model';
import type { Framework, Threat, ThreatModel, ThreatStatus } from '../../src/core/threat-model/model';

export const ALL_SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
export const ALL_STATUSES: ThreatStatus[] = ['open', 'needs-review', 'mitigated', 'accepted', 'transferred', 'not-applicable'];
export const ALL_FRAMEWORKS: Framework[] = ['STRIDE', 'ATLAS', 'OWASP', 'LINDDUN'];

export interface Filters {
  severities: Severity[];
  statuses: ThreatStatus[];
  frameworks: Framework[];
  search: string;
}

export function defaultFilters(): Filters {
  return { severities: [...ALL_SEVERITIES], statuses: [...ALL_STATUSES], frameworks: [...ALL_FRAMEWORKS], search: '' };
}

export function frameworksOf(t: Threat): Framework[] {
  const out: Framework[] = [];
  if (t.stride.length) out.push('STRIDE');
  if (t.atlas.length) out.push('ATLAS');
  if (t.owasp.length) out.push('OWASP');
  if (t.linddun.length) out.push('LINDDUN');
  return out;
}

export function threatVisible(t: Threat, f: Filters): boolean {
  return f.severities.includes(t.severity) && f.statuses.includes(t.status) && frameworksOf(t).some((x) => f.frameworks.includes(x));
}

export function filtersActive(f: Filters): boolean {
  return f.severities.length !== ALL_SEVERITIES.length || f.statuses.length !== ALL_STATUSES.length || f.frameworks.length !== ALL_FRAMEWORKS.length;
}

/** Ids of elements and flows whose name, role or threats match the search text. */
export function searchMatches(m: ThreatModel, query: string): Set<string> {
  const q = query.trim().toLowerCase();
  const out = new Set<string>();
  if (!q) return out;
  const has = (...xs: (string | undefined)[]) => xs.some((x) => x?.toLowerCase().includes(q));
  const boundary = new Map(m.boundaries.map((b) => [b.id, b.name]));
  for (const e of m.elements) if (has(e.name, e.role, e.description, e.boundary ? boundary.get(e.boundary) : undefined)) out.add(e.id);
  for (const f of m.flows) if (has(f.name, f.kind, f.protocol)) out.add(f.id);
  for (const t of m.threats) if (has(t.title, t.template, t.id, ...t.atlas, ...t.owasp, ...t.findings.map((x) => x.ruleId))) out.add(t.targets[0]);
  for (const x of m.findings) if (has(x.ruleId, x.message, x.loc.file)) x.targets.forEach((t) => out.add(t));
  return out;
}

const RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };

/** The worse of two severities (undefined counts as none). */
export function worse(a: Severity | undefined, b: Severity): Severity {
  return a && RANK[a] >= RANK[b] ? a : b;
}

export function bySeverity(a: Threat, b: Threat): number {
  const order = (t: Threat) => ALL_STATUSES.indexOf(t.status);
  return order(a) - order(b) || RANK[b.severity] - RANK[a.severity] || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
}
