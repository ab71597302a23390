// container/privileged: a container that runs with `privileged: true`.

import { POD_FORMATS, securedContainers } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'container/privileged',
    title: 'Privileged container',
    description:
      'A container (Kubernetes pod, Argo template, KServe/Seldon predictor, training job replica) with `securityContext.privileged: true`, or a docker-compose service with `privileged: true`.',
    explanation:
      'A privileged container gets every Linux capability and the host’s devices, and runs without seccomp or AppArmor confinement: anyone who compromises it — through a malicious model file, a poisoned dependency or an exposed notebook — can mount the node’s disks, load kernel modules and take over the node and every pod on it. GPUs do not need privilege: request `nvidia.com/gpu` in the resource limits and let the device plugin expose them.',
    example: {
      language: 'yaml',
      bad: 'containers:\n- name: train\n  image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n  securityContext:\n    privileged: true',
      good: 'containers:\n- name: train\n  image: pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\n  resources:\n    limits:\n      nvidia.com/gpu: 1',
    },
    formats: [...POD_FORMATS, 'compose'],
    severity: 'critical',
    fixes: ['review'],
    stride: ['E'],
    atlas: ['AML.T0105'],
    owasp: ['ML06'],
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    equivalents: ['Trivy KSV-0017', 'Checkov CKV_K8S_16', 'KICS Container Is Privileged'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const { w, c } of securedContainers(ctx.factIndex, true)) {
      const loc = w.container!.securityContext.locs.privileged;
      if (w.container!.securityContext.privileged !== true || !loc) continue;
      if (w.format === 'compose') {
        out.push({
          message: `Service "${c.name}" runs privileged, so a compromise of it controls the Docker host and every container on it.`,
          loc,
          ...(c.privilegedRemoval ? { fixes: [fixOf('Remove privileged: true', 'review', loc, [c.privilegedRemoval])] } : {}),
        });
        continue;
      }
      out.push({
        message: `Container "${c.name}" runs privileged, so a compromise of it controls the node and every pod on it.`,
        loc,
        fixes: [fixOf('Set privileged to false', 'review', loc, [{ start: loc.start, end: loc.end, newText: 'false' }])],
      });
    }
    return out;
  },
});
