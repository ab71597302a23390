// Table tests of container/dangerous-capabilities on every pod-shaped kind and both sequence styles.

import rule from '../../../src/core/rules/container/dangerous-capabilities';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const base = ['- name: app', '  image: registry.example.com/profiler:0.9.0', '  securityContext:', '    capabilities:', '      add:'];
const fixed = podKinds([...base, '      - NET_BIND_SERVICE']);
const invalid: InvalidCase[] = podKinds([...base, '      - SYS_ADMIN', '      - NET_BIND_SERVICE']).map((k, i) => ({
  name: `${k.kind} adding SYS_ADMIN`,
  files: { [k.file]: k.text },
  errors: [{ line: k.containerLine + 5, message: /^Container "app" adds the SYS_ADMIN capability/, severity: 'high' }],
  fixes: [{ kind: 'review', title: 'Remove the SYS_ADMIN capability', output: { [k.file]: fixed[i].text } }],
}));
const pod = (caps: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    securityContext:\n      capabilities:\n        add: ${caps}\n`;
invalid.push({
  name: 'flow sequence, last item',
  files: { 'p.yaml': pod('[NET_BIND_SERVICE, "CAP_NET_RAW"]') },
  // NET_RAW spoofs traffic on the pod network; it is no container escape, so it is medium.
  errors: [
    {
      line: 10,
      column: 34,
      message: 'Container "app" adds the NET_RAW capability, which lets a compromised process craft raw packets to spoof or intercept traffic of neighbouring pods.',
      severity: 'medium',
    },
  ],
  fixes: [{ kind: 'review', output: { 'p.yaml': pod('[NET_BIND_SERVICE]') } }],
});

ruleTester(rule, {
  valid: [
    ...fixed.map((k) => ({ name: `${k.kind} adding only NET_BIND_SERVICE`, files: { [k.file]: k.text } })),
    { name: 'dropping ALL is fine', files: { 'p.yaml': pod('[]').replace('add: []', 'drop: [ALL]') } },
  ],
  invalid,
});
