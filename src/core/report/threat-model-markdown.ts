// The threat model as a Markdown report for pull requests: a summary table, the top risks (open
// threats by severity and exposure), the data-flow diagram as a Mermaid flowchart (boundaries as
// subgraphs), and the threats of every element and flow with their status, evidence and
// mitigation. Every piece of repository text is escaped.

import type { Loc, Position, Severity } from '../model';
import { SEVERITIES } from '../model';
import { BOUNDARY_LABELS, LINDDUN_LABELS, roleLabel, STATUS_LABELS, STRIDE_LABELS } from '../threat-model/labels';
import { THREAT_STATUSES, type Boundary, type Element, type Flow, type Threat, type ThreatModel } from '../threat-model/model';
import { appendAll } from '../collections';
import { sanitizeForTerminal } from './sanitize';
import { topRisks } from './top-risks';

export interface MarkdownOptions {
  /** Turns an offset location into a line and column, for `file:line` references. */
  locate?: (loc: Loc) => Position | undefined;
}

/**
 * Escapes text for Markdown prose and table cells: no HTML, no emphasis, no links, no pipes, no
 * control characters; bare URLs and `www.` names are not linked and `@name` mentions no one.
 */
export function mdText(s: string): string {
  return sanitizeForTerminal(s.replace(/[\r\n\t]+/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]#+!|~])/g, '\\$1')
    .replace(/:\/\//g, '&#58;//')
    .replace(/\bwww\./gi, (w) => `${w.slice(0, 3)}&#46;`)
    .replace(/@/g, '@\u2060');
}

/** A Mermaid node or subgraph id: only letters, digits and underscores, never a keyword. */
export function mermaidId(id: string): string {
  return `id_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/**
 * A Mermaid label in double quotes: everything but plain letters, digits, spaces and a few safe
 * marks becomes a `#code;` entity, so quotes, brackets, markup and directives stay text.
 */
export function mermaidLabel(s: string): string {
  const flat = s.replace(/[\r\n\t]+/g, ' ');
  let out = '';
  for (const ch of flat) out += /[A-Za-z0-9 .,:/_@=+-]/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return `"${out}"`;
}

function where(loc: Loc, o: MarkdownOptions, range?: { start: Position }): string {
  const p = range?.start ?? o.locate?.(loc);
  return p ? `${loc.file}:${p.line + 1}` : loc.file;
}

function shape(e: Element): [string, string] {
  if (e.kind === 'process') return ['([', '])'];
  if (e.kind === 'store') return ['[(', ')]'];
  return ['[', ']'];
}

/** The diagram as a Mermaid flowchart. */
export function mermaidFlowchart(m: ThreatModel): string {
  const lines = ['flowchart LR'];
  const children = new Map<string | undefined, Boundary[]>();
  const ids = new Set(m.boundaries.map((b) => b.id));
  for (const b of m.boundaries) {
    const p = b.parent && ids.has(b.parent) ? b.parent : undefined;
    (children.get(p) ?? children.set(p, []).get(p)!).push(b);
  }
  const members = new Map<string | undefined, Element[]>();
  for (const e of m.elements) {
    const p = e.boundary && ids.has(e.boundary) ? e.boundary : undefined;
    (members.get(p) ?? members.set(p, []).get(p)!).push(e);
  }
  const open = new Set<string>();
  for (const t of m.threats) if (t.status === 'open') open.add(t.targets[0]);
  const emit = (parent: string | undefined, depth: number) => {
    const pad = '  '.repeat(depth);
    for (const e of members.get(parent) ?? []) {
      const [a, z] = shape(e);
      lines.push(`${pad}${mermaidId(e.id)}${a}${mermaidLabel(e.name)}${z}`);
    }
    for (const b of children.get(parent) ?? []) {
      lines.push(`${pad}subgraph ${mermaidId(b.id)}[${mermaidLabel(b.name)}]`);
      emit(b.id, depth + 1);
      lines.push(`${pad}end`);
    }
  };
  emit(undefined, 1);
  const known = new Set(m.elements.map((e) => e.id));
  for (const f of m.flows) {
    if (!known.has(f.source) || !known.has(f.target)) continue;
    lines.push(`  ${mermaidId(f.source)} ${f.bidirectional ? '<-->' : '-->'}|${mermaidLabel(f.name)}| ${mermaidId(f.target)}`);
  }
  const openEls = m.elements.filter((e) => open.has(e.id)).map((e) => mermaidId(e.id));
  lines.push('  classDef openThreat stroke:#c62828,stroke-width:2px');
  if (openEls.length) lines.push(`  class ${openEls.join(',')} openThreat`);
  return lines.join('\n');
}

function frameworks(t: Threat): string {
  const parts = [...t.stride.map((s) => `STRIDE ${s} (${STRIDE_LABELS[s]})`), ...t.linddun.map((l) => `LINDDUN ${LINDDUN_LABELS[l]}`), ...t.atlas, ...t.owasp.map((o) => `OWASP ${o}`)];
  return mdText(parts.join(', '));
}

function statusCell(t: Threat): string {
  const d = t.decision;
  if (!d) return `**${STATUS_LABELS[t.status]}**`;
  const who = [d.by, d.date].filter(Boolean).join(', ');
  return `**${STATUS_LABELS[t.status]}** (reviewer: ${mdText(d.reason)}${who ? `; ${mdText(who)}` : ''}; computed: ${STATUS_LABELS[t.computedStatus]})`;
}

/** The findings that make a threat open, each with its location. */
function findingsCell(t: Threat, o: MarkdownOptions): string {
  const parts: string[] = [];
  for (const f of t.findings) parts.push(`${mdText(where(f.loc, o, f.range))} ${mdText(f.ruleId)}: ${mdText(f.message)}${f.suppressed !== undefined ? ` (suppressed: ${mdText(f.suppressed)})` : ''}`);
  return parts.length ? parts.join('<br>') : '—';
}

/** The controls that mitigate a threat, each with where it is written; else what would close it. */
function mitigationCell(t: Threat, o: MarkdownOptions): string {
  if (t.mitigations.length) return t.mitigations.map((c) => `${mdText(c.text)}${c.loc ? ` (${mdText(where(c.loc, o))})` : ''}`).join('<br>');
  return `To close: ${mdText(t.mitigation)}`;
}

function threatTable(threats: Threat[], o: MarkdownOptions): string[] {
  const out = ['| Threat | Frameworks | Severity | Status | Evidence | Mitigation |', '|---|---|---|---|---|---|'];
  for (const t of threats) out.push(`| ${mdText(t.title)} <br>\`${t.id}\` | ${frameworks(t)} | ${t.severity} | ${statusCell(t)} | ${findingsCell(t, o)} | ${mitigationCell(t, o)} |`);
  return out;
}

/** The open threats worst first, by severity and exposure, with the fix that would close each. */
function topRisksSection(m: ThreatModel, o: MarkdownOptions): string[] {
  const risks = topRisks(m);
  if (!risks.length) return ['## Top risks', '', 'No threat is open.', ''];
  const out = ['## Top risks', '', '| # | Risk | Target | Exposure | Severity | Evidence | To close it |', '|---:|---|---|---|---|---|---|'];
  risks.forEach((r, i) =>
    out.push(`| ${i + 1} | ${mdText(r.threat.title)} | ${mdText(r.target)} | ${r.exposure} | ${r.threat.severity} | ${findingsCell(r.threat, o)} | ${mdText(r.threat.mitigation)} |`),
  );
  out.push('');
  return out;
}

/** The whole report. */
export function threatModelMarkdown(m: ThreatModel, o: MarkdownOptions = {}): string {
  const out: string[] = [];
  out.push(`# ${mdText(m.title)}`, '');
  out.push(
    `Inferred by mlsec from the pipeline definitions: ${m.summary.elements} elements, ${m.summary.flows} data flows, ${m.summary.boundaries} trust boundaries, ${m.threats.length} threats.`,
    '',
  );
  out.push('## Summary', '');
  out.push(`| Status | ${SEVERITIES.join(' | ')} | total |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  for (const s of THREAT_STATUSES) {
    const row = SEVERITIES.map((sev: Severity) => m.threats.filter((t) => t.status === s && t.severity === sev).length);
    out.push(`| ${STATUS_LABELS[s]} | ${row.join(' | ')} | ${row.reduce((a, b) => a + b, 0)} |`);
  }
  out.push('');
  appendAll(out, topRisksSection(m, o));
  out.push('## Data-flow diagram', '', '```mermaid', mermaidFlowchart(m), '```', '');
  const boundaryName = new Map(m.boundaries.map((b) => [b.id, b]));
  const byTarget = new Map<string, Threat[]>();
  for (const t of m.threats) (byTarget.get(t.targets[0]) ?? byTarget.set(t.targets[0], []).get(t.targets[0])!).push(t);
  out.push('## Threats by element', '');
  for (const e of m.elements) {
    const ts = byTarget.get(e.id) ?? [];
    const b = e.boundary ? boundaryName.get(e.boundary) : undefined;
    const at = e.evidence[0] ? ` — ${mdText(where(e.evidence[0], o))}` : '';
    out.push(`### ${mdText(e.name)}`, '');
    out.push(
      `${mdText(e.kind.replace('-', ' '))}, ${mdText(roleLabel(e.role))}${b ? `, in ${mdText(b.name)} (${BOUNDARY_LABELS[b.kind]})` : ''}${at}${e.outOfScope ? `. Out of scope: ${mdText(e.outOfScope)}` : ''}`,
      '',
    );
    if (ts.length) appendAll(out, threatTable(ts, o)).push('');
  }
  const names = new Map(m.elements.map((e) => [e.id, e.name]));
  const flowTitle = (f: Flow) => `${f.name}: ${names.get(f.source) ?? f.source} → ${names.get(f.target) ?? f.target}`;
  const flows = m.flows.filter((f) => byTarget.has(f.id));
  if (flows.length) {
    out.push('## Threats by data flow', '');
    for (const f of flows) {
      out.push(`### ${mdText(flowTitle(f))}`, '');
      const facts = [f.protocol ? `protocol ${f.protocol}` : undefined, f.join ? `joined: ${f.join.reason}` : undefined].filter((x): x is string => !!x);
      if (facts.length) out.push(mdText(facts.join('; ')), '');
      appendAll(out, threatTable(byTarget.get(f.id)!, o)).push('');
    }
  }
  if (m.notes.length) {
    out.push('## Notes', '');
    for (const n of m.notes) out.push(`- ${n.level}: ${mdText(n.message)}${n.loc ? ` (${mdText(where(n.loc, o))})` : ''}`);
    out.push('');
  }
  return out.join('\n');
}
