// What serving/public-inference-endpoint needs to know about model servers: which workloads
// serve models, which of them a Service selects, and whether an Istio policy makes callers
// authenticate before a request reaches them.

import type { Facts, WorkloadFact } from '../facts/model';
import type { MeshPolicyFact, ServiceFact } from '../facts/network';

/** Istio's root namespace: a policy there without a selector applies to the whole mesh. */
const MESH_ROOT = 'istio-system';

/** Images of model servers, by repository: a Deployment running one serves models. */
const SERVER_IMAGE =
  /(^|\/)(tritonserver|torchserve|tensorflow\/serving|tensorflow-serving|mlserver|seldon-core-[a-z-]*server|kserve\/[a-z-]*server|vllm-openai|vllm\/vllm|text-generation-inference|text-embeddings-inference|openvino\/model_server|model_server|ollama\/ollama|localai|tgi-gaudi)(:|@|$)/i;

/** A workload that serves models, with the labels and namespace policies select it by. */
export interface ServingWorkload {
  workload: WorkloadFact;
  /** The resource that defines it (the Deployment, InferenceService…), or the container's name. */
  name: string;
  labels: Record<string, string>;
  namespace?: string;
}

/**
 * The workloads that serve models: KServe, Seldon, Knative and Ray Serve pods, containers running a
 * known model server image, and containers launched with `mlflow models serve`.
 */
export function servingWorkloads(facts: Facts): ServingWorkload[] {
  const mlflowServe = new Set(facts.services.filter((s) => s.service === 'mlflow-models-serve' && s.workloadId).map((s) => s.workloadId));
  const owner = new Map<string, string>();
  for (const r of facts.resources) for (const id of r.workloads) if (!owner.has(id)) owner.set(id, `${r.kind} ${r.name}`);
  const out: ServingWorkload[] = [];
  for (const w of facts.workloads) {
    if (!w.pod) continue;
    const image = w.image ? `${w.image.registry ? `${w.image.registry}/` : ''}${w.image.repository}` : '';
    if (w.kind !== 'inference-service' && !SERVER_IMAGE.test(image) && !mlflowServe.has(w.id)) continue;
    out.push({ workload: w, name: owner.get(w.id) ?? w.name, labels: w.pod.labels ?? {}, ...(w.pod.namespace ? { namespace: w.pod.namespace } : {}) });
  }
  return out;
}

/** Whether a non-empty selector picks the labels. */
function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** The serving workloads a Service sends traffic to: same namespace, selector matching the pod labels. */
export function selectedBy(svc: ServiceFact, servers: readonly ServingWorkload[]): ServingWorkload[] {
  return servers.filter((s) => (s.namespace ?? '') === (svc.namespace ?? '') && selects(svc.selector, s.labels));
}

/** Whether an Istio policy applies to pods of these labels in this namespace. */
function applies(p: MeshPolicyFact, labels: Record<string, string>, namespace: string | undefined): boolean {
  if (p.selector && Object.keys(p.selector).length) return (p.namespace ?? '') === (namespace ?? '') && selects(p.selector, labels);
  return p.namespace === MESH_ROOT || (p.namespace ?? '') === (namespace ?? '');
}

/**
 * The Istio policy that makes callers authenticate, when one applies: an AuthorizationPolicy with
 * an external authorizer (`CUSTOM`), or a RequestAuthentication together with an
 * AuthorizationPolicy that denies, or allows only named principals, namespaces or request
 * principals. A RequestAuthentication alone accepts requests without a token.
 */
export function meshAuthentication(policies: readonly MeshPolicyFact[], labels: Record<string, string>, namespace: string | undefined): MeshPolicyFact | undefined {
  const here = policies.filter((p) => applies(p, labels, namespace));
  const custom = here.find((p) => p.kind === 'AuthorizationPolicy' && p.action === 'CUSTOM');
  if (custom) return custom;
  if (!here.some((p) => p.kind === 'RequestAuthentication')) return undefined;
  return here.find((p) => p.kind === 'AuthorizationPolicy' && (p.action === 'DENY' || ((p.action ?? 'ALLOW') === 'ALLOW' && !p.allowsAnySource)));
}
