// Exports the threat model as an OWASP Threat Dragon v2 model: elements as process, store and
// actor cells, flows as flow edges, trust boundaries as boxes that enclose their members (from the
// ELK layout), and threats with Threat Dragon's own type, severity and status strings. Ids derive
// from the stable model ids, so a re-export diffs cleanly.

import type { Loc, Position, Severity } from '../model';
import { uuidFromId } from '../threat-model/ids';
import { LINDDUN_LABELS, roleLabel, STRIDE_LABELS } from '../threat-model/labels';
import type { DiagramLayout } from '../threat-model/layout';
import type { Boundary, Element, Flow, Threat, ThreatModel, ThreatStatus } from '../threat-model/model';

export const THREAT_DRAGON_VERSION = '2.3.0';

export interface ThreatDragonOptions {
  locate?: (loc: Loc) => Position | undefined;
  owner?: string;
}

export const TD_STATUS: Record<ThreatStatus, string> = {
  open: 'Open',
  // Threat Dragon has no "needs review": an unresolved threat is Open, and the description says why.
  'needs-review': 'Open',
  mitigated: 'Mitigated',
  accepted: 'Accepted',
  'not-applicable': 'NotApplicable',
  transferred: 'Transferred',
};

export const TD_SEVERITY: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Low' };

interface TdThreat {
  id: string;
  title: string;
  status: string;
  severity: string;
  type: string;
  modelType: string;
  description: string;
  mitigation: string;
  number: number;
  score: string;
}

function at(loc: Loc, o: ThreatDragonOptions, range?: { start: Position }): string {
  const p = range?.start ?? o.locate?.(loc);
  return p ? `${loc.file}:${p.line + 1}` : loc.file;
}

function tdThreat(t: Threat, number: number, o: ThreatDragonOptions): TdThreat {
  const stride = t.stride[0];
  const linddun = !stride ? t.linddun[0] : undefined;
  const desc = [t.description, `Impact: ${t.impact}`];
  const tax = [
    t.stride.length ? `STRIDE: ${t.stride.map((s) => STRIDE_LABELS[s]).join(', ')}` : '',
    t.linddun.length ? `LINDDUN: ${t.linddun.map((l) => LINDDUN_LABELS[l]).join(', ')}` : '',
    t.atlas.length ? `MITRE ATLAS: ${t.atlas.join(', ')}` : '',
    t.owasp.length ? `OWASP ML Top 10: ${t.owasp.join(', ')}` : '',
    t.cwe.length ? t.cwe.join(', ') : '',
  ].filter(Boolean);
  if (tax.length) desc.push(tax.join('; '));
  if (t.findings.length)
    desc.push(`Findings:\n${t.findings.map((f) => `- ${at(f.loc, o, f.range)} ${f.ruleId}: ${f.message}${f.suppressed !== undefined ? ` (suppressed: ${f.suppressed})` : ''}`).join('\n')}`);
  if (t.status === 'needs-review') desc.push('mlsec found neither a finding nor a control for this threat: a reviewer should decide.');
  desc.push(`mlsec threat ${t.id} (template ${t.template})`);
  const mitigation = [t.mitigation];
  if (t.mitigations.length) mitigation.push(`Mitigated by: ${t.mitigations.map((c) => `${c.text}${c.loc ? ` (${at(c.loc, o)})` : ''}`).join('; ')}`);
  if (t.decision) mitigation.push(`Reviewer decision: ${t.decision.status}: ${t.decision.reason}${t.decision.by ? `, by ${t.decision.by}` : ''}${t.decision.date ? `, ${t.decision.date}` : ''}`);
  return {
    id: uuidFromId(`threat|${t.id}`),
    title: t.title,
    status: TD_STATUS[t.status],
    severity: TD_SEVERITY[t.severity],
    type: stride ? STRIDE_LABELS[stride] : linddun ? LINDDUN_LABELS[linddun] : 'Tampering',
    modelType: stride || !linddun ? 'STRIDE' : 'LINDDUN',
    description: desc.join('\n\n'),
    mitigation: mitigation.join('\n\n'),
    number,
    score: '',
  };
}

function stroke(open: boolean, outOfScope: boolean) {
  return { stroke: open ? 'red' : '#333333', strokeWidth: open ? 2.5 : 1.5, strokeDasharray: outOfScope ? '4 3' : null };
}

