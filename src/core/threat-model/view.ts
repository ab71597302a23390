// Read-only lookups over an inferred model, shared by the threat templates and the exports.

import type { Asset, Boundary, BoundaryKind, Control, Element, Flow } from './model';
import { SAFE_SERIALIZATIONS } from './classify';

export type Target = Element | Flow;

export function isFlow(t: Target): t is Flow {
  return 'source' in t && 'target' in t;
}

const TRAINING_ROLES = new Set(['training-job', 'pipeline-step', 'dvc-stage', 'notebook']);

export class ModelView {
  readonly elements = new Map<string, Element>();
  readonly flows = new Map<string, Flow>();
  readonly boundaries = new Map<string, Boundary>();
  readonly assets = new Map<string, Asset>();
  private readonly inbound = new Map<string, Flow[]>();
  private readonly outbound = new Map<string, Flow[]>();

  constructor(parts: { elements: Iterable<Element>; flows: Iterable<Flow>; boundaries: Iterable<Boundary>; assets: Iterable<Asset> }) {
    for (const e of parts.elements) this.elements.set(e.id, e);
    for (const b of parts.boundaries) this.boundaries.set(b.id, b);
    for (const a of parts.assets) this.assets.set(a.id, a);
    for (const f of parts.flows) {
      this.flows.set(f.id, f);
      (this.inbound.get(f.target) ?? this.inbound.set(f.target, []).get(f.target)!).push(f);
      (this.outbound.get(f.source) ?? this.outbound.set(f.source, []).get(f.source)!).push(f);
    }
  }

  into(id: string): Flow[] {
    return this.inbound.get(id) ?? [];
  }

  outOf(id: string): Flow[] {
    return this.outbound.get(id) ?? [];
  }

  /** Boundary kinds enclosing an element, innermost first. */
  zoneKinds(elementId: string): BoundaryKind[] {
    const out: BoundaryKind[] = [];
    const seen = new Set<string>();
    let b = this.elements.get(elementId)?.boundary;
    while (b && !seen.has(b)) {
      seen.add(b);
      const bd = this.boundaries.get(b);
      if (!bd) break;
      out.push(bd.kind);
      b = bd.parent;
    }
    return out;
  }

  /** Runs in a container on a cluster or container host (where pod security settings apply). */
  containerised(e: Element): boolean {
    // Processes only referenced (a tracking server by its URL) have no pod definition to judge.
    if (e.kind !== 'process' || !e.workloads.length || e.role === 'image-build' || e.role === 'environment-setup' || e.role === 'dvc-stage') return false;
    const zones = this.zoneKinds(e.id);
    return zones.includes('cluster') || zones.includes('node-host');
  }

  isTraining(e: Element | undefined): boolean {
    return !!e && e.kind === 'process' && TRAINING_ROLES.has(e.role);
  }

  assetsOf(t: Target): Asset[] {
    return t.assets.map((a) => this.assets.get(a)).filter((a): a is Asset => !!a);
  }

  carries(t: Target, kind: Asset['kind']): boolean {
    return this.assetsOf(t).some((a) => a.kind === kind);
  }

  /** Personal data: marked on the element, on an asset it holds or carries, or on either end of a flow. */
  isPersonal(t: Target): boolean {
    if (this.assetsOf(t).some((a) => a.classification === 'personal')) return true;
    if (isFlow(t)) {
      const s = this.elements.get(t.source);
      const d = this.elements.get(t.target);
      return !!(s?.properties.personalData || d?.properties.personalData);
    }
    if (t.properties.personalData) return true;
    // An outside party that exchanges personal data with the pipeline (the users of a service
    // that handles it) is a data subject or acts for one.
    if (t.kind === 'external-entity') {
      return [...this.into(t.id), ...this.outOf(t.id)].some((f) => {
        const other = this.elements.get(f.source === t.id ? f.target : f.source);
        return !!other?.properties.personalData || this.assetsOf(f).some((a) => a.classification === 'personal');
      });
    }
    return false;
  }

  /** A readable name for a target, for titles. */
  label(t: Target): string {
    if (!isFlow(t)) return t.name;
    const s = this.elements.get(t.source)?.name ?? t.source;
    const d = this.elements.get(t.target)?.name ?? t.target;
    return `${t.name} ${s} → ${d}`;
  }

  /**
   * Controls of a target, including those that follow from its neighbours: a store whose every
   * read checks hashes, an outside party reached only over verified TLS, a flow whose models are
   * all in formats that do not run code on load.
   */
  controlsOf(t: Target): Control[] {
    const out = [...t.controls];
    const add = (c: Control) => {
      if (!out.some((x) => x.kind === c.kind)) out.push(c);
    };
    if (isFlow(t)) {
      const models = this.assetsOf(t).filter((a) => a.kind === 'model');
      if (models.length && models.every((m) => m.format && SAFE_SERIALIZATIONS.has(m.format))) {
        add({
          kind: 'safe-serialization',
          text: `models in ${[...new Set(models.map((m) => m.format))].join(', ')} format do not run code on load`,
          origin: 'inferred',
          ...(models[0].evidence[0] ? { loc: models[0].evidence[0] } : {}),
        });
      }
      return out;
    }
    const outFlows = this.outOf(t.id);
    const inFlows = this.into(t.id);
    if (t.kind === 'store') {
      const reads = outFlows.filter((f) => f.kind === 'data-read' || f.kind === 'model-load' || f.kind === 'artifact-handover');
      if (reads.length && reads.every((f) => f.integrity.checksum)) {
        add({ kind: 'hashes-recorded', text: 'every read of it checks recorded content hashes', origin: 'inferred', ...(reads[0].evidence[0] ? { loc: reads[0].evidence[0] } : {}) });
      }
      const all = [...outFlows, ...inFlows];
      if (all.length && all.every((f) => f.controls.some((c) => c.kind === 'tls'))) add({ kind: 'tls', text: 'every flow to and from it is encrypted', origin: 'inferred' });
      if (t.properties.encrypted) add({ kind: 'encrypted-at-rest', text: 'encrypted at rest', origin: 'inferred' });
      if (t.properties.signed) add({ kind: 'signature-verified', text: 'its contents are signed', origin: 'inferred' });
    }
    if (t.kind === 'external-entity') {
      if (outFlows.length && outFlows.every((f) => f.controls.some((c) => c.kind === 'tls')))
        add({ kind: 'tls', text: 'reached only over verified TLS', origin: 'inferred', ...(outFlows[0].evidence[0] ? { loc: outFlows[0].evidence[0] } : {}) });
      const served = outFlows.map((f) => this.elements.get(f.target)).filter((e): e is Element => !!e);
      if (served.length && served.every((e) => e.controls.some((c) => c.kind === 'authenticated') || e.properties.authenticated)) {
        add({ kind: 'authenticated', text: 'every service it calls authenticates it', origin: 'inferred' });
      }
    }
    if (t.kind === 'process') {
      const lineage = [...inFlows, ...outFlows].filter(
        (f) => f.kind === 'artifact-handover' || f.kind === 'data-read' || f.kind === 'data-write' || f.kind === 'model-publish' || f.kind === 'model-load',
      );
      if (lineage.length && lineage.every((f) => f.integrity.checksum))
        add({ kind: 'hashes-recorded', text: 'its inputs and outputs have recorded hashes', origin: 'inferred', ...(lineage[0].evidence[0] ? { loc: lineage[0].evidence[0] } : {}) });
      if (t.properties.authenticated) add({ kind: 'authenticated', text: 'requires authentication', origin: 'inferred' });
    }
    return out;
  }
}
