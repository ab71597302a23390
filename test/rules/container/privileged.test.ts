// Table tests of container/privileged on every pod-shaped kind.

import rule from '../../../src/core/rules/container/privileged';
import { ruleTester } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const base = ['- name: app', '  image: registry.example.com/train:3.1.0', '  resources:', '    limits: {nvidia.com/gpu: 1}', '  securityContext:'];
const on = podKinds([...base, '    privileged: true']);
const off = podKinds([...base, '    privileged: false']);

ruleTester(rule, {
  valid: [
    ...off.map((k) => ({ name: `${k.kind} with privileged: false`, files: { [k.file]: k.text } })),
    { name: 'KFP v1 component has no securityContext to report', files: { 'c.yaml': 'name: train\nimplementation:\n  container:\n    image: python:3.11\n    command: [python, train.py]\n' } },
  ],
  invalid: on.map((k, i) => ({
    name: `${k.kind} with privileged: true`,
    files: { [k.file]: k.text },
    errors: [{ line: k.containerLine + 5, message: 'Container "app" runs privileged, so a compromise of it controls the node and every pod on it.', severity: 'critical' as const }],
    fixes: [{ kind: 'review' as const, title: 'Set privileged to false', output: { [k.file]: off[i].text } }],
  })),
});
