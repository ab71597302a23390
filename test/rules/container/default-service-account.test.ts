// Table tests of container/default-service-account on every pod-shaped kind.

import rule from '../../../src/core/rules/container/default-service-account';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const c = ['- name: app', '  image: registry.example.com/serve:1.4.2'];
const named = podKinds(c, ['serviceAccountName: demo-runner']);
const kinds = podKinds(c, ['restartPolicy: Always']);

/** The 1-based line of the key that holds the pod spec: the nearest line above the pod lines indented less. */
function anchorLine(text: string, podLine: number): number {
  const lines = text.split('\n');
  const indent = (l: string) => l.length - l.trimStart().length;
  const podIndent = indent(lines[podLine - 1]);
  for (let i = podLine - 2; i >= 0; i--) if (lines[i].trim() && indent(lines[i]) < podIndent) return i + 1;
  return 1;
}

const invalid: InvalidCase[] = kinds
  .filter((k) => k.serviceAccount)
  .map((k) => {
    const lines = k.text.split('\n');
    const podIndent = lines[k.podLine - 1].length - lines[k.podLine - 1].trimStart().length;
    return {
      name: `${k.kind} without a service account`,
      files: { [k.file]: k.text },
      errors: [
        {
          line: anchorLine(k.text, k.podLine),
          message: k.kind === 'Experiment' ? /^Job "demo" names no service account/ : new RegExp(`^${k.kind} "demo-?" names no service account`),
          severity: 'low' as const,
        },
      ],
      fixes: [{ kind: 'guided' as const, title: 'Use a dedicated service account', output: { [k.file]: `${k.text}${' '.repeat(podIndent)}serviceAccountName: demo-runner\n` } }],
    };
  });
invalid.push({
  name: 'explicit default is reported at its value',
  files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  serviceAccountName: default\n  containers:\n  - {name: app, image: "app:1.0"}\n' },
  errors: [{ line: 5, column: 23, message: /runs under the default service account/ }],
  fixes: [
    {
      kind: 'guided',
      title: 'Use a dedicated service account',
      output: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  serviceAccountName: demo-runner\n  containers:\n  - {name: app, image: "app:1.0"}\n' },
    },
  ],
});
invalid.push({
  name: 'an empty service account name is the default one',
  files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  serviceAccountName: ""\n  containers:\n  - {name: app, image: "app:1.0"}\n' },
  errors: [{ line: 5, column: 24, message: 'Pod "demo" runs under the default service account, which every pod in the namespace shares.' }],
  fixes: [
    {
      kind: 'guided',
      title: 'Use a dedicated service account',
      output: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  serviceAccountName: "demo-runner"\n  containers:\n  - {name: app, image: "app:1.0"}\n' },
    },
  ],
});

ruleTester(rule, {
  valid: [
    ...named.map((k) => ({ name: `${k.kind} with a dedicated service account`, files: { [k.file]: k.text } })),
    ...kinds.filter((k) => !k.serviceAccount).map((k) => ({ name: `${k.kind} takes its service account from what uses it`, files: { [k.file]: k.text } })),
    {
      name: 'a notebook template whose service account is filled in when it is rendered',
      files: {
        'notebook_template.yaml':
          'apiVersion: kubeflow.org/v1\nkind: Notebook\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      serviceAccountName: {serviceAccount}\n      containers:\n        - name: notebook\n          image: kubeflownotebookswg/jupyter-scipy:v1.8.0\n',
      },
    },
  ],
  invalid,
});
