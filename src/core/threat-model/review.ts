// Review as code: the `threat-model` section of `.mlsec.yaml`, where a reviewer adds what the files
// cannot show (a feature store, a stream, users), marks personal data, corrects properties and
// records decisions on threats by their stable ids.

import { parseDocument, type Document } from 'yaml';
import type { Loc } from '../model';
import { addLocs } from './builder';
import type { InferenceContext } from './context';
import type { ImageBuildHint } from './joins';
import {
  ASSET_KINDS,
  BOUNDARY_KINDS,
  DECISION_STATUSES,
  ELEMENT_KINDS,
  EXTERNAL_ROLES,
  FLOW_KINDS,
  PROCESS_ROLES,
  STORE_ROLES,
  type AssetKind,
  type BoundaryKind,
  type ElementKind,
  type ElementProperties,
  type ElementRole,
  type FlowKind,
  type ThreatDecision,
} from './model';
import { yamlDepthExceeded } from '../formats/yaml/depth';

export interface ReviewBoundary {
  id: string;
  name: string;
  kind: BoundaryKind;
  parent?: string;
}

export interface ReviewElement {
  id: string;
  name: string;
  kind: ElementKind;
  role?: ElementRole;
  boundary?: string;
  description?: string;
  personal?: boolean;
  properties?: ElementProperties;
}

export interface ReviewAsset {
  name: string;
  kind: AssetKind;
  personal?: boolean;
}

export interface ReviewFlow {
  from: string;
  to: string;
  kind: FlowKind;
  name?: string;
  protocol?: string;
  encrypted?: boolean;
  personal?: boolean;
  assets?: ReviewAsset[];
}

export interface ReviewConfig {
  title?: string;
  boundaries: ReviewBoundary[];
  elements: ReviewElement[];
  flows: ReviewFlow[];
  personal: string[];
  properties: Record<string, ElementProperties>;
  outOfScope: Record<string, string>;
  decisions: Record<string, ThreatDecision>;
  images: Record<string, string>;
}

export function emptyReview(): ReviewConfig {
  return { boundaries: [], elements: [], flows: [], personal: [], properties: {}, outOfScope: {}, decisions: {}, images: {} };
}

const PROPERTY_KEYS: (keyof ElementProperties)[] = ['authenticated', 'publicNetwork', 'encrypted', 'signed', 'storesCredentials', 'privileged', 'runsAsRoot', 'personalData', 'hostAccess'];
const ROLES = new Set<string>([...PROCESS_ROLES, ...STORE_ROLES, ...EXTERNAL_ROLES, 'other']);

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);

function properties(v: unknown): ElementProperties | undefined {
  if (!isObj(v)) return undefined;
  const out: ElementProperties = {};
  for (const k of PROPERTY_KEYS) if (typeof v[k] === 'boolean') out[k] = v[k] as boolean;
  return out;
}

/**
 * Reads the section defensively: `.mlsec.yaml` is validated against the schema when loaded, but
 * editor settings can carry the same section, so anything malformed is skipped with a note.
 */
