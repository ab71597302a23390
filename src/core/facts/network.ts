// Facts about the network and identity controls around workloads: Kubernetes Services and
// Ingresses, NetworkPolicies, Istio PeerAuthentication and AuthorizationPolicy, and KServe or
// Knative visibility. The threat model reads them as evidence of exposure and of controls.

import type { Loc } from '../model';
import type { Str } from './model';

/** A Kubernetes Service and the pods it selects. */
export interface ServiceFact {
  name: string;
  namespace?: string;
  /** `ClusterIP` (the default), `NodePort`, `LoadBalancer`, `ExternalName`. */
  type: string;
  /** Where the type is written, when it is. */
  typeLoc?: Loc;
  selector: Record<string, string>;
  ports: number[];
  /** `spec.loadBalancerSourceRanges`. */
  sourceRanges: Str[];
  loc: Loc;
}

/** An Ingress (or an OpenShift Route, or an Istio VirtualService bound to a gateway) to Services, with its TLS, source allow-list and authentication. */
export interface IngressFact {
  /** `Ingress` when absent. */
  kind?: 'Route' | 'VirtualService';
  name: string;
  namespace?: string;
  /** Backend Service names. */
  services: string[];
  hosts: string[];
  /** Where TLS is configured, when it is. */
  tls?: Loc;
  /** A source-range allow-list annotation (`nginx.ingress.kubernetes.io/whitelist-source-range`). */
  sourceRanges?: Str;
  /** An authentication annotation (`auth-url`, `auth-type`, `auth-signin`…). */
  auth?: Str;
  loc: Loc;
  /** The resource's name as written, where findings about the route are shown. */
  anchor?: Loc;
}

/** A NetworkPolicy: which pods it selects and whether it restricts their ingress. */
export interface NetworkPolicyFact {
  name: string;
  namespace?: string;
  /** Empty selects every pod of the namespace. */
  podSelector: Record<string, string>;
  /** The policy governs ingress (policyTypes, or an `ingress` key). */
  ingress: boolean;
  /** Number of ingress rules; zero with `ingress` set denies all ingress. */
  ingressRules: number;
  /** A rule admits every source (an empty rule, or an ipBlock of 0.0.0.0/0). */
  allowsAnySource: boolean;
  /** Namespaces and pods its rules admit, as a reviewer would say them. */
  sources: string[];
  loc: Loc;
}

/** An Istio PeerAuthentication, RequestAuthentication or AuthorizationPolicy. */
export interface MeshPolicyFact {
  kind: 'PeerAuthentication' | 'RequestAuthentication' | 'AuthorizationPolicy';
  name: string;
  namespace?: string;
  /** Workload labels it applies to; absent for the whole namespace (or mesh, in the root namespace). */
  selector?: Record<string, string>;
  /** PeerAuthentication mTLS mode: STRICT, PERMISSIVE, DISABLE, UNSET. */
  mode?: string;
  /** AuthorizationPolicy action: ALLOW (default), DENY, CUSTOM, AUDIT. */
  action?: string;
  /** AuthorizationPolicy sources: principals and namespaces named by its rules. */
  principals: string[];
  namespaces: string[];
  /** An ALLOW policy with a rule without `from` admits any source. */
  allowsAnySource: boolean;
  loc: Loc;
}

/** `networking.knative.dev/visibility` or `networking.kserve.io/visibility` on a serving resource. */
export interface VisibilityFact {
  visibility: Str;
  workloadIds: string[];
}

/** A KServe InferenceService: KServe routes it from outside the cluster unless it is labelled cluster-local. */
export interface InferenceEndpointFact {
  name: string;
  namespace?: string;
  /** The resource's name as written. */
  anchor: Loc;
  workloadIds: string[];
  /** The visibility label (`networking.kserve.io/visibility` or Knative's), when written. */
  visibility?: Str;
  /** The `serving.kserve.io/deploymentMode` annotation, when written. */
  deploymentMode?: string;
  /** Edits that label the resource `networking.kserve.io/visibility: cluster-local`, when they can be written. */
  clusterLocal?: { start: number; end: number; newText: string }[];
}

/** The network and identity control lists of `Facts`. */
export interface NetworkFacts {
  k8sServices: ServiceFact[];
  ingresses: IngressFact[];
  networkPolicies: NetworkPolicyFact[];
  meshPolicies: MeshPolicyFact[];
  visibilities: VisibilityFact[];
  inferenceEndpoints: InferenceEndpointFact[];
}

export function emptyNetworkFacts(): NetworkFacts {
  return { k8sServices: [], ingresses: [], networkPolicies: [], meshPolicies: [], visibilities: [], inferenceEndpoints: [] };
}
