// Table tests of container/unconfined-seccomp: the seccompProfile field at pod and container level
// on every pod-shaped kind, and the legacy seccomp annotations.

import rule from '../../../src/core/rules/container/unconfined-seccomp';
import { ruleTester, type InvalidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const base = ['- name: app', '  image: registry.example.com/train:3.1.0', '  securityContext:', '    seccompProfile:'];
const on = podKinds([...base, '      type: Unconfined']);
const off = podKinds([...base, '      type: RuntimeDefault']);
const FIX = 'Use the runtime’s default seccomp profile';
const containerMessage = 'Container "app" runs without seccomp filtering (Unconfined, set by its seccompProfile), so a compromised process can make every system call kernel escapes use.';

const pod = (meta: string, spec: string, container = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\n${meta}spec:\n${spec}  containers:\n  - name: app\n    image: app:1.0\n${container}  - name: sidecar\n    image: proxy:1.0\n`;
const podLevel = '  securityContext:\n    seccompProfile:\n      type: Unconfined\n';

const invalid: InvalidCase[] = on.map((k, i) => ({
  name: `${k.kind} with a container seccompProfile of Unconfined`,
  files: { [k.file]: k.text },
  errors: [{ line: k.containerLine + 4, message: containerMessage, severity: 'high' as const }],
  fixes: [{ kind: 'review' as const, title: FIX, output: { [k.file]: off[i].text } }],
}));

invalid.push(
  {
    name: 'a pod-level Unconfined profile is one finding for the pod, whatever its number of containers',
    files: { 'p.yaml': pod('', podLevel) },
    errors: [
      {
        line: 8,
        column: 13,
        message: 'The containers of the pod run without seccomp filtering (Unconfined, set by the pod’s seccompProfile), so a compromised process can make every system call kernel escapes use.',
      },
    ],
    fixes: [{ kind: 'review', title: FIX, output: { 'p.yaml': pod('', podLevel.replace('Unconfined', 'RuntimeDefault')) } }],
  },
  {
    name: 'a container Unconfined profile overrides the pod’s RuntimeDefault',
    files: { 'p.yaml': pod('', podLevel.replace('Unconfined', 'RuntimeDefault'), '    securityContext:\n      seccompProfile: {type: Unconfined}\n') },
    errors: [{ line: 13, column: 30, message: containerMessage }],
    fixes: [{ kind: 'review', title: FIX, output: { 'p.yaml': pod('', podLevel.replace('Unconfined', 'RuntimeDefault'), '    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n') } }],
  },
  {
    name: 'the legacy pod annotation',
    files: { 'p.yaml': pod('  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\n', '') },
    errors: [{ line: 6, column: 47, message: /^The containers of the pod run without seccomp filtering \(Unconfined, set by the annotation seccomp\.security\.alpha\.kubernetes\.io\/pod\)/ }],
    fixes: [{ kind: 'review', title: FIX, output: { 'p.yaml': pod('  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: runtime/default\n', '') } }],
  },
  {
    name: 'the legacy container annotation of a Deployment’s pod template names one container',
    files: {
      'd.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: serve\nspec:\n  template:\n    metadata:\n      annotations:\n        container.seccomp.security.alpha.kubernetes.io/model: "unconfined"\n    spec:\n      containers:\n      - name: model\n        image: serve:2.0\n      - name: proxy\n        image: proxy:1.0\n',
    },
    errors: [{ line: 9, column: 64, message: /^Container "model" runs without seccomp filtering \(Unconfined, set by the annotation container\.seccomp\.security\.alpha\.kubernetes\.io\/model\)/ }],
    fixes: [
      {
        kind: 'review',
        title: FIX,
        output: {
          'd.yaml':
            'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: serve\nspec:\n  template:\n    metadata:\n      annotations:\n        container.seccomp.security.alpha.kubernetes.io/model: "runtime/default"\n    spec:\n      containers:\n      - name: model\n        image: serve:2.0\n      - name: proxy\n        image: proxy:1.0\n',
        },
      },
    ],
  },
);

ruleTester(rule, {
  valid: [
    ...off.map((k) => ({ name: `${k.kind} with RuntimeDefault`, files: { [k.file]: k.text } })),
    { name: 'a pod that sets no seccomp profile (left to the runtime and admission policy)', files: { 'p.yaml': pod('', '') } },
    {
      name: 'a container RuntimeDefault overrides the pod’s Unconfined, and a Localhost profile is confined',
      files: {
        'p.yaml': pod('', podLevel, '    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n').replace(
          '    image: proxy:1.0\n',
          '    image: proxy:1.0\n    securityContext:\n      seccompProfile: {type: Localhost, localhostProfile: profiles/proxy.json}\n',
        ),
      },
    },
    {
      name: 'a container field overrides the pod annotation',
      files: {
        'p.yaml': pod('  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: unconfined\n', '', '    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n').replace(
          '    image: proxy:1.0\n',
          '    image: proxy:1.0\n    securityContext:\n      seccompProfile: {type: RuntimeDefault}\n',
        ),
      },
    },
  ],
  invalid,
});
