// Table tests of container/host-namespace on every pod-shaped kind.

import rule from '../../../src/core/rules/container/host-namespace';
import { ruleTester } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const c = ['- name: app', '  image: registry.example.com/worker:2.0.1'];
const off = podKinds(c, ['hostNetwork: false', 'dnsPolicy: ClusterFirst']);

ruleTester(rule, {
  valid: off.map((k) => ({ name: `${k.kind} with hostNetwork: false`, files: { [k.file]: k.text } })),
  invalid: [
    ...podKinds(c, ['hostNetwork: true', 'dnsPolicy: ClusterFirst']).map((k, i) => ({
      name: `${k.kind} with hostNetwork: true`,
      files: { [k.file]: k.text },
      errors: [{ line: k.podLine, message: /^The pod sets hostNetwork: true, so it shares the node’s network/, severity: 'high' as const }],
      fixes: [{ kind: 'review' as const, title: 'Set hostNetwork to false', output: { [k.file]: off[i].text } }],
    })),
    {
      name: 'hostPID and hostIPC are reported separately',
      files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  hostPID: true\n  hostIPC: true\n  containers:\n  - {name: app, image: "app:1.0"}\n' },
      errors: [
        { line: 5, column: 12, message: /hostPID: true/ },
        { line: 6, message: /hostIPC: true/ },
      ],
      fixes: [
        { kind: 'review', output: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  hostPID: false\n  hostIPC: true\n  containers:\n  - {name: app, image: "app:1.0"}\n' } },
      ],
    },
  ],
});
