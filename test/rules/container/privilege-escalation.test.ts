// Table tests of container/privilege-escalation on every pod-shaped kind and on the YAML styles its fix must keep.

import rule from '../../../src/core/rules/container/privilege-escalation';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const bare = ['- name: app', '  image: registry.example.com/train:3.1.0@sha256:' + 'a'.repeat(64)];
const hardened = [...bare, '  securityContext:', '    allowPrivilegeEscalation: false'];
const missing = /^Container "app" does not set allowPrivilegeEscalation to false/;

const valid: ValidCase[] = podKinds(hardened).map((k) => ({ name: `${k.kind} with allowPrivilegeEscalation: false`, files: { [k.file]: k.text } }));
const invalid: InvalidCase[] = podKinds(bare).map((k) => ({
  name: `${k.kind} without a securityContext`,
  files: { [k.file]: k.text },
  errors: [{ line: k.containerLine, message: missing, severity: 'low' }],
  fixes: [{ kind: 'safe', title: 'Set allowPrivilegeEscalation to false', output: { [k.file]: podKinds(hardened).find((h) => h.kind === k.kind)!.text } }],
}));

const pod = (containers: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  containers:\n${containers}`;

invalid.push(
  {
    name: 'explicit true is flipped in place, comments kept',
    files: { 'p.yaml': pod('  - name: app   # main container\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: true # legacy\n') },
    errors: [{ line: 10, column: 33, message: /sets allowPrivilegeEscalation to true/ }],
    fixes: [{ kind: 'safe', output: { 'p.yaml': pod('  - name: app   # main container\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: false # legacy\n') } }],
  },
  {
    name: 'existing securityContext in block style gets the key after its last pair',
    files: { 'p.yaml': pod('  - name: app\n    image: app:1.0\n    securityContext:\n      runAsUser: 1000\n      # keep this comment\n    ports: [{containerPort: 8080}]\n') },
    errors: [{ line: 9, column: 5, message: missing }],
    fixes: [
      {
        kind: 'safe',
        output: {
          'p.yaml': pod(
            '  - name: app\n    image: app:1.0\n    securityContext:\n      runAsUser: 1000\n      allowPrivilegeEscalation: false\n      # keep this comment\n    ports: [{containerPort: 8080}]\n',
          ),
        },
      },
    ],
  },
  {
    name: 'flow-style container gets a flow securityContext',
    files: { 'p.yaml': pod('  - {name: app, image: "app:1.0"}\n') },
    errors: [{ line: 7, column: 12, message: missing }],
    fixes: [{ kind: 'safe', output: { 'p.yaml': pod('  - {name: app, image: "app:1.0", securityContext: {allowPrivilegeEscalation: false}}\n') } }],
  },
  {
    name: 'flow-style securityContext gets the key inside its braces',
    files: { 'p.yaml': pod('  - name: app\n    image: app:1.0\n    securityContext: {runAsNonRoot: true}\n') },
    errors: [{ line: 9, column: 5, message: missing }],
    fixes: [{ kind: 'safe', output: { 'p.yaml': pod('  - name: app\n    image: app:1.0\n    securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}\n') } }],
  },
  {
    name: 'empty securityContext gets a nested mapping',
    files: { 'p.yaml': pod('  - name: app\n    image: app:1.0\n    securityContext:\n  - name: side\n    image: side:1.0\n    securityContext: {allowPrivilegeEscalation: false}\n') },
    errors: [{ line: 9, column: 5, message: missing }],
    fixes: [
      {
        kind: 'safe',
        output: {
          'p.yaml': pod(
            '  - name: app\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: false\n  - name: side\n    image: side:1.0\n    securityContext: {allowPrivilegeEscalation: false}\n',
          ),
        },
      },
    ],
  },
  {
    name: 'anchors and aliases: the aliased container is fixed where it is written',
    files: { 'p.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  initContainers:\n  - &base\n    name: app\n    image: app:1.0\n  containers:\n  - *base\n' },
    errors: [{ line: 8, message: missing }],
    fixes: [
      {
        kind: 'safe',
        output: {
          'p.yaml':
            'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  initContainers:\n  - &base\n    name: app\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: false\n  containers:\n  - *base\n',
        },
      },
    ],
  },
  {
    name: 'multi-document file: only the second document is edited',
    files: { 'm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\n' + pod('  - name: app\n    image: app:1.0\n') },
    errors: [{ line: 12, message: missing }],
    fixes: [
      {
        kind: 'safe',
        output: {
          'm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n---\n' + pod('  - name: app\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: false\n'),
        },
      },
    ],
  },
  {
    name: 'CRLF line endings are kept',
    files: { 'w.yaml': pod('  - name: app\n    image: app:1.0\n').replace(/\n/g, '\r\n') },
    errors: [{ line: 7, message: missing }],
    fixes: [{ kind: 'safe', output: { 'w.yaml': pod('  - name: app\n    image: app:1.0\n    securityContext:\n      allowPrivilegeEscalation: false\n').replace(/\n/g, '\r\n') } }],
  },
);

ruleTester(rule, { valid, invalid });
