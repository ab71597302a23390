// Table tests of container/host-path-mount on every pod-shaped kind, with graded severity.

import rule from '../../../src/core/rules/container/host-path-mount';
import { ruleTester } from '../../helpers/rule-tester';
import { podKinds } from '../../helpers/k8s-kinds';

const c = ['- name: app', '  image: registry.example.com/train:3.1.0', '  volumeMounts:', '  - {name: data, mountPath: /data}'];

ruleTester(rule, {
  valid: [
    {
      name: 'a PersistentVolume backed by NFS or a CSI driver',
      files: {
        'pv.yaml':
          'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: datasets}\nspec:\n  capacity: {storage: 50Gi}\n  accessModes: [ReadOnlyMany]\n  nfs: {server: nfs.internal, path: /exports/datasets}\n',
      },
    },
    ...podKinds(c, ['volumes:', '- name: data', '  persistentVolumeClaim:', '    claimName: datasets']).map((k) => ({ name: `${k.kind} with a PVC`, files: { [k.file]: k.text } })),
  ],
  invalid: [
    ...podKinds(c, ['volumes:', '- name: data', '  hostPath:', '    path: /mnt/datasets']).map((k) => ({
      name: `${k.kind} with a dataset cache on the node`,
      files: { [k.file]: k.text },
      errors: [{ line: k.podLine + 3, message: /^Volume "data" mounts \/mnt\/datasets from the node/, severity: 'medium' as const }],
    })),
    {
      name: 'node logs mounted read-only by a log shipper are medium, and the message says read-only',
      files: {
        'p.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: shipper\n    image: fluent/fluent-bit:3.0.7\n    volumeMounts:\n    - {name: varlog, mountPath: /var/log, readOnly: true}\n  volumes:\n  - name: varlog\n    hostPath: {path: /var/log}\n',
      },
      errors: [
        {
          line: 12,
          column: 22,
          message: 'Volume "varlog" mounts /var/log from the node read-only, so the pod reads the logs of every pod on the node, and any token or data they print.',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'node logs mounted writable stay critical',
      files: {
        'p.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: shipper\n    image: fluent/fluent-bit:3.0.7\n    volumeMounts:\n    - {name: varlog, mountPath: /var/log, readOnly: false}\n  volumes:\n  - name: varlog\n    hostPath: {path: /var/log}\n',
      },
      errors: [{ line: 12, column: 22, message: /gives the pod control over the node/, severity: 'critical' }],
    },
    {
      name: 'a PersistentVolume backed by a node directory, graded by its path',
      files: {
        'pv.yaml':
          'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: model-cache}\nspec:\n  capacity: {storage: 50Gi}\n  accessModes: [ReadWriteMany]\n  hostPath:\n    path: /mnt/models\n---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: node-root}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /}\n',
      },
      errors: [
        { line: 8, column: 11, message: 'PersistentVolume "model-cache" is /mnt/models on the node, so any pod that claims it reads and writes node state that other pods share.', severity: 'medium' },
        { line: 16, column: 20, message: 'PersistentVolume "node-root" is / on the node, so any pod that claims it gets control over the node.', severity: 'critical' },
      ],
    },
    {
      name: 'the container runtime socket is critical',
      files: {
        'p.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: {name: demo}\nspec:\n  containers:\n  - name: app\n    image: app:1.0\n  volumes:\n  - name: sock\n    hostPath: {path: "/var/run/docker.sock", type: Socket}\n',
      },
      errors: [{ line: 10, column: 23, message: /gives the pod control over the node/, severity: 'critical' }],
    },
  ],
});
