// Table tests of container/missing-resource-limits on every pod-shaped kind and on KFP executors.

import rule from '../../../src/core/rules/container/missing-resource-limits';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const bare = ['- name: app', '  image: registry.example.com/train:3.1.0'];
const fixed = podKinds([...bare, '  resources:', '    limits:', '      cpu: "1"', '      memory: 1Gi']);
const kfp = (resources: string) =>
  `deploymentSpec:\n  executors:\n    exec-train:\n      container:\n        image: python:3.11\n        command: [python, train.py]\n${resources}pipelineInfo:\n  name: train\nroot:\n  dag:\n    tasks:\n      train:\n        componentRef: {name: comp-train}\nschemaVersion: 2.1.0\n`;

const invalid: InvalidCase[] = podKinds(bare).map((k, i) => ({
  name: `${k.kind} without limits`,
  files: { [k.file]: k.text },
  errors: [{ line: k.containerLine, message: 'Container "app" has no cpu or memory limit, so it can starve the node\'s other workloads.', severity: 'info' }],
  fixes: [{ kind: 'guided', title: 'Add cpu and memory limits', output: { [k.file]: fixed[i].text } }],
}));
invalid.push(
  {
    name: 'KFP executor without limits',
    files: { 'pipeline.yaml': kfp('') },
    errors: [{ line: 3, column: 5, message: /^Container "train" has no cpu or memory limit/ }],
  },
  {
    name: 'GPU requested without a limit',
    files: {
      'p.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    resources:\n      requests: {nvidia.com/gpu: 1}\n      limits: {cpu: "2", memory: 8Gi}\n',
    },
    errors: [{ line: 9, column: 34, message: /requests nvidia.com\/gpu without a limit/ }],
  },
  {
    name: 'an existing limits mapping gets the missing key only',
    files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    resources:\n      limits:\n        cpu: "2"\n' },
    errors: [{ line: 8, message: /has no memory limit/ }],
    fixes: [
      {
        kind: 'guided',
        output: {
          'p.yaml':
            'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    resources:\n      limits:\n        cpu: "2"\n        memory: 1Gi\n',
        },
      },
    ],
  },
);

ruleTester(rule, {
  valid: [
    ...fixed.map((k) => ({ name: `${k.kind} with limits`, files: { [k.file]: k.text } })),
    { name: 'KFP executor with limits', files: { 'pipeline.yaml': kfp('        resources:\n          cpuLimit: 2.0\n          memoryLimit: 8.0\n') } },
  ],
  invalid,
});
