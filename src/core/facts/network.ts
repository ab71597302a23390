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

/** An Ingress (or Istio Gateway route) to Services, with its TLS, source allow-list and authentication. */
export interface IngressFact {
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

/** An Istio PeerAuthentication or AuthorizationPolicy. */
export interface MeshPolicyFact {
  kind: 'PeerAuthentication' | 'AuthorizationPolicy';
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

/** The network and identity control lists of `Facts`. */
export interface NetworkFacts {
  k8sServices: ServiceFact[];
  ingresses: IngressFact[];
  networkPolicies: NetworkPolicyFact[];
  meshPolicies: MeshPolicyFact[];
  visibilities: VisibilityFact[];
}

export function emptyNetworkFacts(): NetworkFacts {
  return { k8sServices: [], ingresses: [], networkPolicies: [], meshPolicies: [], visibilities: [] };
}
