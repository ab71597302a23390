// Table tests of container/service-account-token-automount: serving and training pods of every
// pod-shaped kind, the pod spec's value against the ServiceAccount's, and the pods that need the API.

import rule from '../../../src/core/rules/container/service-account-token-automount';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const c = ['- name: app', '  image: registry.example.com/serve:1.4.2'];
/** Kinds whose pods serve or train and take their pod settings from the manifest. */
const SERVING = new Set(['InferenceService', 'SeldonDeployment', 'Server', 'RayService']);
const TRAINING = new Set(['Job', 'TFJob', 'PyTorchJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'TrainingRuntime', 'ClusterTrainingRuntime', 'Experiment', 'RayCluster', 'RayJob']);
const reported = (kind: string) => SERVING.has(kind) || TRAINING.has(kind);
const named = podKinds(c, ['serviceAccountName: demo-runner']);
const disabled = podKinds(c, ['serviceAccountName: demo-runner', 'automountServiceAccountToken: false']);
const FIX = 'Do not mount the service account token';

/** The 1-based line of the key that holds the pod spec: the nearest line above the pod lines indented less. */
function anchorLine(text: string, podLine: number): number {
  const lines = text.split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  const podIndent = indent(lines[podLine - 1]);
  for (let i = podLine - 2; i >= 0; i--) if (lines[i].trim() && indent(lines[i]) < podIndent) return i + 1;
  return 1;
}

const invalid: InvalidCase[] = named
  .filter((k) => reported(k.kind))
  .map((k) => {
    const line = k.text.split('\n')[k.podLine - 1];
    const indent = line.length - line.trimStart().length;
    const kindName = k.kind === 'Experiment' ? 'Job' : k.kind;
    const what = SERVING.has(k.kind) ? 'a model server' : 'a training workload';
    return {
      name: `${k.kind} with a dedicated service account and the token mounted`,
      files: { [k.file]: k.text },
      errors: [
        {
          line: anchorLine(k.text, k.podLine),
          message: `${kindName} "demo" does not set automountServiceAccountToken: false, so its containers hold a Kubernetes API token of service account "demo-runner" that ${what} does not need.`,
          severity: 'low' as const,
        },
      ],
      fixes: [{ kind: 'review' as const, title: FIX, output: { [k.file]: `${k.text}${' '.repeat(indent)}automountServiceAccountToken: false\n` } }],
    };
  });

const job = (pod: string) =>
  `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: train\n  namespace: ml\nspec:\n  template:\n    spec:\n${pod}      containers:\n      - name: app\n        image: trainer:2.0\n`;
const sa = (automount: string, namespace = 'ml') => `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: trainer\n  namespace: ${namespace}\n${automount}`;

invalid.push(
  {
    name: 'an explicit true is reported at the value, and the fix sets it to false',
    files: { 'job.yaml': job('      serviceAccountName: trainer\n      automountServiceAccountToken: true\n') },
    errors: [
      {
        line: 10,
        column: 37,
        message: 'Job "train" sets automountServiceAccountToken: true, so its containers hold a Kubernetes API token of service account "trainer" that a training workload does not need.',
        severity: 'low',
      },
    ],
    fixes: [{ kind: 'review', title: FIX, output: { 'job.yaml': job('      serviceAccountName: trainer\n      automountServiceAccountToken: false\n') } }],
  },
  {
    name: 'the pod spec’s true wins over a ServiceAccount that disables the token',
    files: { 'job.yaml': job('      serviceAccountName: trainer\n      automountServiceAccountToken: true\n'), 'sa.yaml': sa('automountServiceAccountToken: false\n') },
    errors: [{ line: 10, column: 37, message: /^Job "train" sets automountServiceAccountToken: true/ }],
    fixes: [{ kind: 'review', title: FIX, output: { 'job.yaml': job('      serviceAccountName: trainer\n      automountServiceAccountToken: false\n') } }],
  },
  {
    name: 'a ServiceAccount in the workspace that does not disable the token either is named in the message',
    files: { 'job.yaml': job('      serviceAccountName: trainer\n'), 'sa.yaml': sa('') },
    errors: [
      {
        line: 8,
        column: 5,
        message:
          'Job "train" does not set automountServiceAccountToken: false, nor does ServiceAccount "trainer", so its containers hold a Kubernetes API token of service account "trainer" that a training workload does not need.',
      },
    ],
    fixes: [{ kind: 'review', title: FIX, output: { 'job.yaml': `${job('      serviceAccountName: trainer\n')}      automountServiceAccountToken: false\n` } }],
  },
  {
    name: 'a ServiceAccount of the same name in another namespace does not count',
    files: { 'job.yaml': job('      serviceAccountName: trainer\n'), 'sa.yaml': sa('automountServiceAccountToken: false\n', 'other') },
    errors: [{ line: 8, column: 5, message: /^Job "train" does not set automountServiceAccountToken: false, so/ }],
    fixes: [{ kind: 'review', title: FIX, output: { 'job.yaml': `${job('      serviceAccountName: trainer\n')}      automountServiceAccountToken: false\n` } }],
  },
  {
    name: 'the default service account (no name, or an empty one) is info',
    files: { 'job.yaml': job('      serviceAccountName: ""\n') },
    errors: [{ line: 8, column: 5, message: /service account "default" that a training workload does not need\.$/, severity: 'info' }],
    fixes: [{ kind: 'review', title: FIX, output: { 'job.yaml': `${job('      serviceAccountName: ""\n')}      automountServiceAccountToken: false\n` } }],
  },
  {
    name: 'a Ray worker group is reported even when the head runs the autoscaler',
    files: {
      'ray.yaml':
        'apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: demo\nspec:\n  enableInTreeAutoscaling: true\n  headGroupSpec:\n    template:\n      spec:\n        serviceAccountName: ray\n        containers:\n        - {name: head, image: rayproject/ray:2.9.0}\n  workerGroupSpecs:\n  - groupName: gpu\n    template:\n      spec:\n        serviceAccountName: ray\n        containers:\n        - {name: worker, image: rayproject/ray:2.9.0}\n',
    },
    errors: [{ line: 16, column: 7, message: /^RayCluster "demo" does not set automountServiceAccountToken: false/ }],
    fixes: [
      {
        kind: 'review',
        title: FIX,
        output: {
          'ray.yaml':
            'apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: demo\nspec:\n  enableInTreeAutoscaling: true\n  headGroupSpec:\n    template:\n      spec:\n        serviceAccountName: ray\n        containers:\n        - {name: head, image: rayproject/ray:2.9.0}\n  workerGroupSpecs:\n  - groupName: gpu\n    template:\n      spec:\n        serviceAccountName: ray\n        containers:\n        - {name: worker, image: rayproject/ray:2.9.0}\n        automountServiceAccountToken: false\n',
        },
      },
    ],
  },
);

ruleTester(rule, {
  valid: [
    ...disabled.map((k) => ({ name: `${k.kind} with automountServiceAccountToken: false`, files: { [k.file]: k.text } })),
    ...named.filter((k) => !reported(k.kind)).map((k) => ({ name: `${k.kind}: not a serving or training pod of its own (may need the API)`, files: { [k.file]: k.text } })),
    {
      name: 'a ServiceAccount in the workspace that disables the token, and a pod that leaves it unset',
      files: { 'job.yaml': job('      serviceAccountName: trainer\n'), 'sa.yaml': sa('automountServiceAccountToken: false\n') },
    },
    {
      name: 'a ServiceAccount without a namespace matches a pod in any',
      files: { 'job.yaml': job('      serviceAccountName: trainer\n'), 'sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: trainer}\nautomountServiceAccountToken: false\n' },
    },
  ],
  invalid,
});
