// Table tests of the Kubernetes part of container/runs-as-root on every pod-shaped kind.

import rule from '../../../src/core/rules/container/runs-as-root';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const bare = ['- name: app', '  image: registry.example.com/serve:1.4.2'];
const fixed = podKinds([...bare, '  securityContext:', '    runAsNonRoot: true']);
const pod = (body: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n${body}`;

const invalid: InvalidCase[] = podKinds(bare).map((k, i) => ({
  name: `${k.kind} without runAsNonRoot`,
  files: { [k.file]: k.text },
  errors: [{ line: k.containerLine, message: /^Container "app" does not require a non-root user/, severity: 'medium' }],
  fixes: [{ kind: 'review', title: 'Require a non-root user (runAsNonRoot: true)', output: { [k.file]: fixed[i].text } }],
}));
invalid.push({
  name: 'runAsUser: 0 is reported where it is set',
  files: { 'p.yaml': pod('  securityContext:\n    runAsUser: 0\n  containers:\n  - name: app\n    image: app:1.0\n') },
  errors: [{ line: 7, column: 16, message: /sets runAsUser: 0/ }],
  fixes: [{ kind: 'review', output: { 'p.yaml': pod('  securityContext:\n    runAsUser: 10001\n  containers:\n  - name: app\n    image: app:1.0\n') } }],
});

/** An Argo workflow whose one template's container has the given lines after its name and image. */
const argo = (extra: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  name: demo\nspec:\n  entrypoint: train\n  serviceAccountName: runner\n  templates:\n  - name: train\n    container:\n      name: ""\n      image: app:1.0\n${extra}`;
invalid.push({
  name: 'an Argo container with an empty name (as KFP compiles it) is named after its template',
  files: { 'wf.yaml': argo('') },
  errors: [{ line: 11, message: /^Container "train" does not require a non-root user/ }],
  fixes: [{ kind: 'review', output: { 'wf.yaml': argo('      securityContext:\n        runAsNonRoot: true\n') } }],
});

ruleTester(rule, {
  valid: [
    ...fixed.map((k) => ({ name: `${k.kind} with runAsNonRoot: true`, files: { [k.file]: k.text } })),
    { name: 'a pod-level non-zero runAsUser covers its containers', files: { 'p.yaml': pod('  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: app\n    image: app:1.0\n') } },
  ],
  invalid,
});
