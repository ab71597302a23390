// What the container rules read from Kubernetes-shaped facts: containers with their workload, pods,
// and de-duplication of findings that several templates of one resource share.

import { extraFacts, type Facts, type WorkloadFact } from '../../facts/model';
import type { Loc } from '../../model';
import { K8S_CONTAINER, K8S_POD, type K8sContainerExtra, type K8sPodExtra } from './facts';

/** A container of a pod-shaped workload and its workload fact. */
export interface ContainerView {
  w: WorkloadFact;
  c: K8sContainerExtra;
}

/** Every container the Kubernetes-shaped readers found. */
export function containers(facts: Facts): ContainerView[] {
  const extras = extraFacts<K8sContainerExtra>(facts, K8S_CONTAINER);
  const out: ContainerView[] = [];
  if (!extras.length) return out;
  const byId = new Map(facts.workloads.map((w) => [w.id, w]));
  for (const c of extras) {
    const w = byId.get(c.workloadId);
    if (w?.container) out.push({ w, c });
  }
  return out;
}

/** Containers whose securityContext the manifest controls. */
export function securedContainers(facts: Facts): ContainerView[] {
  return containers(facts).filter((v) => v.c.securityContextApplies && v.w.pod);
}

export function pods(facts: Facts): K8sPodExtra[] {
  return extraFacts<K8sPodExtra>(facts, K8S_POD);
}

/** Drops reports at the same place with the same message (templates sharing a workflow's spec). */
export function* unique<R extends { loc: Loc; message: string }>(reports: Iterable<R>): Generator<R> {
  const seen = new Set<string>();
  for (const r of reports) {
    const k = `${r.loc.file}:${r.loc.start}:${r.loc.end}:${r.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    yield r;
  }
}

/** The resource formats whose manifests set pod and container security. */
export const POD_FORMATS = ['kubernetes', 'argo', 'kserve', 'seldon', 'kubeflow-training'] as const;
