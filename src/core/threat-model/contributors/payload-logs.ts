// Contributor: inference payload logging (KServe `logger`): the log sink a serving component sends
// its requests and responses to, as a store holding the inference payloads, and the logging flow.

import type { PayloadLogFact } from '../../facts/data-plane';
import { clusterServiceNamespace, hostName, parseUri } from '../classify';
import type { InferenceContext } from '../context';
import { transportOf } from '../parts';
import type { Contributor } from './contributor';

function addPayloadLog(ctx: InferenceContext, p: PayloadLogFact): void {
  const b = ctx.b;
  const service = ctx.workloadElement(p.workloadId, p.loc);
  if (!service) return;
  const serviceName = b.elements.get(service)!.name;
  const url = p.url?.value.trim();
  const u = url ? parseUri(url) : undefined;
  const host = u?.host ? hostName(u.host) : undefined;
  const inCluster = host ? ctx.clusterServiceWorkload(host) : undefined;
  const ns = host ? clusterServiceNamespace(host) : undefined;
  const zone = ns ? ctx.zones.namespace(ns) : host ? ctx.zones.hostZone(host) : undefined;
  const evidence = [p.loc, ...(p.url ? [p.url.loc] : [])];
  const sink =
    inCluster?.id ??
    b.element(`log-sink|${host ?? service}`, {
      kind: 'store',
      role: 'log-store',
      name: host ? `Inference log sink (${host})` : `Inference log sink of ${serviceName}`,
      ...(zone ? { boundary: zone } : { boundary: b.elements.get(service)!.boundary }),
      ...(zone && !ns ? { properties: { publicNetwork: true } } : {}),
      evidence,
    });
  const payload = b.asset('inference-payload', `payload|${service}`, `inference payloads of ${serviceName}`, { evidence: [p.loc] });
  b.hold(sink, payload);
  const what = p.mode === 'request' ? 'requests' : p.mode === 'response' ? 'responses' : 'requests and responses';
  b.flow({
    kind: 'logging',
    source: service,
    target: sink,
    name: `logs ${what}`,
    assets: [payload],
    ...transportOf(u?.scheme),
    evidence,
    ...(inCluster ? { join: { kind: 'service-name', reason: inCluster.reason, evidence: [...evidence, ...inCluster.evidence] } } : {}),
  });
}

export const payloadLogs: Contributor = {
  id: 'payload-logs',
  description: 'Inference payload logging: the log sink a serving component sends requests and responses to.',
  contribute(ctx) {
    for (const p of ctx.facts.payloadLogs) addPayloadLog(ctx, p);
  },
};
