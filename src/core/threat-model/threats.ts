// Evaluates the threat templates over a model: which targets each applies to, the findings that
// make a threat open, the controls that mitigate it, and the reviewer decisions that settle it.

import { appendAll, groupBy } from '../collections';
import type { Finding, Loc, Severity } from '../model';
import { severityRank } from '../model';
import { stableId } from './ids';
import { FootprintIndex } from './footprint-index';
import { overlaps } from './locs';
import type { Control, ModelFinding, Threat, ThreatDecision, ThreatFinding } from './model';
import { TEMPLATES, type ThreatTemplate } from './templates';
import { isFlow, type ModelView, type Target } from './view';

export interface SuppressedFinding {
  finding: Finding;
  by: { reason: string };
}

function toThreatFinding(f: Finding, suppressed?: string): ThreatFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, loc: f.loc, range: f.range, ...(suppressed !== undefined ? { suppressed } : {}) };
}

/** Locations a target stands for: its own evidence and that of the assets it holds or carries. */
export function footprint(t: Target, v: ModelView): Loc[] {
  const locs = [...t.evidence];
  for (const a of v.assetsOf(t)) appendAll(locs, a.evidence);
  return locs;
}

/**
 * Attaches every finding (open and suppressed) to the elements and flows whose footprint it
 * overlaps; a finding that overlaps none lands on the elements of the enclosing scope (the
 * Kubernetes resource whose pod-level setting it is about), else on what was inferred from its
 * file (an MLmodel file's model, a requirements file's install), else on what holds the files its
 * related locations name (a signature's changed model file), so no finding is lost.
 */
export function attachFindings(v: ModelView, findings: readonly Finding[], suppressed: readonly SuppressedFinding[], scopes: readonly { loc: Loc; targets: string[] }[] = []): ModelFinding[] {
  const places = footprintIndex(v);
  const scopesIn = groupBy(scopes, (s) => [s.loc.file]);
  const inFile = (file: string) => places.ownIn.get(file) ?? places.reachingByAssets(file);
  const all: ModelFinding[] = [];
  const add = (f: Finding, sup?: string) => {
    const file = f.loc.file;
    let hit = [...places.overlapping(f.loc)];
    if (!hit.length) hit = [...new Set((scopesIn.get(file) ?? []).filter((s) => overlaps(s.loc, f.loc)).flatMap((s) => s.targets))];
    if (!hit.length) hit = [...inFile(file)];
    if (!hit.length) hit = [...new Set(f.related.flatMap((r) => inFile(r.loc.file)))];
    all.push({ ...toThreatFinding(f, sup), targets: hit.sort() });
  };
  for (const f of findings) add(f);
  for (const s of suppressed) add(s.finding, s.by.reason);
  return all;
}

/** The footprint index of a view, built once however many times findings are placed on it. */
const footprints = new WeakMap<ModelView, FootprintIndex>();

function footprintIndex(v: ModelView): FootprintIndex {
  let index = footprints.get(v);
  if (!index) footprints.set(v, (index = new FootprintIndex(v)));
  return index;
}

const WORST_FIRST = (a: ThreatFinding, b: ThreatFinding) =>
  severityRank(b.severity) - severityRank(a.severity) || (a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.start - b.loc.start);

function targetsOf(t: ThreatTemplate, v: ModelView): Target[] {
  const out: Target[] = [];
  if (t.target !== 'flow') for (const e of v.elements.values()) if (!e.outOfScope && (t.match as (x: Target, v: ModelView) => boolean)(e, v)) out.push(e);
  if (t.target !== 'element') {
    for (const f of v.flows.values()) {
      const scoped = !v.elements.get(f.source)?.outOfScope && !v.elements.get(f.target)?.outOfScope;
      if (scoped && (t.match as (x: Target, v: ModelView) => boolean)(f, v)) out.push(f);
    }
  }
  return out;
}

/** The first group of controls the target has in full, or undefined. */
function mitigatingControls(t: ThreatTemplate, controls: Control[]): Control[] | undefined {
  for (const group of t.mitigatedBy) {
    const found = group.map((k) => controls.find((c) => c.kind === k));
    if (found.every((c): c is Control => !!c)) return found;
  }
  return undefined;
}

/** Evaluates every template against every target. */
export function evaluateThreats(v: ModelView, findings: readonly ModelFinding[], decisions: Record<string, ThreatDecision>): Threat[] {
  const threats: Threat[] = [];
  // The findings attached to each target, in the order given.
  const onTarget = groupBy(findings, (f) => new Set(f.targets));
  const places = footprintIndex(v);
  // The targets whose own footprint each finding overlaps, found once per finding.
  const overlapped = new Map<ModelFinding, Set<string>>();
  const overlapsTarget = (f: ModelFinding, id: string) => {
    let hit = overlapped.get(f);
    if (!hit) overlapped.set(f, (hit = places.footprintOverlaps(f.loc)));
    return hit.has(id);
  };
  for (const tpl of TEMPLATES) {
    const rules = new Set(tpl.rules);
    for (const target of targetsOf(tpl, v)) {
      const id = stableId('th', tpl.id, target.id);
      const relevant = (onTarget.get(target.id) ?? []).filter((f) => rules.has(f.ruleId));
      const own = isFlow(target) ? relevant : relevant.filter((f) => overlapsTarget(f, target.id));
      const ownSet = new Set(own);
      const inherited = relevant.filter((f) => !ownSet.has(f));
      const controls = v.controlsOf(target);
      const mitigation = mitigatingControls(tpl, controls);
      const blocked = (tpl.blocked as ((x: Target, v: ModelView) => string | undefined) | undefined)?.(target, v);
      // Findings from the Dockerfile that builds a step's image count unless the step's own settings already mitigate them.
      const active = [...own, ...(mitigation ? [] : inherited)].filter((f) => f.suppressed === undefined);
      const shown = [...own, ...(mitigation ? [] : inherited)].map(({ targets: _t, ...f }) => f).sort(WORST_FIRST);
      const computed: Threat['computedStatus'] = active.length ? 'open' : mitigation && !blocked ? 'mitigated' : 'needs-review';
      const severity: Severity = active.length ? [...active].sort(WORST_FIRST)[0].severity : (tpl.severity as (x: Target, v: ModelView) => Severity)(target, v);
      const decision = decisions[id];
      const targetIds = [target.id, ...(isFlow(target) ? [target.source, target.target] : [])];
      threats.push({
        id,
        template: tpl.id,
        targets: targetIds,
        targetType: isFlow(target) ? 'flow' : 'element',
        title: (tpl.title as (x: Target, v: ModelView) => string)(target, v),
        description: tpl.description,
        impact: tpl.impact,
        mitigation: tpl.mitigation,
        stride: [...tpl.stride],
        linddun: [...(tpl.linddun ?? [])],
        atlas: [...tpl.atlas],
        owasp: [...tpl.owasp],
        cwe: [...tpl.cwe],
        severity,
        status: decision ? decision.status : computed,
        computedStatus: computed,
        findings: shown,
        mitigations: computed === 'mitigated' && mitigation ? mitigation : [],
        ...(decision ? { decision } : {}),
        references: [...tpl.references],
      });
    }
  }
  return threats;
}

/** Template metadata by id, for views that explain a threat. */
export function templateById(id: string): ThreatTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id);
}
