// Table tests of container/writable-root-filesystem on every pod-shaped kind.

import rule from '../../../src/core/rules/container/writable-root-filesystem';
import { ruleTester } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const bare = ['- name: app', '  image: registry.example.com/serve:1.4.2', '  securityContext:', '    runAsNonRoot: true'];
const fixed = podKinds([...bare, '    readOnlyRootFilesystem: true']);

ruleTester(rule, {
  valid: fixed.map((k) => ({ name: `${k.kind} with a read-only root filesystem`, files: { [k.file]: k.text } })),
  invalid: [
    ...podKinds(bare).map((k, i) => ({
      name: `${k.kind} without readOnlyRootFilesystem`,
      files: { [k.file]: k.text },
      errors: [{ line: k.containerLine + 2, message: /^Container "app" has a writable root filesystem/, severity: 'info' as const }],
      fixes: [{ kind: 'safe' as const, title: 'Make the root filesystem read-only', output: { [k.file]: fixed[i].text } }],
    })),
    {
      name: 'explicit false is flipped',
      files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    securityContext: {readOnlyRootFilesystem: false}\n' },
      errors: [{ line: 8, column: 47, message: /writable root filesystem/ }],
      fixes: [
        {
          kind: 'safe',
          output: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n    securityContext: {readOnlyRootFilesystem: true}\n' },
        },
      ],
    },
  ],
});