function describe(e: Element, boundaries: Map<string, Boundary>, o: ThreatDragonOptions): string {
  const b = e.boundary ? boundaries.get(e.boundary) : undefined;
  const lines = [`${roleLabel(e.role)}${b ? ` in ${b.name}` : ''}`];
  if (e.description) lines.push(e.description);
  if (e.evidence.length) lines.push(`Defined at: ${[...new Set(e.evidence.map((l) => at(l, o)))].join(', ')}`);
  lines.push(`mlsec element ${e.id}`);
  return lines.join('\n');
}

/** Builds the Threat Dragon document from a model and its layout (made with the `threat-dragon` style). */
export function threatDragonModel(m: ThreatModel, layout: DiagramLayout, o: ThreatDragonOptions = {}): Record<string, unknown> {
  const boundaries = new Map(m.boundaries.map((b) => [b.id, b]));
  const byTarget = new Map<string, Threat[]>();
  for (const t of m.threats) (byTarget.get(t.targets[0]) ?? byTarget.set(t.targets[0], []).get(t.targets[0])!).push(t);
  let number = 0;
  // Threats are numbered in cell order: elements first, then flows.
  const threatsOf = (id: string) => (byTarget.get(id) ?? []).map((t) => tdThreat(t, ++number, o));
  const cells = boundaryCells(m, layout, boundaries);
  let z = 1;
  for (const e of m.elements) {
    const box = layout.nodes[e.id];
    if (box) cells.push(elementCell(e, box, threatsOf(e.id), z++, boundaries, o));
  }
  const names = new Map(m.elements.map((e) => [e.id, e.name]));
  for (const f of m.flows) {
    const edge = layout.edges[f.id];
    if (!edge || !layout.nodes[f.source] || !layout.nodes[f.target]) continue;
    cells.push(flowCell(f, edge, threatsOf(f.id), names, boundaries, o));
  }
  return {
    version: THREAT_DRAGON_VERSION,
    summary: {
      title: m.title,
      owner: o.owner ?? '',
      description: `Inferred by mlsec from the pipeline definitions: ${m.summary.elements} elements, ${m.summary.flows} data flows, ${m.summary.boundaries} trust boundaries. Re-export after changing the pipeline; decisions belong in .mlsec.yaml (threat-model.decisions).`,
      id: 0,
    },
    detail: {
      contributors: [],
      diagrams: [
        {
          id: 0,
          title: m.title,
          diagramType: 'STRIDE',
          placeholder: 'Data-flow diagram inferred by mlsec',
          thumbnail: './public/content/images/thumbnail.stride.jpg',
          version: THREAT_DRAGON_VERSION,
          cells,
        },
      ],
      diagramTop: 1,
      reviewer: '',
      threatTop: number,
    },
  };
}

/** The Threat Dragon cells of the trust boundaries that were laid out. */
function boundaryCells(m: ThreatModel, layout: DiagramLayout, boundaries: Map<string, Boundary>): Record<string, unknown>[] {
  const cells: Record<string, unknown>[] = [];
  const depth = (b: Boundary) => {
    let d = 0;
    for (let p = b.parent; p && d < 50; p = boundaries.get(p)?.parent) d++;
    return d;
  };
  for (const b of m.boundaries) {
    const box = layout.boundaries[b.id];
    if (!box) continue;
    cells.push({
      position: { x: box.x, y: box.y },
      size: { width: box.width, height: box.height },
      attrs: { label: { text: b.name } },
      visible: true,
      shape: 'trust-boundary-box',
      id: uuidFromId(`boundary|${b.id}`),
      zIndex: -50 + depth(b),
      data: { type: 'tm.BoundaryBox', name: b.name, description: `${b.kind}${b.note ? `: ${b.note}` : ''}`, isTrustBoundary: true, hasOpenThreats: false },
    });
  }
  return cells;
}

