// Contributor: network and identity controls as evidence. Services, Ingresses and serving
// visibility decide whether a workload faces the internet or only the cluster; NetworkPolicies
// and Istio policies restrict who reaches it; a STRICT mTLS mesh encrypts and authenticates the
// flows between its workloads. Each control names the resource that is its evidence.

import type { MeshPolicyFact } from '../../facts/network';
import type { Loc } from '../../model';
import type { InferenceContext } from '../context';
import type { Element } from '../model';
import type { Contributor } from './contributor';

/** Istio's root namespace: a policy there without a selector applies to the whole mesh. */
const MESH_ROOT = 'istio-system';

interface Selectable {
  id: string;
  labels: Record<string, string>;
}

/** Workload elements by namespace, with their pod labels, built once. */
class LabelIndex {
  private readonly byNs = new Map<string, Selectable[]>();

  constructor(ctx: InferenceContext) {
    for (const w of ctx.facts.workloads) {
      const id = ctx.b.byWorkload.get(w.id);
      if (!id || !w.pod) continue;
      const ns = w.pod.namespace ?? '';
      const list = this.byNs.get(ns) ?? [];
      if (!list.some((x) => x.id === id)) list.push({ id, labels: w.pod.labels ?? {} });
      this.byNs.set(ns, list);
    }
  }

  /** Elements whose labels include the selector; an empty selector selects all only when `emptyIsAll`. */
  select(ns: string | undefined, selector: Record<string, string>, emptyIsAll: boolean): string[] {
    const keys = Object.keys(selector);
    if (!keys.length && !emptyIsAll) return [];
    return (this.byNs.get(ns ?? '') ?? []).filter((x) => keys.every((k) => x.labels[k] === selector[k])).map((x) => x.id);
  }

  all(): string[] {
    return [...this.byNs.values()].flat().map((x) => x.id);
  }
}

function markPrivate(ctx: InferenceContext, el: Element, exposed: Set<string>, text: string, loc: Loc): void {
  ctx.b.control(el, { kind: 'private-network', text, loc });
  if (!exposed.has(el.id) && el.properties.publicNetwork !== true) el.properties.publicNetwork = false;
}

function addIngresses(ctx: InferenceContext, idx: LabelIndex, exposed: Set<string>): void {
  const b = ctx.b;
  const requests = new Map<string, string[]>();
  for (const f of b.flows.values()) if (f.kind === 'inference-request') requests.set(f.target, [...(requests.get(f.target) ?? []), f.id]);
  for (const ing of ctx.facts.ingresses) {
    const targets = ing.services.flatMap((name) => {
      const svc = ctx.index.servicesNamed(name, ing.namespace).at(-1);
      return svc ? idx.select(svc.namespace, svc.selector, false) : [];
    });
    for (const id of new Set(targets)) {
      const el = b.elements.get(id)!;
      if (ing.sourceRanges) {
        markPrivate(ctx, el, exposed, `Ingress ${ing.name} admits only ${ing.sourceRanges.value.trim()}`, ing.sourceRanges.loc);
      } else {
        el.properties.publicNetwork = true;
        exposed.add(id);
      }
      if (ing.auth) {
        el.properties.authenticated = true;
        b.control(el, { kind: 'authenticated', text: `Ingress ${ing.name} authenticates requests (${ing.auth.value.trim()})`, loc: ing.auth.loc });
      }
      const tls = ing.tls;
      if (tls) for (const f of requests.get(id) ?? []) b.control(b.flows.get(f)!, { kind: 'tls', text: `Ingress ${ing.name} terminates TLS`, loc: tls });
    }
  }
}

function addServices(ctx: InferenceContext, idx: LabelIndex, exposed: Set<string>): void {
  const b = ctx.b;
  for (const svc of ctx.facts.k8sServices) {
    const at = svc.typeLoc ?? svc.loc;
    for (const id of idx.select(svc.namespace, svc.selector, false)) {
      const el = b.elements.get(id)!;
      if (/^(LoadBalancer|NodePort)$/.test(svc.type)) {
        if (svc.sourceRanges.length) {
          markPrivate(ctx, el, exposed, `Service ${svc.name} (${svc.type}) admits only ${svc.sourceRanges.map((r) => r.value).join(', ')}`, svc.sourceRanges[0].loc);
        } else {
          el.properties.publicNetwork = true;
          exposed.add(id);
          b.note('info', `Service ${svc.name} exposes ${el.name} outside the cluster (${svc.type}).`, at);
        }
      } else if (svc.type === 'ClusterIP' && !exposed.has(id)) {
        markPrivate(ctx, el, exposed, `Service ${svc.name} is ClusterIP: reachable only inside the cluster`, at);
      }
    }
  }
}

