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

ruleTester(rule, {
  valid: [
    ...fixed.map((k) => ({ name: `${k.kind} with runAsNonRoot: true`, files: { [k.file]: k.text } })),
    { name: 'a pod-level non-zero runAsUser covers its containers', files: { 'p.yaml': pod('  securityContext:\n    runAsUser: 1000\n  containers:\n  - name: app\n    image: app:1.0\n') } },
  ],
  invalid,
});
