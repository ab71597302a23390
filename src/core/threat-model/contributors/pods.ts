// Contributor: what pods mount and share: host paths, volumes and secret volumes as stores, and
// host namespaces as access to the node.

import type { Str, WorkloadFact } from '../../facts/model';
import type { InferenceContext } from '../context';
import type { Contributor } from './contributor';

function addVolumes(ctx: InferenceContext, w: WorkloadFact, target: string): void {
  const b = ctx.b;
  const ns = w.pod!.namespace;
  for (const v of w.pod!.volumes) {
    const mounts = (w.container?.mounts ?? []).filter((m) => m.name === v.name);
    if (w.container && !mounts.length) continue;
    const readOnly = mounts.length > 0 && mounts.every((m) => m.readOnly);
    const evidence = [v.loc, ...mounts.map((m) => m.loc)];
    const name = v.path ?? v.name;
    if (v.kind === 'hostPath') {
      const store = b.element(`hostpath|${name}`, { kind: 'store', role: 'host-path', name: `host path ${name}`, boundary: ctx.zones.node(), evidence });
      b.flow({ kind: 'host-access', source: store, target, bidirectional: !readOnly, evidence });
    } else if (v.kind === 'pvc') {
      const store = b.element(`volume|${ns ?? ''}|${name}`, { kind: 'store', role: 'volume', name: `volume ${name}`, boundary: ctx.zones.namespaceOrCluster(ns), evidence });
      if (readOnly) b.flow({ kind: 'data-read', source: store, target, evidence });
      else b.flow({ kind: 'data-write', source: target, target: store, bidirectional: true, evidence });
    } else if (v.kind === 'secret') {
      const store = b.element(`secrets|k8s|${ns ?? ''}`, {
        kind: 'store',
        role: 'secret-store',
        name: `Kubernetes Secrets${ns ? ` (${ns})` : ''}`,
        boundary: ctx.zones.namespaceOrCluster(ns),
        properties: { storesCredentials: true },
        evidence,
      });
      const asset = b.asset('credential', `secret-volume|${name}`, name, { evidence });
      b.hold(store, asset);
      b.flow({ kind: 'secret-mount', source: store, target, assets: [asset], evidence });
    }
  }
}

function addPodParts(ctx: InferenceContext, w: WorkloadFact): void {
  const target = ctx.b.byWorkload.get(w.id);
  if (!target || !w.pod) return;
  addVolumes(ctx, w, target);
  const hostNs = [w.pod.hostNetwork, w.pod.hostPID, w.pod.hostIPC].filter((s): s is Str => s?.value === 'true');
  if (!hostNs.length) return;
  const evidence = hostNs.map((s) => s.loc);
  const node = ctx.b.element('host|kubernetes-node', {
    kind: 'process',
    role: 'container',
    name: 'Node host namespaces',
    description: 'The node’s network, process and IPC namespaces',
    boundary: ctx.zones.node(),
    evidence,
  });
  ctx.b.flow({ kind: 'host-access', source: node, target, bidirectional: true, evidence });
}

export const pods: Contributor = {
  id: 'pods',
  description: 'Host paths, volumes, secret volumes and host namespaces pods use.',
  contribute(ctx) {
    for (const w of ctx.facts.workloads) addPodParts(ctx, w);
  },
};
