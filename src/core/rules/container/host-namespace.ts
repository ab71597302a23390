// container/host-namespace: a pod that shares the node's network, process or IPC namespace.

import { containers, POD_FORMATS } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

const WHAT = {
  hostNetwork: 'the node’s network: it can bind node ports, reach the kubelet and node-local services, and sniff traffic',
  hostPID: 'the node’s process table: it can see and signal every process on the node and read their environment',
  hostIPC: 'the node’s IPC namespace: it can read shared memory of other processes on the node',
} as const;

const COMPOSE = {
  hostNetwork: ['network_mode: host', 'the host’s network: it can bind the host’s ports, reach services listening on the host’s loopback and sniff its traffic'],
  hostPID: ['pid: host', 'the host’s process table: it can see and signal every process on the host and read their environment'],
  hostIPC: ['ipc: host', 'the host’s IPC namespace: it can read shared memory of other processes on the host'],
} as const;

export default defineRule({
  meta: {
    id: 'container/host-namespace',
    title: 'Pod shares a host namespace',
    description: 'A pod, pod template or Argo workflow with `hostNetwork`, `hostPID` or `hostIPC` set to true, or a docker-compose service with `network_mode: host`, `pid: host` or `ipc: host`.',
    explanation:
      'Host namespaces remove the isolation between the pod and the node. With hostNetwork a compromised training or serving pod can reach node-local endpoints (kubelet, cloud metadata, other pods’ ports) and listen on the node’s interfaces; with hostPID it can inspect and signal other workloads’ processes, including reading their credentials; with hostIPC it can read their shared memory, where data loaders and inference servers keep tensors.',
    example: {
      language: 'yaml',
      bad: 'spec:\n  hostNetwork: true\n  containers:\n  - name: worker\n    image: registry.example.com/worker:2.0.1',
      good: 'spec:\n  containers:\n  - name: worker\n    image: registry.example.com/worker:2.0.1',
    },
    formats: [...POD_FORMATS, 'compose'],
    severity: 'high',
    fixes: ['review'],
    stride: ['E', 'I'],
    atlas: ['AML.T0105'],
    owasp: ['ML06'],
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    equivalents: ['Trivy KSV-0008/0009/0010', 'Checkov CKV_K8S_17/18/19', 'KICS Shared Host Network/PID/IPC Namespace'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const { w } of containers(ctx.factIndex)) {
      const pod = w.pod;
      if (!pod) continue;
      for (const f of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
        const v = pod[f];
        if (!v || v.value !== 'true') continue;
        if (w.format === 'compose') {
          const [written, what] = COMPOSE[f];
          const removal = pod.hostNamespaceRemovals?.[f];
          out.push({ message: `Service "${w.name}" sets ${written}, so it shares ${what}.`, loc: v.loc, ...(removal ? { fixes: [fixOf(`Remove ${written}`, 'review', v.loc, [removal])] } : {}) });
          continue;
        }
        out.push({
          message: `The pod sets ${f}: true, so it shares ${WHAT[f]}.`,
          loc: v.loc,
          fixes: [fixOf(`Set ${f} to false`, 'review', v.loc, [{ start: v.loc.start, end: v.loc.end, newText: 'false' }])],
        });
      }
    }
    return out;
  },
});
