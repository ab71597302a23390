// serving/public-inference-endpoint: model servers reachable from outside the cluster without
// authentication: KServe InferenceServices not labelled cluster-local, LoadBalancer and NodePort
// Services selecting a model server, and Ingresses, OpenShift Routes and Istio VirtualServices
// routing to one without an authentication annotation.

import type { Facts } from '../../facts/model';
import type { IngressFact, ServiceFact } from '../../facts/network';
import type { Fix } from '../../model';
import { defineRule, type Report, type RuleContext } from '../rule';
import { meshAuthentication, selectedBy, servingWorkloads, type ServingWorkload } from '../serving-support';
import { fixOf } from '../util';

const LABEL = '`networking.kserve.io/visibility: cluster-local`';

/** What makes an exposure medium instead of high: a mesh policy or a source allow-list, said as a sentence. */
function mitigation(facts: Facts, servers: readonly ServingWorkload[], allowList?: string): string | undefined {
  for (const s of servers) {
    const p = meshAuthentication(facts.meshPolicies, s.labels, s.namespace);
    if (p) return `AuthorizationPolicy ${p.name} makes callers authenticate, which leaves the endpoint reachable but not open.`;
  }
  return allowList ? `It admits only ${allowList}, which narrows who can reach it.` : undefined;
}

function names(servers: readonly ServingWorkload[]): string {
  return [...new Set(servers.map((s) => s.name))].join(', ');
}

function* kserveEndpoints(ctx: RuleContext): Generator<Report> {
  const f = ctx.facts;
  for (const e of f.inferenceEndpoints) {
    const vis = e.visibility?.value.trim();
    if (vis === 'cluster-local' || /^modelmesh$/i.test(e.deploymentMode ?? '')) continue;
    const labels = { 'serving.kserve.io/inferenceservice': e.name };
    const servers = e.workloadIds.map((id) => ctx.factIndex.workload(id)).filter((w) => !!w);
    const subjects: ServingWorkload[] = servers.length
      ? servers.map((w) => ({ workload: w, name: e.name, labels: { ...w.pod?.labels, ...labels }, ...(e.namespace ? { namespace: e.namespace } : {}) }))
      : [{ workload: { name: e.name } as ServingWorkload['workload'], name: e.name, labels, ...(e.namespace ? { namespace: e.namespace } : {}) }];
    const why = vis ? `is labelled visibility \`${vis}\`` : `has no ${LABEL} label`;
    const mitigated = mitigation(f, subjects);
    yield {
      message: `InferenceService ${e.name} ${why}, so KServe routes it through the ingress gateway and anyone who reaches the gateway can query the model.${mitigated ? ` ${mitigated}` : ''}`,
      loc: e.visibility?.loc ?? e.anchor,
      severity: mitigated ? 'medium' : 'high',
      ...(e.clusterLocal ? { fixes: [fixOf(`Label the InferenceService ${LABEL}`, 'review', e.anchor, e.clusterLocal)] } : {}),
    };
  }
}

const SERVICE_FIX: Fix = {
  title: 'Make the Service ClusterIP and publish the model through an authenticating gateway, or restrict loadBalancerSourceRanges',
  kind: 'guided',
  edits: [],
};

function* exposedServices(ctx: RuleContext, servers: readonly ServingWorkload[]): Generator<Report> {
  for (const svc of ctx.facts.k8sServices) {
    if (svc.type !== 'LoadBalancer' && svc.type !== 'NodePort') continue;
    const selected = selectedBy(svc, servers);
    if (!selected.length) continue;
    const ranges = svc.sourceRanges.map((r) => r.value.trim()).join(', ');
    const mitigated = mitigation(ctx.facts, selected, ranges || undefined);
    const where = svc.type === 'LoadBalancer' ? 'on a load balancer address' : 'on a port of every node';
    yield {
      message: `Service ${svc.name} (${svc.type}) exposes the model server ${names(selected)} ${where}, outside the cluster and with no authentication in front of it.${mitigated ? ` ${mitigated}` : ''}`,
      loc: svc.typeLoc ?? svc.loc,
      severity: mitigated ? 'medium' : 'high',
      fixes: [SERVICE_FIX],
    };
  }
}

const ROUTE_FIX: Fix = {
  title: 'Authenticate requests before they reach the model server (nginx auth-url or auth-type, or an Istio RequestAuthentication with an AuthorizationPolicy)',
  kind: 'guided',
  edits: [],
};