export function parseReview(raw: unknown, note: (message: string) => void): ReviewConfig {
  const r = emptyReview();
  if (raw === undefined || raw === null) return r;
  if (!isObj(raw)) {
    note('The threat-model section of the configuration is not a mapping; it is ignored.');
    return r;
  }
  if (str(raw.title)) r.title = str(raw.title);
  for (const b of Array.isArray(raw.boundaries) ? raw.boundaries : []) {
    if (isObj(b) && str(b.id) && str(b.name) && BOUNDARY_KINDS.includes(b.kind as BoundaryKind)) {
      r.boundaries.push({ id: b.id as string, name: b.name as string, kind: b.kind as BoundaryKind, ...(str(b.parent) ? { parent: b.parent as string } : {}) });
    } else note('A threat-model boundary needs an id, a name and a known kind; one entry is ignored.');
  }
  for (const e of Array.isArray(raw.elements) ? raw.elements : []) {
    if (isObj(e) && str(e.id) && str(e.name) && ELEMENT_KINDS.includes(e.kind as ElementKind)) {
      const props = properties(e.properties);
      r.elements.push({
        id: e.id as string,
        name: e.name as string,
        kind: e.kind as ElementKind,
        ...(ROLES.has(e.role as string) ? { role: e.role as ElementRole } : {}),
        ...(str(e.boundary) ? { boundary: e.boundary as string } : {}),
        ...(str(e.description) ? { description: e.description as string } : {}),
        ...(e.personal === true ? { personal: true } : {}),
        ...(props ? { properties: props } : {}),
      });
    } else note('A threat-model element needs an id, a name and a kind (process, store or external-entity); one entry is ignored.');
  }
  for (const f of Array.isArray(raw.flows) ? raw.flows : []) {
    if (isObj(f) && str(f.from) && str(f.to) && FLOW_KINDS.includes(f.kind as FlowKind)) {
      const assets = (Array.isArray(f.assets) ? f.assets : [])
        .filter((a): a is Record<string, unknown> => isObj(a) && !!str(a.name) && ASSET_KINDS.includes(a.kind as AssetKind))
        .map((a) => ({ name: a.name as string, kind: a.kind as AssetKind, ...(a.personal === true ? { personal: true } : {}) }));
      r.flows.push({
        from: f.from as string,
        to: f.to as string,
        kind: f.kind as FlowKind,
        ...(str(f.name) ? { name: f.name as string } : {}),
        ...(str(f.protocol) ? { protocol: f.protocol as string } : {}),
        ...(typeof f.encrypted === 'boolean' ? { encrypted: f.encrypted } : {}),
        ...(f.personal === true ? { personal: true } : {}),
        ...(assets.length ? { assets } : {}),
      });
    } else note('A threat-model flow needs from, to and a known kind; one entry is ignored.');
  }
  if (Array.isArray(raw.personal)) r.personal = raw.personal.filter((p): p is string => !!str(p));
  if (isObj(raw.properties))
    for (const [k, v] of Object.entries(raw.properties)) {
      const p = properties(v);
      if (p) r.properties[k] = p;
    }
  if (isObj(raw.outOfScope)) for (const [k, v] of Object.entries(raw.outOfScope)) if (str(v)) r.outOfScope[k] = v as string;
  if (isObj(raw.images)) for (const [k, v] of Object.entries(raw.images)) if (str(v)) r.images[k] = v as string;
  if (isObj(raw.decisions)) {
    for (const [id, d] of Object.entries(raw.decisions)) {
      if (isObj(d) && DECISION_STATUSES.includes(d.status as ThreatDecision['status']) && str(d.reason)) {
        r.decisions[id] = {
          status: d.status as ThreatDecision['status'],
          reason: d.reason as string,
          ...(str(d.by) ? { by: d.by as string } : {}),
          ...(str(d.date) ? { date: d.date as string } : {}),
        };
      } else note(`The decision on ${id} needs a status (accepted, mitigated, not-applicable or transferred) and a reason; it is ignored.`);
    }
  }
  return r;
}

/** Finds where entries of the section are written, so review-added parts link back to the config file. */
export class ReviewLocator {
  private readonly doc: Document | undefined;

  constructor(
    readonly path: string,
    text: string,
  ) {
    try {
      this.doc = yamlDepthExceeded(text) === undefined ? parseDocument(text, { prettyErrors: false }) : undefined;
    } catch {
      this.doc = undefined;
    }
  }

  at(...keys: (string | number)[]): Loc {
    const node = this.doc?.getIn(['threat-model', ...keys], true) as { range?: [number, number, number] } | undefined;
    const r = node?.range;
    if (r) return { file: this.path, start: r[0], end: r[1] };
    const section = this.doc?.get('threat-model', true) as { range?: [number, number, number] } | undefined;
    return { file: this.path, start: section?.range?.[0] ?? 0, end: section?.range?.[1] ?? 0 };
  }
}

