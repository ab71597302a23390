// What the container rules read from pod-shaped facts: each container with its workload, and the
// resource formats whose manifests set pod and container security. Repeats (templates sharing a
// workflow's spec) are left to the engine, which merges them into one finding.

import type { FactIndex } from '../facts/fact-index';
import type { WorkloadFact } from '../facts/model';
import type { ContainerSecurityFact } from '../facts/pods';

/** A container of a pod-shaped workload and its workload fact. */
export interface ContainerView {
  w: WorkloadFact;
  c: ContainerSecurityFact;
}

/** Every container the pod-shaped readers found. */
export function containers(index: FactIndex): ContainerView[] {
  const out: ContainerView[] = [];
  for (const c of index.facts.containerSecurity) {
    const w = index.workload(c.workloadId);
    if (w?.container) out.push({ w, c });
  }
  return out;
}

/**
 * Containers whose securityContext the manifest controls. docker-compose services are included only
 * for rules about what a file sets (`withCompose`): Docker has no pod security standard, so a
 * setting a compose file leaves out is not a finding.
 */
export function securedContainers(index: FactIndex, withCompose = false): ContainerView[] {
  return containers(index).filter((v) => v.c.securityContextApplies && v.w.pod && (withCompose || v.w.format !== 'compose'));
}

/** The resource formats whose manifests set pod and container security. */
export const POD_FORMATS = ['kubernetes', 'argo', 'kserve', 'seldon', 'kubeflow-training'] as const;
