// The one place threat-model inference reads facts that are not typed fields yet (the Dockerfile
// readers' stage extents, the Kubernetes-style resources) and classifies setting names as
// credentials, so moving them into typed facts changes only this module.

import type { Facts } from '../facts/model';
import type { Loc } from '../model';
import { K8S_RESOURCE, type K8sResourceExtra } from '../formats/k8s/facts';

/** What inference reads of a Dockerfile reader's model: its file and where each stage extends. */
export interface DockerfileStages {
  file?: string;
  stages?: { workloadId: string; fromLoc: Loc; endOffset: number }[];
}

/** The Dockerfile readers' models. */
export function dockerfileModels(facts: Facts): DockerfileStages[] {
  return (facts.extra['dockerfile'] ?? []) as DockerfileStages[];
}

/** The Kubernetes-style resources of the facts (Deployments, InferenceServices, Workflows…), well-formed ones only. */
export function k8sResources(facts: Facts): K8sResourceExtra[] {
  return ((facts.extra[K8S_RESOURCE] ?? []) as K8sResourceExtra[]).filter((r) => r && r.loc && Array.isArray(r.workloads));
}

/** Whether a setting's name says it holds a credential (the engine's one classifier). */
export { isCredentialName } from '../facts/classify';