/** The Threat Dragon cell of an element: a process, store or actor shape with its threats. */
function elementCell(
  e: Element,
  box: DiagramLayout['nodes'][string],
  threats: ReturnType<typeof tdThreat>[],
  zIndex: number,
  boundaries: Map<string, Boundary>,
  o: ThreatDragonOptions,
): Record<string, unknown> {
  const open = threats.some((t) => t.status === 'Open');
  const common = {
    name: e.name,
    description: describe(e, boundaries, o),
    outOfScope: !!e.outOfScope,
    reasonOutOfScope: e.outOfScope ?? '',
    hasOpenThreats: open,
    threats,
    isTrustBoundary: false,
  };
  const base = { position: { x: box.x, y: box.y }, size: { width: box.width, height: box.height }, visible: true, id: uuidFromId(`element|${e.id}`), zIndex };
  const s = stroke(open, !!e.outOfScope);
  if (e.kind === 'process') {
    return {
      ...base,
      shape: 'process',
      attrs: { text: { text: box.lines.join('\n') }, body: s },
      data: {
        type: 'tm.Process',
        ...common,
        handlesCardPayment: false,
        handlesGoodsOrServices: false,
        isWebApplication: ['inference-service', 'tracking-server', 'notebook', 'ml-service'].includes(e.role),
        privilegeLevel: e.properties.privileged ? 'privileged' : e.properties.runsAsRoot ? 'root' : '',
      },
    };
  } else if (e.kind === 'store') {
    return {
      ...base,
      shape: 'store',
      attrs: { text: { text: box.lines.join('\n') }, topLine: s, bottomLine: s },
      data: {
        type: 'tm.Store',
        ...common,
        isALog: e.role === 'log-store' || e.role === 'tracking-backend',
        storesCredentials: !!e.properties.storesCredentials || e.role === 'secret-store',
        isEncrypted: !!e.properties.encrypted,
        isSigned: !!e.properties.signed,
      },
    };
  } else {
    return {
      ...base,
      shape: 'actor',
      attrs: { text: { text: box.lines.join('\n') }, body: s },
      data: { type: 'tm.Actor', ...common, providesAuthentication: !!e.properties.authenticated },
    };
  }
}

/** The Threat Dragon cell of a flow: an edge with its label, properties and threats. */
function flowCell(
  f: Flow,
  edge: DiagramLayout['edges'][string],
  threats: ReturnType<typeof tdThreat>[],
  names: Map<string, string>,
  boundaries: Map<string, Boundary>,
  o: ThreatDragonOptions,
): Record<string, unknown> {
  const open = threats.some((t) => t.status === 'Open');
  return {
    shape: 'flow',
    attrs: { line: { stroke: open ? 'red' : '#333333', strokeWidth: open ? 2.5 : 1, targetMarker: { name: 'block' }, sourceMarker: { name: f.bidirectional ? 'block' : '' }, strokeDasharray: null } },
    width: 200,
    height: 100,
    zIndex: 10,
    labels: [
      {
        markup: [
          { tagName: 'ellipse', selector: 'labelBody' },
          { tagName: 'text', selector: 'labelText' },
        ],
        attrs: {
          labelText: { text: f.name, textAnchor: 'middle', textVerticalAnchor: 'middle' },
          labelBody: { ref: 'labelText', refRx: '50%', refRy: '60%', fill: '#fff', strokeWidth: 0 },
        },
        position: 0.5,
      },
    ],
    connector: 'smooth',
    data: {
      type: 'tm.Flow',
      name: f.name,
      description: flowDescription(f, names, o),
      outOfScope: false,
      reasonOutOfScope: '',
      hasOpenThreats: open,
      isBidirectional: !!f.bidirectional,
      isEncrypted: f.encrypted === true && f.tlsVerified !== false,
      isPublicNetwork: !!f.publicNetwork || f.crosses.some((b) => boundaries.get(b)?.kind === 'internet'),
      protocol: f.protocol ?? '',
      threats,
      isTrustBoundary: false,
    },
    id: uuidFromId(`flow|${f.id}`),
    source: { cell: uuidFromId(`element|${f.source}`) },
    target: { cell: uuidFromId(`element|${f.target}`) },
    vertices: edge.points.slice(1, -1),
  };
}

function flowDescription(f: Flow, names: Map<string, string>, o: ThreatDragonOptions): string {
  const lines = [`${f.kind.replace(/-/g, ' ')} from ${names.get(f.source)} to ${names.get(f.target)}`];
  if (f.join) lines.push(`Joined across files: ${f.join.reason}`);
  if (f.evidence.length) lines.push(`Defined at: ${[...new Set(f.evidence.map((l) => at(l, o)))].join(', ')}`);
  lines.push(`mlsec flow ${f.id}`);
  return lines.join('\n');
}
