// The open threats a reviewer should look at first: ranked by severity times exposure (an
// internet-facing target above an internal one, an unknown exposure between them), each with the
// evidence that makes it open and the fix or control that would close it.

import { severityRank } from '../model';
import type { Element, Flow, Threat, ThreatModel } from '../threat-model/model';

export type Exposure = 'internet-facing' | 'unknown' | 'internal';

export interface TopRisk {
  threat: Threat;
  /** The name of the element or flow the threat is about. */
  target: string;
  exposure: Exposure;
  /**
   * The square of the severity rank plus one (info 1 … critical 25) times the exposure weight
   * (internal 2, unknown 3, internet-facing 4): exposure moves a threat above one a grade worse,
   * never two, so an internal critical finding stays above an internet-facing medium one.
   */
  score: number;
}

const WEIGHT: Record<Exposure, number> = { 'internet-facing': 4, unknown: 3, internal: 2 };

/** How exposed a threat's target is: any end on the public network, both ends private, or not known. */
function exposureOf(t: Threat, elements: Map<string, Element>, flows: Map<string, Flow>): Exposure {
  const flow = flows.get(t.targets[0]);
  const ends = flow ? [flow.source, flow.target] : [t.targets[0]];
  const props = ends.map((id) => elements.get(id)?.properties.publicNetwork);
  if (flow?.publicNetwork || props.includes(true)) return 'internet-facing';
  if (flow ? flow.publicNetwork === false || props.every((p) => p === false) : props[0] === false) return 'internal';
  return 'unknown';
}

/** The open threats ranked worst first, at most `limit` of them. */
export function topRisks(m: ThreatModel, limit = 10): TopRisk[] {
  const elements = new Map(m.elements.map((e) => [e.id, e]));
  const flows = new Map(m.flows.map((f) => [f.id, f]));
  const name = (id: string) => {
    const f = flows.get(id);
    return f ? `${f.name}: ${elements.get(f.source)?.name ?? f.source} → ${elements.get(f.target)?.name ?? f.target}` : (elements.get(id)?.name ?? id);
  };
  const risks = m.threats
    .filter((t) => t.status === 'open')
    .map((t) => {
      const exposure = exposureOf(t, elements, flows);
      return { threat: t, target: name(t.targets[0]), exposure, score: (severityRank(t.severity) + 1) ** 2 * WEIGHT[exposure] };
    });
  risks.sort((a, b) => b.score - a.score || severityRank(b.threat.severity) - severityRank(a.threat.severity) || (a.threat.title < b.threat.title ? -1 : a.threat.title > b.threat.title ? 1 : 0));
  return risks.slice(0, limit);
}
