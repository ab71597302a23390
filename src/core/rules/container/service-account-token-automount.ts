// container/service-account-token-automount: a serving or training pod that mounts a Kubernetes
// API token it does not need.

import type { ResourceFact } from '../../facts/pods';
import { POD_FORMATS } from '../container-support';
import { defineRule, type Report, type RuleContext } from '../rule';
import { fixOf } from '../util';

/** Workloads that serve or train a model: they read data and weights, not the Kubernetes API. */
const NO_API = new Set(['inference-service', 'training-job']);

/** The ServiceAccount a pod runs under, when the workspace defines it (same name, same namespace or none written). */
function serviceAccountOf(ctx: RuleContext, name: string, namespace: string | undefined): ResourceFact | undefined {
  for (const d of ctx.index.all()) {
    for (const r of d.facts.resources) {
      if (r.kind !== 'ServiceAccount' || r.name !== name) continue;
      if (namespace && r.namespace && namespace !== r.namespace) continue;
      return r;
    }
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'container/service-account-token-automount',
    title: 'Serving or training pod mounts a Kubernetes API token',
    description:
      'A model server or training pod (KServe and Seldon predictors, Knative services, Jobs, Kubeflow training jobs, Ray clusters except a head running the autoscaler) whose pod spec does not set `automountServiceAccountToken: false`, and whose ServiceAccount, when the workspace defines it, does not either. The pod spec’s value wins over the ServiceAccount’s. Low for a dedicated service account, which usually holds RBAC permissions; info for the default one. Pipeline steps (Argo, KFP) are not reported: their executor uses the token.',
    explanation:
      'Unless told otherwise Kubernetes mounts the pod’s service account token at `/var/run/secrets/kubernetes.io/serviceaccount/token` in every container. A model server or training step never calls the Kubernetes API, but whoever takes it over — through a malicious model file, a poisoned dependency or an injected prompt that reaches a tool — reads that token and acts with every RBAC permission of the account: listing secrets, creating pods, reading other workloads’ config. Not mounting the token removes that step of the attack.',
    example: {
      language: 'yaml',
      bad: 'spec:\n  serviceAccountName: fraud-model-serving\n  containers:\n  - name: serve\n    image: registry.example.com/serve:1.4.2',
      good: 'spec:\n  serviceAccountName: fraud-model-serving\n  automountServiceAccountToken: false\n  containers:\n  - name: serve\n    image: registry.example.com/serve:1.4.2',
    },
    formats: [...POD_FORMATS],
    severity: 'low',
    fixes: ['review'],
    stride: ['E', 'I'],
    atlas: ['AML.T0055'],
    owasp: ['ML06'],
    references: [
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#opt-out-of-api-credential-automounting',
      'https://kubernetes.io/docs/concepts/security/service-accounts/',
    ],
    equivalents: ['Checkov CKV_K8S_38'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const pod of ctx.facts.pods) {
      if (!pod.serviceAccountApplies || pod.needsApi || !pod.workloadKind || !NO_API.has(pod.workloadKind)) continue;
      if (pod.automountToken?.value === false) continue;
      const account = pod.serviceAccountName?.value.trim() || 'default';
      const sa = pod.automountToken ? undefined : serviceAccountOf(ctx, account, pod.namespace);
      if (sa?.automountServiceAccountToken === false) continue;
      const what = pod.workloadKind === 'inference-service' ? 'a model server' : 'a training workload';
      const why = pod.automountToken ? `sets automountServiceAccountToken: true` : `does not set automountServiceAccountToken: false${sa ? `, nor does ServiceAccount "${account}"` : ''}`;
      const loc = pod.automountToken?.loc ?? pod.anchor;
      out.push({
        message: `${pod.kind} "${pod.name}" ${why}, so its containers hold a Kubernetes API token of service account "${account}" that ${what} does not need.`,
        loc,
        severity: account === 'default' ? 'info' : 'low',
        ...(pod.automountEdits ? { fixes: [fixOf('Do not mount the service account token', 'review', loc, pod.automountEdits)] } : {}),
      });
    }
    return out;
  },
});