function addNetworkPolicies(ctx: InferenceContext, idx: LabelIndex, exposed: Set<string>): void {
  for (const np of ctx.facts.networkPolicies) {
    if (!np.ingress || np.allowsAnySource) continue;
    const text = np.ingressRules ? `NetworkPolicy ${np.name} admits only ${np.sources.join('; ')}` : `NetworkPolicy ${np.name} denies all ingress`;
    for (const id of idx.select(np.namespace, np.podSelector, true)) markPrivate(ctx, ctx.b.elements.get(id)!, exposed, text, np.loc);
  }
}

/** The elements a mesh policy applies to: its selector's workloads, its namespace's, or the mesh's. */
function meshTargets(idx: LabelIndex, p: MeshPolicyFact): string[] {
  if (p.selector) return idx.select(p.namespace, p.selector, false);
  if (p.namespace === MESH_ROOT) return idx.all();
  return idx.select(p.namespace, {}, true);
}

function addMesh(ctx: InferenceContext, idx: LabelIndex, exposed: Set<string>): void {
  const b = ctx.b;
  // Workload-level modes override namespace-level ones, which override the mesh-wide one.
  const rank = (p: MeshPolicyFact) => (p.selector ? 2 : p.namespace === MESH_ROOT ? 0 : 1);
  const strict = new Map<string, MeshPolicyFact>();
  for (const p of ctx.facts.meshPolicies.filter((x) => x.kind === 'PeerAuthentication').sort((x, y) => rank(x) - rank(y))) {
    for (const id of meshTargets(idx, p)) {
      if (p.mode === 'STRICT') strict.set(id, p);
      else if (p.mode === 'PERMISSIVE' || p.mode === 'DISABLE') strict.delete(id);
    }
  }
  if (strict.size) {
    for (const f of b.flows.values()) {
      const a = strict.get(f.source);
      if (!a || !strict.has(f.target)) continue;
      // The sidecars carry even a plain-HTTP request over mutual TLS.
      f.encrypted = true;
      b.control(f, { kind: 'tls', text: `mutual TLS in the mesh (PeerAuthentication ${a.name}, STRICT)`, loc: a.loc });
      b.control(f, { kind: 'authenticated', text: `both ends authenticate with mesh certificates (PeerAuthentication ${a.name}, STRICT)`, loc: a.loc });
    }
  }
  for (const p of ctx.facts.meshPolicies) {
    if (p.kind !== 'AuthorizationPolicy' || (p.action ?? 'ALLOW') !== 'ALLOW' || p.allowsAnySource) continue;
    const who = [...p.principals.map((x) => `principal ${x}`), ...p.namespaces.map((x) => `namespace ${x}`)];
    if (!who.length) continue;
    for (const id of meshTargets(idx, p)) {
      const el = b.elements.get(id)!;
      b.control(el, { kind: 'authenticated', text: `AuthorizationPolicy ${p.name} admits only ${who.join(', ')}`, loc: p.loc });
      if (el.properties.authenticated === undefined) el.properties.authenticated = true;
      markPrivate(ctx, el, exposed, `AuthorizationPolicy ${p.name} admits only ${who.join(', ')}`, p.loc);
    }
  }
}

export const exposure: Contributor = {
  id: 'exposure',
  description: 'Services, Ingresses, serving visibility, NetworkPolicies and Istio policies as evidence of exposure, encryption and authentication.',
  contribute(ctx) {
    const f = ctx.facts;
    if (!f.k8sServices.length && !f.ingresses.length && !f.networkPolicies.length && !f.meshPolicies.length && !f.visibilities.length) return;
    const idx = new LabelIndex(ctx);
    const exposed = new Set<string>();
    addIngresses(ctx, idx, exposed);
    addServices(ctx, idx, exposed);
    for (const v of f.visibilities) {
      if (v.visibility.value.trim() !== 'cluster-local') continue;
      for (const w of v.workloadIds) {
        const id = ctx.b.byWorkload.get(w);
        if (id) markPrivate(ctx, ctx.b.elements.get(id)!, exposed, `visibility ${v.visibility.value.trim()}: served only inside the cluster`, v.visibility.loc);
      }
    }
    addNetworkPolicies(ctx, idx, exposed);
    addMesh(ctx, idx, exposed);
  },
};
