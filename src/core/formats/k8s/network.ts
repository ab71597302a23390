// Reads the network and identity controls of a cluster: Services (type, selector, source
// ranges), Ingresses (backends, TLS, allow-list and authentication annotations), OpenShift Routes
// and Istio VirtualServices bound to a gateway (as routes from outside), NetworkPolicies, and Istio
// PeerAuthentication, RequestAuthentication and AuthorizationPolicy resources.

import type { Node } from 'yaml';
import type { Str } from '../../facts/model';
import type { YamlDoc } from '../yaml/nodes';
import { recordResource, resourceMeta, stringMap, type ResourceCtx } from './resources';

const SOURCE_RANGE_ANNOTATIONS = ['nginx.ingress.kubernetes.io/whitelist-source-range', 'nginx.ingress.kubernetes.io/allowlist-source-range', 'traefik.ingress.kubernetes.io/whitelist-source-range'];
const AUTH_ANNOTATIONS = [
  'nginx.ingress.kubernetes.io/auth-url',
  'nginx.ingress.kubernetes.io/auth-type',
  'nginx.ingress.kubernetes.io/auth-signin',
  'alb.ingress.kubernetes.io/auth-type',
  'traefik.ingress.kubernetes.io/router.middlewares',
];

function annotation(y: YamlDoc, node: Node, keys: string[]): Str | undefined {
  const annotations = y.path(node, 'metadata', 'annotations');
  for (const k of keys) {
    const v = y.str(y.get(annotations, k));
    if (v?.value.trim()) return v;
  }
  return undefined;
}

function readService(rc: ResourceCtx): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const type = y.str(y.get(spec, 'type'));
  rc.b.facts.k8sServices.push({
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    type: type?.value ?? 'ClusterIP',
    ...(type ? { typeLoc: type.loc } : {}),
    selector: stringMap(y, y.get(spec, 'selector')),
    ports: y
      .items(y.get(spec, 'ports'))
      .map((p) => y.int(y.get(p, 'port'))?.value)
      .filter((p): p is number => p !== undefined),
    sourceRanges: y
      .items(y.get(spec, 'loadBalancerSourceRanges'))
      .map((r) => y.str(r))
      .filter((r): r is Str => !!r),
    loc: y.nodeLoc(rc.node) ?? m.anchor,
  });
}

function readIngress(rc: ResourceCtx): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const services = new Set<string>();
  const backendName = (b: Node | undefined) => y.string(y.path(b, 'service', 'name')) ?? y.string(y.get(b, 'serviceName'));
  const fallback = backendName(y.get(spec, 'defaultBackend') ?? y.get(spec, 'backend'));
  if (fallback) services.add(fallback);
  const hosts: string[] = [];
  for (const rule of y.items(y.get(spec, 'rules'))) {
    const host = y.string(y.get(rule, 'host'));
    if (host) hosts.push(host);
    for (const p of y.items(y.path(rule, 'http', 'paths'))) {
      const name = backendName(y.get(p, 'backend'));
      if (name) services.add(name);
    }
  }
  const tls = y.items(y.get(spec, 'tls')).length ? y.nodeLoc(y.get(spec, 'tls')) : undefined;
  const sourceRanges = annotation(y, rc.node, SOURCE_RANGE_ANNOTATIONS);
  const auth = annotation(y, rc.node, AUTH_ANNOTATIONS);
  rc.b.facts.ingresses.push({
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    services: [...services],
    hosts,
    ...(tls ? { tls } : {}),
    ...(sourceRanges ? { sourceRanges } : {}),
    ...(auth ? { auth } : {}),
    loc: y.nodeLoc(rc.node) ?? m.anchor,
    anchor: m.anchor,
  });
}

/** An OpenShift Route: the router publishes its Service (and alternate backends) on the route's host. */
function readRoute(rc: ResourceCtx): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const services = [y.get(spec, 'to'), ...y.items(y.get(spec, 'alternateBackends'))]
    .filter((t) => (y.string(y.get(t, 'kind')) ?? 'Service') === 'Service')
    .map((t) => y.string(y.get(t, 'name')))
    .filter((n): n is string => !!n);
  const host = y.string(y.get(spec, 'host'));
  const tls = y.get(spec, 'tls') ? y.nodeLoc(y.get(spec, 'tls')) : undefined;
  const auth = annotation(y, rc.node, AUTH_ANNOTATIONS);
  rc.b.facts.ingresses.push({
    kind: 'Route',
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    services: [...new Set(services)],
    hosts: host ? [host] : [],
    ...(tls ? { tls } : {}),
    ...(auth ? { auth } : {}),
    loc: y.nodeLoc(rc.node) ?? m.anchor,
    anchor: m.anchor,
  });
}

/**
 * An Istio VirtualService bound to a gateway other than the sidecars' `mesh`: its HTTP, TLS and TCP
 * routes reach their destination Services from wherever the gateway listens. One bound only to
 * `mesh` (or to no gateway) routes traffic inside the mesh and is not a route from outside.
 */
