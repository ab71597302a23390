// Builds the threat model of a pipeline: a pure function of facts, findings and the review
// section of the configuration, returning a deterministic model (same input, same JSON).

import type { Facts } from '../facts/model';
import type { Finding, Loc, Problem, Severity } from '../model';
import { SEVERITIES } from '../model';
import { runContributors } from './contributors';
import { InferenceContext } from './context';
import type { ImageBuildHint } from './joins';
import { ELEMENT_KINDS, FLOW_KINDS, THREAT_STATUSES, type Asset, type Boundary, type Element, type Flow, type Threat, type ThreatModel, type ThreatStatus } from './model';
import { parseReview, type ReviewLocator } from './review';
import { attachFindings, evaluateThreats, type SuppressedFinding } from './threats';
import { TEMPLATES } from './templates';
import { ModelView } from './view';

export interface ThreatModelInput {
  facts: Facts;
  findings?: readonly Finding[];
  suppressed?: readonly SuppressedFinding[];
  /** The `threat-model` section of the configuration, as loaded. */
  review?: unknown;
  /** Locates review entries in the configuration file, so review-added parts link to it. */
  reviewLocator?: ReviewLocator;
  buildHints?: readonly ImageBuildHint[];
  /** The workspace folder name (the image a root Dockerfile builds is often named after it). */
  rootName?: string;
  title?: string;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byLoc = (a: Loc, b: Loc) => byText(a.file, b.file) || a.start - b.start || a.end - b.end;

export function buildThreatModel(input: ThreatModelInput): ThreatModel {
  const notes: string[] = [];
  const review = parseReview(input.review, (m) => notes.push(m));
  const inf = new InferenceContext(input.facts, { review, reviewLocator: input.reviewLocator, buildHints: input.buildHints ?? [], rootName: input.rootName });
  runContributors(inf);
  for (const m of notes) inf.b.note('warning', m);
  inf.b.finalizeFlows();

  const b = inf.b;
  const byId = <T extends { id: string }>(xs: Iterable<T>) => [...xs].sort((x, y) => byText(x.id, y.id));
  const view = new ModelView({ elements: byId(b.elements.values()), flows: byId(b.flows.values()), boundaries: byId(b.boundaries.values()), assets: byId(b.assets.values()) });
  const findings = attachFindings(view, input.findings ?? [], input.suppressed ?? [], inf.resourceScopes());
  const threats = evaluateThreats(view, findings, review.decisions);
  const known = new Set(threats.map((t) => t.id));
  for (const id of Object.keys(review.decisions).sort()) {
    if (!known.has(id)) b.note('warning', `The decision on ${id} matches no threat of the current model (the element may have been renamed or removed).`, input.reviewLocator?.at('decisions', id));
  }
  return normalise({
    format: 'mlsec-threat-model',
    version: 1,
    title: review.title ?? input.title ?? 'Threat model',
    boundaries: [...b.boundaries.values()],
    elements: [...b.elements.values()],
    flows: [...b.flows.values()],
    assets: [...b.assets.values()],
    threats,
    findings,
    summary: summarise(b.elements.size, b.flows.size, b.boundaries.size, threats),
    notes: b.notes,
  });
}

function summarise(elements: number, flows: number, boundaries: number, threats: Threat[]): ThreatModel['summary'] {
  const byStatus = Object.fromEntries(THREAT_STATUSES.map((s) => [s, 0])) as Record<ThreatStatus, number>;
  const openBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const t of threats) {
    byStatus[t.status]++;
    if (t.status === 'open') openBySeverity[t.severity]++;
  }
  return { elements, flows, boundaries, threats: byStatus, openBySeverity };
}

/** Sorts every list by content so the same pipeline gives byte-identical JSON whatever the fact order. */
function normalise(m: ThreatModel): ThreatModel {
  const boundaryById = new Map(m.boundaries.map((b) => [b.id, b]));
  const depth = (b: Boundary): number => {
    let d = 0;
    let p = b.parent;
    const seen = new Set<string>();
    while (p && !seen.has(p)) {
      seen.add(p);
      d++;
      p = boundaryById.get(p)?.parent;
    }
    return d;
  };
  const names = new Map(m.elements.map((e) => [e.id, e.name]));
  for (const e of m.elements) {
    e.evidence.sort(byLoc);
    e.assets.sort();
    e.workloads.sort();
    e.controls.sort((a, b) => byText(a.kind, b.kind));
  }
  for (const f of m.flows) {
    f.evidence.sort(byLoc);
    f.assets.sort();
    f.crosses.sort();
    f.controls.sort((a, b) => byText(a.kind, b.kind));
  }
  for (const a of m.assets) a.evidence.sort(byLoc);
  for (const b of m.boundaries) b.evidence.sort(byLoc);
  m.boundaries.sort((a, b) => depth(a) - depth(b) || byText(a.kind, b.kind) || byText(a.name, b.name) || byText(a.id, b.id));
  m.elements.sort((a: Element, b: Element) => ELEMENT_KINDS.indexOf(a.kind) - ELEMENT_KINDS.indexOf(b.kind) || byText(a.name, b.name) || byText(a.id, b.id));
  m.flows.sort(
    (a: Flow, b: Flow) =>
      byText(names.get(a.source) ?? '', names.get(b.source) ?? '') ||
      byText(names.get(a.target) ?? '', names.get(b.target) ?? '') ||
      FLOW_KINDS.indexOf(a.kind) - FLOW_KINDS.indexOf(b.kind) ||
      byText(a.id, b.id),
  );
  m.assets.sort((a: Asset, b: Asset) => byText(a.kind, b.kind) || byText(a.name, b.name) || byText(a.id, b.id));
  const order = new Map<string, number>([...m.elements.map((e, i) => [e.id, i] as const), ...m.flows.map((f, i) => [f.id, m.elements.length + i] as const)]);
  const tplOrder = new Map(TEMPLATES.map((t, i) => [t.id, i]));
  m.threats.sort((a, b) => (order.get(a.targets[0]) ?? 0) - (order.get(b.targets[0]) ?? 0) || (tplOrder.get(a.template) ?? 0) - (tplOrder.get(b.template) ?? 0));
  m.findings.sort((a, b) => byLoc(a.loc, b.loc) || byText(a.ruleId, b.ruleId));
  m.notes.sort((a: Problem, b: Problem) => byText(a.message, b.message));
  return m;
}

export type { ImageBuildHint } from './joins';
export type { ThreatModel } from './model';
export { ReviewLocator } from './review';
