// Accumulates boundaries, elements, flows and assets while the model is inferred: gives each part
// its stable id, merges parts that several facts describe, and derives controls and crossings.

import type { Loc, Problem, ProblemLevel } from '../model';
import { stableId } from './ids';
import type { Asset, AssetKind, Boundary, BoundaryKind, Control, Element, ElementKind, ElementProperties, ElementRole, Flow, FlowIntegrity, FlowKind, Join, Origin } from './model';

/** Properties where one "false" makes the merged element unsafe. */
const SAFETY_PROPS: (keyof ElementProperties)[] = ['authenticated', 'encrypted', 'signed'];

export interface ElementInit {
  kind: ElementKind;
  role: ElementRole;
  name: string;
  boundary?: string;
  properties?: ElementProperties;
  evidence?: Loc[];
  description?: string;
  origin?: Origin;
  workloads?: string[];
}

export interface FlowInit {
  kind: FlowKind;
  source: string;
  target: string;
  name?: string;
  protocol?: string;
  assets?: string[];
  encrypted?: boolean;
  tlsVerified?: boolean;
  publicNetwork?: boolean;
  executes?: boolean;
  bidirectional?: boolean;
  integrity?: FlowIntegrity;
  evidence?: Loc[];
  origin?: Origin;
  join?: Join;
}

export const FLOW_LABELS: Record<FlowKind, string> = {
  'image-pull': 'image pull',
  'image-push': 'image push',
  'package-install': 'package install',
  download: 'download',
  'data-read': 'data read',
  'data-write': 'data write',
  'artifact-handover': 'artifacts',
  'model-publish': 'model publish',
  'model-load': 'model load',
  'inference-request': 'inference request',
  'inference-response': 'inference response',
  'secret-mount': 'secrets',
  tracking: 'tracking',
  'host-access': 'host access',
  logging: 'logging',
};

/** The places already in a location list, kept for lists that addLocs grows (rebuilt when the list changed otherwise). */
const placesOf = new WeakMap<Loc[], { keys: Set<string>; length: number }>();

const placeKey = (l: Loc) => `${l.start}:${l.end}:${l.file}`;

/** Appends the locations `into` does not hold yet. Shared elements gather evidence from every file, so this keeps a set. */
export function addLocs(into: Loc[], more: readonly Loc[] | undefined): void {
  if (!more?.length) return;
  let seen = placesOf.get(into);
  if (!seen || seen.length !== into.length) {
    seen = { keys: new Set(into.map(placeKey)), length: into.length };
    placesOf.set(into, seen);
  }
  for (const l of more) {
    const k = placeKey(l);
    if (seen.keys.has(k)) continue;
    seen.keys.add(k);
    into.push(l);
  }
  seen.length = into.length;
}

/** Merges two optional booleans: for safety properties any false wins, for risk properties any true wins. */
function mergeFlag(a: boolean | undefined, b: boolean | undefined, safety: boolean): boolean | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return safety ? a && b : a || b;
}

export function mergeProperties(into: ElementProperties, more: ElementProperties | undefined): void {
  for (const [k, v] of Object.entries(more ?? {}) as [keyof ElementProperties, boolean | undefined][]) {
    const merged = mergeFlag(into[k], v, SAFETY_PROPS.includes(k));
    if (merged !== undefined) into[k] = merged;
  }
}

function mergeIntegrity(into: FlowIntegrity, more: FlowIntegrity): void {
  for (const k of ['pinned', 'digest', 'checksum', 'signatureVerified'] as (keyof FlowIntegrity)[]) {
    const merged = mergeFlag(into[k], more[k], true);
    if (merged !== undefined) into[k] = merged;
    else delete into[k];
  }
}

export class ModelBuilder {
  readonly boundaries = new Map<string, Boundary>();
  readonly elements = new Map<string, Element>();
  readonly flows = new Map<string, Flow>();
  readonly assets = new Map<string, Asset>();
  readonly notes: Problem[] = [];
  /** Workload id → element id. */
  readonly byWorkload = new Map<string, string>();

