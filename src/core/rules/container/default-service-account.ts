// container/default-service-account: a pod or workflow that runs under the namespace's default service account.

import { POD_FORMATS } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'container/default-service-account',
    title: 'Pod uses the default service account',
    description: 'A pod, pod template, serving component or Argo Workflow with no `serviceAccountName`, or with `default`.',
    explanation:
      'The default service account is shared by every pod of the namespace that names none, so whatever RBAC permissions anyone ever granted it — often broad ones, added to make one tool work — go to every training step and model server. A compromised step then reads the namespace’s secrets or starts pods with them. Give each workload its own service account with only the permissions it needs (and none for most pipeline steps).',
    example: {
      language: 'yaml',
      bad: 'spec:\n  containers:\n  - name: serve\n    image: registry.example.com/serve:1.4.2',
      good: 'spec:\n  serviceAccountName: fraud-model-serving\n  containers:\n  - name: serve\n    image: registry.example.com/serve:1.4.2',
    },
    formats: [...POD_FORMATS],
    severity: 'low',
    fixes: ['guided'],
    stride: ['E'],
    atlas: ['AML.T0012'],
    owasp: ['ML06'],
    references: ['https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/', 'https://argo-workflows.readthedocs.io/en/latest/service-accounts/'],
    equivalents: ['Checkov CKV_ARGO_1, CKV_K8S_41'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const pod of ctx.facts.pods) {
      if (!pod.serviceAccountApplies) continue;
      const sa = pod.serviceAccountName;
      // An empty name is no name: Kubernetes runs the pod under the namespace's default account.
      if (sa && sa.value !== 'default' && sa.value.trim() !== '') continue;
      if (sa) {
        out.push({
          message: `${pod.kind} "${pod.name}" runs under the default service account, which every pod in the namespace shares.`,
          loc: sa.loc,
          fixes: [fixOf('Use a dedicated service account', 'guided', sa.loc, [{ start: sa.loc.start, end: sa.loc.end, newText: `${pod.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}-runner` }])],
        });
        continue;
      }
      out.push({
        message: `${pod.kind} "${pod.name}" names no service account, so it runs under the default one, which every pod in the namespace shares.`,
        loc: pod.anchor,
        ...(pod.serviceAccountEdits ? { fixes: [fixOf('Use a dedicated service account', 'guided', pod.anchor, pod.serviceAccountEdits)] } : {}),
      });
    }
    return out;
  },
});