/** Image-to-Dockerfile mappings the reviewer wrote, as build hints. */
export function reviewImageHints(review: ReviewConfig, locate?: ReviewLocator): ImageBuildHint[] {
  return Object.entries(review.images).map(([image, dockerfile]) => ({
    image,
    dockerfile: dockerfile.replace(/^\.\//, ''),
    loc: locate?.at('images', image) ?? { file: '.mlsec.yaml', start: 0, end: 0 },
    source: 'review' as const,
  }));
}

type Locate = (...keys: (string | number)[]) => Loc[];

/** The reviewer's boundaries, nested under their parents; returns a resolver of boundary references. */
function reviewBoundaries(inf: InferenceContext, review: ReviewConfig, loc: Locate): (ref: string) => string | undefined {
  const b = inf.b;
  const boundaryIds = new Map<string, string>();
  review.boundaries.forEach((rb, i) => boundaryIds.set(rb.id, b.boundary(rb.kind, `review|${rb.id}`, rb.name, undefined, loc('boundaries', i), 'review')));
  const resolveBoundary = (ref: string): string | undefined => {
    if (boundaryIds.has(ref)) return boundaryIds.get(ref);
    if (b.boundaries.has(ref)) return ref;
    const byName = [...b.boundaries.values()].filter((x) => x.name === ref || x.kind === ref);
    return byName.length === 1 ? byName[0].id : undefined;
  };
  review.boundaries.forEach((rb) => {
    if (!rb.parent) return;
    const parent = resolveBoundary(rb.parent);
    const self = b.boundaries.get(boundaryIds.get(rb.id)!)!;
    if (parent && parent !== self.id) self.parent = parent;
    else b.note('warning', `The parent "${rb.parent}" of the reviewed boundary "${rb.id}" is not in the model.`);
  });
  return resolveBoundary;
}

/** The reviewer's elements; returns a resolver of element references (review id, element id or unique name). */
function reviewElements(inf: InferenceContext, review: ReviewConfig, loc: Locate, resolveBoundary: (ref: string) => string | undefined): (ref: string) => string | undefined {
  const b = inf.b;
  const elementIds = new Map<string, string>();
  review.elements.forEach((re, i) => {
    const boundary = re.boundary ? resolveBoundary(re.boundary) : undefined;
    if (re.boundary && !boundary) b.note('warning', `The boundary "${re.boundary}" of the reviewed element "${re.id}" is not in the model.`);
    const id = b.element(`review|${re.id}`, {
      kind: re.kind,
      role: re.role ?? 'other',
      name: re.name,
      ...(re.description ? { description: re.description } : {}),
      ...(boundary ? { boundary } : {}),
      properties: { ...(re.properties ?? {}), ...(re.personal ? { personalData: true } : {}) },
      evidence: loc('elements', i),
      origin: 'review',
    });
    elementIds.set(re.id, id);
    reviewControls(inf, id, re.properties ?? {}, loc('elements', i)[0]);
  });
  return (ref: string): string | undefined => {
    if (elementIds.has(ref)) return elementIds.get(ref);
    if (b.elements.has(ref)) return ref;
    const byName = [...b.elements.values()].filter((e) => e.name === ref);
    return byName.length === 1 ? byName[0].id : undefined;
  };
}

function reviewFlows(inf: InferenceContext, review: ReviewConfig, loc: Locate, resolveElement: (ref: string) => string | undefined): void {
  const b = inf.b;
  review.flows.forEach((rf, i) => {
    const source = resolveElement(rf.from);
    const target = resolveElement(rf.to);
    if (!source || !target) {
      b.note('warning', `The reviewed flow from "${rf.from}" to "${rf.to}" names an element that is not in the model.`, loc('flows', i)[0]);
      return;
    }
    const assets = (rf.assets ?? []).map((a) =>
      b.asset(a.kind, `review|${a.name}`, a.name, { evidence: loc('flows', i), ...(a.personal || rf.personal ? { classification: 'personal' as const } : {}) }),
    );
    if (rf.personal && !assets.length)
      assets.push(b.asset('dataset', `review|${rf.name ?? `${rf.from}->${rf.to}`}`, rf.name ?? `data from ${rf.from}`, { classification: 'personal', evidence: loc('flows', i) }));
    b.flow({
      kind: rf.kind,
      source,
      target,
      ...(rf.name ? { name: rf.name } : {}),
      ...(rf.protocol ? { protocol: rf.protocol } : {}),
      ...(rf.encrypted !== undefined ? { encrypted: rf.encrypted } : {}),
      assets,
      evidence: loc('flows', i),
      origin: 'review',
    });
  });
}

function reviewPersonal(inf: InferenceContext, review: ReviewConfig, loc: Locate, resolveElement: (ref: string) => string | undefined): void {
  const b = inf.b;
  for (const ref of review.personal) {
    const el = resolveElement(ref);
    if (el) {
      b.elements.get(el)!.properties.personalData = true;
      continue;
    }
    const flow = b.flows.get(ref);
    if (flow) {
      if (!flow.assets.length) flow.assets.push(b.asset('dataset', `review|personal|${flow.id}`, `data on ${flow.name}`, { evidence: loc('personal') }));
      for (const a of flow.assets) b.assets.get(a)!.classification = 'personal';
      continue;
    }
    const assets = [...b.assets.values()].filter((a) => a.id === ref || a.name === ref || a.uri === ref);
    if (assets.length) for (const a of assets) a.classification = 'personal';
    else b.note('warning', `"${ref}" in threat-model.personal is not an element, flow or asset of the model.`, loc('personal')[0]);
  }
}

/** Applies the review section to an inferred model: additions, personal data, properties, scope. */
export function applyReview(inf: InferenceContext, review: ReviewConfig, locate?: ReviewLocator): void {
  const b = inf.b;
  const loc: Locate = (...keys) => (locate ? [locate.at(...keys)] : []);
  const resolveBoundary = reviewBoundaries(inf, review, loc);
  const resolveElement = reviewElements(inf, review, loc, resolveBoundary);
  reviewFlows(inf, review, loc, resolveElement);
  reviewPersonal(inf, review, loc, resolveElement);
  for (const [ref, props] of Object.entries(review.properties)) {
    const el = resolveElement(ref);
    if (!el) {
      b.note('warning', `"${ref}" in threat-model.properties is not an element of the model.`, loc('properties')[0]);
      continue;
    }
    // The reviewer's word replaces what was inferred, in either direction.
    Object.assign(b.elements.get(el)!.properties, props);
    reviewControls(inf, el, props, loc('properties', ref)[0]);
  }
  for (const [ref, reason] of Object.entries(review.outOfScope)) {
    const el = resolveElement(ref);
    if (el) b.elements.get(el)!.outOfScope = reason;
    else b.note('warning', `"${ref}" in threat-model.outOfScope is not an element of the model.`, loc('outOfScope')[0]);
  }
}

/** Controls a reviewer asserts through properties. */
function reviewControls(inf: InferenceContext, elementId: string, props: ElementProperties, at: Loc | undefined): void {
  const el = inf.b.elements.get(elementId);
  if (!el) return;
  const where = at ? { loc: at } : {};
  if (props.authenticated) inf.b.control(el, { kind: 'authenticated', text: 'authentication confirmed by the reviewer', origin: 'review', ...where });
  if (props.encrypted) inf.b.control(el, { kind: 'encrypted-at-rest', text: 'encryption confirmed by the reviewer', origin: 'review', ...where });
  if (props.signed) inf.b.control(el, { kind: 'signature-verified', text: 'signing confirmed by the reviewer', origin: 'review', ...where });
  if (props.publicNetwork === false) inf.b.control(el, { kind: 'private-network', text: 'private network confirmed by the reviewer', origin: 'review', ...where });
  if (props.runsAsRoot === false) inf.b.control(el, { kind: 'non-root', text: 'non-root confirmed by the reviewer', origin: 'review', ...where });
  if (at) addLocs(el.evidence, [at]);
}