  boundary(kind: BoundaryKind, key: string, name: string, parent?: string, evidence?: Loc[], origin: Origin = 'inferred'): string {
    const id = stableId('tb', kind, key);
    const b = this.boundaries.get(id);
    if (b) {
      addLocs(b.evidence, evidence);
      if (!b.parent && parent && parent !== id) b.parent = parent;
    } else {
      this.boundaries.set(id, { id, name, kind, ...(parent ? { parent } : {}), evidence: [...(evidence ?? [])], origin });
    }
    return id;
  }

  /** Creates the element with this identity key, or merges into the one already there. */
  element(key: string, init: ElementInit): string {
    const id = stableId('el', key);
    const e = this.elements.get(id);
    if (e) {
      addLocs(e.evidence, init.evidence);
      mergeProperties(e.properties, init.properties);
      if (!e.boundary && init.boundary) e.boundary = init.boundary;
      for (const w of init.workloads ?? []) if (!e.workloads.includes(w)) e.workloads.push(w);
    } else {
      this.elements.set(id, {
        id,
        kind: init.kind,
        role: init.role,
        name: init.name,
        ...(init.description ? { description: init.description } : {}),
        ...(init.boundary ? { boundary: init.boundary } : {}),
        properties: { ...(init.properties ?? {}) },
        controls: [],
        assets: [],
        evidence: [...(init.evidence ?? [])],
        origin: init.origin ?? 'inferred',
        workloads: [...(init.workloads ?? [])],
      });
    }
    return id;
  }

  /** One flow per kind, source and target: later facts about the same movement merge into it. */
  flow(init: FlowInit): string {
    const id = stableId('fl', init.kind, init.source, init.target);
    const f = this.flows.get(id);
    const integrity = init.integrity ?? {};
    if (f) {
      addLocs(f.evidence, init.evidence);
      for (const a of init.assets ?? []) if (!f.assets.includes(a)) f.assets.push(a);
      f.encrypted = mergeFlag(f.encrypted, init.encrypted, true);
      f.tlsVerified = mergeFlag(f.tlsVerified, init.tlsVerified, true);
      f.publicNetwork = mergeFlag(f.publicNetwork, init.publicNetwork, false);
      f.executes = mergeFlag(f.executes, init.executes, false);
      mergeIntegrity(f.integrity, integrity);
      if (!f.protocol && init.protocol) f.protocol = init.protocol;
      if (init.join && !f.join) f.join = init.join;
      if (init.bidirectional) f.bidirectional = true;
      if (init.origin === 'inferred') f.origin = 'inferred';
    } else {
      const flow: Flow = {
        id,
        source: init.source,
        target: init.target,
        kind: init.kind,
        name: init.name ?? FLOW_LABELS[init.kind],
        assets: [...(init.assets ?? [])],
        integrity: { ...integrity },
        controls: [],
        crosses: [],
        evidence: [...(init.evidence ?? [])],
        origin: init.origin ?? 'inferred',
      };
      if (init.protocol) flow.protocol = init.protocol;
      if (init.encrypted !== undefined) flow.encrypted = init.encrypted;
      if (init.tlsVerified !== undefined) flow.tlsVerified = init.tlsVerified;
      if (init.publicNetwork !== undefined) flow.publicNetwork = init.publicNetwork;
      if (init.executes) flow.executes = true;
      if (init.bidirectional) flow.bidirectional = true;
      if (init.join) flow.join = init.join;
      this.flows.set(id, flow);
    }
    return id;
  }

  asset(kind: AssetKind, key: string, name: string, init: Partial<Omit<Asset, 'id' | 'kind' | 'name'>> = {}): string {
    const id = stableId('as', kind, key);
    const a = this.assets.get(id);
    if (a) {
      addLocs(a.evidence, init.evidence);
      Object.assign(a.hashes, init.hashes ?? {});
      if (!a.format && init.format) a.format = init.format;
      if (!a.uri && init.uri) a.uri = init.uri;
    } else {
      this.assets.set(id, {
        id,
        kind,
        name,
        ...(init.uri ? { uri: init.uri } : {}),
        hashes: { ...(init.hashes ?? {}) },
        ...(init.format ? { format: init.format } : {}),
        ...(init.classification ? { classification: init.classification } : {}),
        evidence: [...(init.evidence ?? [])],
      });
    }
    return id;
  }