/** The serving workloads an Ingress, Route or VirtualService sends requests to, through the Services it names. */
function routedTo(ctx: RuleContext, ing: IngressFact, servers: readonly ServingWorkload[]): ServingWorkload[] {
  const out = new Set<ServingWorkload>();
  for (const name of ing.services) {
    const svc: ServiceFact | undefined = ctx.factIndex.servicesNamed(name, ing.namespace).at(-1);
    if (svc) for (const s of selectedBy(svc, servers)) out.add(s);
  }
  return [...out];
}

function* exposedRoutes(ctx: RuleContext, servers: readonly ServingWorkload[]): Generator<Report> {
  for (const ing of ctx.facts.ingresses) {
    if (ing.auth) continue;
    const selected = routedTo(ctx, ing, servers);
    if (!selected.length) continue;
    const mitigated = mitigation(ctx.facts, selected, ing.sourceRanges?.value.trim());
    const kind = ing.kind ?? 'Ingress';
    const hosts = ing.hosts.length ? ` on ${ing.hosts.join(', ')}` : '';
    yield {
      message: `${kind} ${ing.name} routes requests from outside the cluster${hosts} to the model server ${names(selected)} without authenticating them.${mitigated ? ` ${mitigated}` : ''}`,
      loc: ing.anchor ?? ing.loc,
      severity: mitigated ? 'medium' : 'high',
      fixes: [ROUTE_FIX],
    };
  }
}

export default defineRule({
  meta: {
    id: 'serving/public-inference-endpoint',
    title: 'Model server reachable from outside the cluster',
    description:
      'Reports a model server (KServe InferenceService, Seldon Deployment, Ray Serve, Knative service, or a Deployment running a known model server image such as Triton, TorchServe, TensorFlow Serving, MLServer, vLLM or TGI) exposed outside the cluster: an InferenceService without the `networking.kserve.io/visibility: cluster-local` label (or Knative’s `networking.knative.dev/visibility` and older `serving.knative.dev/visibility`); a `LoadBalancer` or `NodePort` Service selecting its pods; an Ingress, OpenShift Route or Istio VirtualService bound to a gateway that routes to it without an authentication annotation (nginx `auth-url`, `auth-type`, `auth-signin`, ALB `auth-type`, Traefik middlewares). ModelMesh InferenceServices, served through a cluster-internal Service, are not reported. Severity is high when nothing authenticates callers; medium when an Istio policy makes them authenticate (an AuthorizationPolicy with an external authorizer, or a RequestAuthentication with an AuthorizationPolicy that denies or admits only named principals) or the Service or Ingress admits only listed source ranges.',
    explanation:
      'An inference endpoint answers anyone who reaches it. From outside the cluster that means model extraction by repeated queries, membership inference against the training data, adversarial probing, and compute spent on someone else’s requests; a KServe or Seldon server also exposes its metadata and, with some runtimes, model management endpoints. KServe publishes every InferenceService on its ingress gateway unless it is labelled cluster-local. Keep internal models cluster-local, and put an authenticating gateway in front of the ones that must be public. Taxonomy: ATLAS AML.T0040 (AI Model Inference API Access) and AML.T0024 (Exfiltration via AI Inference API) are what an open endpoint grants; OWASP ML05 (Model Theft) and ML04 (Membership Inference) are the attacks it enables.',
    example: {
      language: 'yaml',
      bad: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: fraud-model',
      good: 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: fraud-model\n  labels:\n    networking.kserve.io/visibility: cluster-local',
    },
    formats: ['kserve', 'seldon', 'kubernetes'],
    severity: 'high',
    fixes: ['review', 'guided'],
    stride: ['I', 'D'],
    atlas: ['AML.T0040', 'AML.T0024'],
    owasp: ['ML05', 'ML04'],
    references: [
      'https://kserve.github.io/website/latest/admin/serverless/kourier_networking/',
      'https://knative.dev/docs/serving/services/private-services/',
      'https://istio.io/latest/docs/tasks/security/authorization/authz-jwt/',
    ],
  },
  *check(ctx) {
    yield* kserveEndpoints(ctx);
    const servers = servingWorkloads(ctx.facts);
    if (!servers.length) return;
    yield* exposedServices(ctx, servers);
    yield* exposedRoutes(ctx, servers);
  },
});
