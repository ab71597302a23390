// Contributor: TLS verification switched off: on the flows whose evidence the switch overlaps,
// else on the flows of its workload that the switch affects, and on every flow of a store
// configured without verification.

import type { TlsDisableFact } from '../../facts/model';
import { groupBy } from '../../collections';
import { addLocs } from '../builder';
import type { InferenceContext } from '../context';
import { overlaps } from '../locs';
import type { Flow, FlowKind } from '../model';
import type { Contributor } from './contributor';

/** Which flows a TLS switch affects, from what was written. */
function tlsKinds(what: string): FlowKind[] {
  if (/pip|trusted-host|conda|uv\b/i.test(what)) return ['package-install'];
  if (/MLFLOW/i.test(what)) return ['tracking', 'model-publish'];
  if (/curl|wget|--insecure|no-check-certificate/i.test(what)) return ['download'];
  if (/git/i.test(what)) return ['download'];
  if (/aws|s3|ssl_verify|dvc/i.test(what)) return ['data-read', 'data-write', 'model-load', 'model-publish'];
  return ['package-install', 'download', 'data-read', 'data-write', 'model-load', 'model-publish', 'tracking'];
}

/** The flows by the files of their evidence and by their ends, built once; no flows are added while TLS is applied. */
class FlowLookup {
  readonly byFile: Map<string, Flow[]>;
  readonly byEnd: Map<string, Flow[]>;

  constructor(flows: Iterable<Flow>) {
    const all = [...flows];
    this.byFile = groupBy(all, (f) => new Set(f.evidence.map((l) => l.file)));
    this.byEnd = groupBy(all, (f) => new Set([f.source, f.target]));
  }

  /** Marks a flow unverified and records where; the flow is now also found by that file. */
  unverify(f: Flow, loc: TlsDisableFact['loc']): void {
    f.tlsVerified = false;
    const had = f.evidence.some((l) => l.file === loc.file);
    addLocs(f.evidence, [loc]);
    if (!had) {
      const list = this.byFile.get(loc.file);
      if (list) list.push(f);
      else this.byFile.set(loc.file, [f]);
    }
  }
}

function applyTlsDisable(ctx: InferenceContext, flows: FlowLookup, t: TlsDisableFact): void {
  let hit = (flows.byFile.get(t.loc.file) ?? []).filter((f) => f.evidence.some((l) => overlaps(l, t.loc)));
  if (!hit.length) {
    const owner = ctx.workloadElement(t.workloadId, t.loc);
    if (!owner) return;
    const kinds = tlsKinds(t.what);
    hit = (flows.byEnd.get(owner) ?? []).filter((f) => kinds.includes(f.kind));
  }
  for (const f of hit) flows.unverify(f, t.loc);
}

export const transport: Contributor = {
  id: 'transport',
  description: 'Flows whose TLS verification a setting, a command option or a store configuration switches off.',
  contribute(ctx) {
    const flows = new FlowLookup(ctx.b.flows.values());
    for (const t of ctx.facts.tlsDisables) applyTlsDisable(ctx, flows, t);
    for (const [store, loc] of ctx.storeTlsOff) for (const f of flows.byEnd.get(store) ?? []) flows.unverify(f, loc);
  },
};
