// container/unconfined-seccomp: a container whose effective seccomp profile is Unconfined.

import { securedContainers, POD_FORMATS } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'container/unconfined-seccomp',
    title: 'Container runs without seccomp filtering',
    description:
      'A container whose effective seccomp profile is `Unconfined`: `securityContext.seccompProfile.type: Unconfined` on the container, or on the pod when the container sets none, or the legacy annotations `container.seccomp.security.alpha.kubernetes.io/<container>` and `seccomp.security.alpha.kubernetes.io/pod` set to `unconfined`. The container’s own setting overrides the pod’s, and a field overrides an annotation at the same level. A docker-compose service with `security_opt: [seccomp:unconfined]` (or `seccomp=unconfined`).',
    explanation:
      'Seccomp is the filter that keeps a container’s processes away from the rarely used system calls most kernel escapes go through (`unshare`, `keyctl`, `bpf`, `ptrace`, new mount APIs). With `Unconfined` a process that a malicious model file, a poisoned dependency or an exposed notebook runs can call every one of them on the node’s shared kernel. The container runtime’s default profile (`RuntimeDefault`) allows what ordinary ML workloads need, GPU access included; a workload that really needs one more call gets a `Localhost` profile that adds just that call.',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  seccompProfile:\n    type: Unconfined',
      good: 'securityContext:\n  seccompProfile:\n    type: RuntimeDefault',
    },
    formats: [...POD_FORMATS, 'compose'],
    severity: 'high',
    fixes: ['review'],
    stride: ['E'],
    atlas: ['AML.T0105'],
    owasp: ['ML06'],
    references: ['https://kubernetes.io/docs/tutorials/security/seccomp/', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    equivalents: ['Trivy KSV-0104', 'Checkov CKV_K8S_31'],
  },
  check(ctx) {
    const out: Report[] = [];
    const seen = new Set<string>();
    for (const { w, c } of securedContainers(ctx.factIndex, true)) {
      const seccomp = w.container!.securityContext.seccomp;
      if (!seccomp || seccomp.value.value.trim().toLowerCase() !== 'unconfined') continue;
      const loc = seccomp.value.loc;
      // A pod-level setting is one finding for the pod, not one per container.
      const key = `${loc.file}:${loc.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (w.format === 'compose') {
        out.push({
          message: `Service "${c.name}" runs without seccomp filtering (security_opt seccomp:unconfined), so a compromised process can make every system call kernel escapes use.`,
          loc,
          ...(seccomp.removal ? { fixes: [fixOf('Remove seccomp:unconfined so Docker’s default profile applies', 'review', loc, [seccomp.removal])] } : {}),
        });
        continue;
      }
      const where = seccomp.annotation ? `the annotation ${seccomp.annotation}` : seccomp.level === 'pod' ? 'the pod’s seccompProfile' : 'its seccompProfile';
      const who = seccomp.level === 'pod' ? `The containers of ${w.pod ? 'the pod' : 'the workload'} run` : `Container "${c.name}" runs`;
      out.push({
        message: `${who} without seccomp filtering (Unconfined, set by ${where}), so a compromised process can make every system call kernel escapes use.`,
        loc,
        fixes: [fixOf('Use the runtime’s default seccomp profile', 'review', loc, [{ start: loc.start, end: loc.end, newText: seccomp.annotation ? 'runtime/default' : 'RuntimeDefault' }])],
      });
    }
    return out;
  },
});