function readVirtualService(rc: ResourceCtx): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const gateways = y.strings(y.get(spec, 'gateways')).filter((g) => g !== 'mesh');
  if (!gateways.length) return;
  const services = new Set<string>();
  for (const section of ['http', 'tls', 'tcp']) {
    for (const r of y.items(y.get(spec, section))) {
      for (const d of y.items(y.get(r, 'route'))) {
        const host = y.string(y.path(d, 'destination', 'host'));
        if (host) services.add(host.split('.')[0]);
      }
    }
  }
  rc.b.facts.ingresses.push({
    kind: 'VirtualService',
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    services: [...services],
    hosts: y.strings(y.get(spec, 'hosts')),
    loc: y.nodeLoc(rc.node) ?? m.anchor,
    anchor: m.anchor,
  });
}

/** What a NetworkPolicy peer admits, as a reviewer would say it, and whether it admits anyone. */
function peer(y: YamlDoc, p: Node): { text: string; any: boolean } {
  const cidr = y.string(y.path(p, 'ipBlock', 'cidr'));
  if (cidr) return { text: `addresses ${cidr}`, any: cidr === '0.0.0.0/0' || cidr === '::/0' };
  const ns = stringMap(y, y.path(p, 'namespaceSelector', 'matchLabels'));
  const pods = stringMap(y, y.path(p, 'podSelector', 'matchLabels'));
  const label = (o: Record<string, string>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  const parts = [Object.keys(ns).length ? `namespaces ${label(ns)}` : y.get(p, 'namespaceSelector') ? 'every namespace' : '', Object.keys(pods).length ? `pods ${label(pods)}` : ''].filter(Boolean);
  return { text: parts.join(' and ') || 'pods of the namespace', any: false };
}

function readNetworkPolicy(rc: ResourceCtx): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const types = y.items(y.get(spec, 'policyTypes')).map((t) => y.string(t));
  const rules = y.items(y.get(spec, 'ingress'));
  const sources: string[] = [];
  let any = false;
  for (const r of rules) {
    const from = y.items(y.get(r, 'from'));
    if (!from.length) any = true;
    for (const p of from) {
      const x = peer(y, p);
      any ||= x.any;
      if (!sources.includes(x.text)) sources.push(x.text);
    }
  }
  rc.b.facts.networkPolicies.push({
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    podSelector: stringMap(y, y.path(spec, 'podSelector', 'matchLabels')),
    ingress: types.includes('Ingress') || !types.length || !!y.pair(spec, 'ingress'),
    ingressRules: rules.length,
    allowsAnySource: any,
    sources,
    loc: y.nodeLoc(rc.node) ?? m.anchor,
  });
}

function readMeshPolicy(rc: ResourceCtx): void {
  const y = rc.b.y;
  const m = resourceMeta(rc.b, rc.node);
  const spec = y.get(rc.node, 'spec');
  const selectorNode = y.path(spec, 'selector', 'matchLabels');
  const principals: string[] = [];
  const namespaces: string[] = [];
  let any = false;
  for (const r of y.items(y.get(spec, 'rules'))) {
    const from = y.items(y.get(r, 'from'));
    if (!from.length) any = true;
    for (const f of from) {
      for (const p of y.items(y.path(f, 'source', 'principals'))) principals.push(y.string(p) ?? '');
      for (const n of y.items(y.path(f, 'source', 'namespaces'))) namespaces.push(y.string(n) ?? '');
      if (!y.get(y.get(f, 'source'), 'principals') && !y.get(y.get(f, 'source'), 'namespaces') && !y.get(y.get(f, 'source'), 'requestPrincipals')) any = true;
    }
  }
  const mode = y.string(y.path(spec, 'mtls', 'mode'));
  const action = y.string(y.get(spec, 'action'));
  rc.b.facts.meshPolicies.push({
    kind: rc.cls.kind === 'PeerAuthentication' || rc.cls.kind === 'RequestAuthentication' ? rc.cls.kind : 'AuthorizationPolicy',
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    ...(selectorNode ? { selector: stringMap(y, selectorNode) } : {}),
    ...(mode ? { mode: mode.toUpperCase() } : {}),
    ...(action ? { action: action.toUpperCase() } : {}),
    principals: principals.filter(Boolean),
    namespaces: namespaces.filter(Boolean),
    allowsAnySource: any,
    loc: y.nodeLoc(rc.node) ?? m.anchor,
  });
}

export function readNetwork(rc: ResourceCtx): string[] {
  const k = rc.cls.kind;
  if (k === 'Service') readService(rc);
  else if (k === 'Ingress') readIngress(rc);
  else if (k === 'Route') readRoute(rc);
  else if (k === 'VirtualService') readVirtualService(rc);
  else if (k === 'NetworkPolicy') readNetworkPolicy(rc);
  else readMeshPolicy(rc);
  return recordResource(rc, []);
}