  /** Asset ids each element holds, kept beside its list (rebuilt when the list changed otherwise): a store may hold thousands. */
  private readonly held = new WeakMap<string[], Set<string>>();

  hold(elementId: string, assetId: string): void {
    const e = this.elements.get(elementId);
    if (!e) return;
    let set = this.held.get(e.assets);
    if (!set || set.size !== e.assets.length) {
      set = new Set(e.assets);
      this.held.set(e.assets, set);
    }
    if (set.has(assetId)) return;
    set.add(assetId);
    e.assets.push(assetId);
  }

  control(target: Element | Flow, c: Omit<Control, 'origin'> & { origin?: Origin }): void {
    if (target.controls.some((x) => x.kind === c.kind)) return;
    target.controls.push({ origin: 'inferred', ...c });
  }

  private readonly noted = new Set<string>();

  note(level: ProblemLevel, message: string, loc?: Loc): void {
    if (this.noted.has(message)) return;
    this.noted.add(message);
    this.notes.push({ level, message, ...(loc ? { loc } : {}) });
  }

  /** Boundary ids enclosing an element, innermost first. */
  ancestry(elementId: string): string[] {
    const out: string[] = [];
    let b = this.elements.get(elementId)?.boundary;
    while (b && !out.includes(b)) {
      out.push(b);
      b = this.boundaries.get(b)?.parent;
    }
    return out;
  }

  /**
   * Puts every evidence list in file order, so what is derived from "the first location" does
   * not depend on the order facts arrived in.
   */
  sortEvidence(): void {
    const byLoc = (a: Loc, b: Loc) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.start - b.start || a.end - b.end);
    for (const x of [...this.boundaries.values(), ...this.elements.values(), ...this.flows.values(), ...this.assets.values()]) x.evidence.sort(byLoc);
  }

  /** Derives crossings and the controls that follow from flow fields. */
  finalizeFlows(): void {
    this.sortEvidence();
    for (const f of this.flows.values()) {
      const a = this.ancestry(f.source);
      const b = this.ancestry(f.target);
      f.crosses = [...a.filter((x) => !b.includes(x)), ...b.filter((x) => !a.includes(x))];
      const loc = f.evidence[0];
      const at = loc ? { loc } : {};
      if (f.integrity.digest) this.control(f, { kind: 'digest-pinned', text: 'every image is pinned by digest', ...at });
      if (f.integrity.pinned && f.kind === 'package-install') this.control(f, { kind: 'version-pinned', text: 'every package is pinned to an exact version', ...at });
      if (f.integrity.checksum) {
        if (f.kind === 'package-install') this.control(f, { kind: 'hashes-required', text: 'installs run in hash-checking mode (--require-hashes)', ...at });
        else if (f.kind === 'download') this.control(f, { kind: 'checksum-verified', text: 'the download is checked against a checksum', ...at });
        else this.control(f, { kind: 'hashes-recorded', text: 'content hashes are recorded for what moves (and checked on use)', ...at });
      }
      if (f.integrity.signatureVerified) this.control(f, { kind: 'signature-verified', text: 'the artifact signature verifies', ...at });
      if (f.encrypted === true && f.tlsVerified !== false) this.control(f, { kind: 'tls', text: `encrypted in transit (${f.protocol ?? 'TLS'})`, ...at });
      const src = this.elements.get(f.source);
      const srcBoundary = src?.boundary ? this.boundaries.get(src.boundary) : undefined;
      if (srcBoundary?.kind === 'organisation-registry') {
        this.control(f, { kind: 'organisation-source', text: `served from the organisation's own ${srcBoundary.name}`, ...at });
      }
    }
  }
}
