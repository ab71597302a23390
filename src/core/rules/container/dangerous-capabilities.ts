// container/dangerous-capabilities: a container that adds a powerful Linux capability.

import { containers, POD_FORMATS } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

const DANGEROUS = new Set(['SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'NET_RAW', 'ALL', 'SYS_RAWIO', 'DAC_READ_SEARCH', 'SYS_BOOT', 'BPF', 'PERFMON']);

export default defineRule({
  meta: {
    id: 'container/dangerous-capabilities',
    title: 'Container adds a dangerous capability',
    description:
      'A container whose `securityContext.capabilities.add` (docker-compose: `cap_add`) lists SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, NET_RAW, ALL or another capability that breaks container isolation. NET_RAW is reported at medium severity: it allows packet spoofing on the pod network, not an escape from the container.',
    explanation:
      'These capabilities undo most of what a container boundary provides: SYS_ADMIN allows mounts and namespace tricks that lead to the host, SYS_MODULE loads kernel code, SYS_PTRACE reads other processes’ memory (credentials, model weights), NET_ADMIN and NET_RAW let the pod spoof and intercept traffic of its neighbours. ML images rarely need any of them; profilers and debuggers belong in a separate debug pod.',
    example: {
      language: 'yaml',
      bad: 'securityContext:\n  capabilities:\n    add: ["SYS_ADMIN"]',
      good: 'securityContext:\n  capabilities:\n    drop: ["ALL"]',
    },
    formats: [...POD_FORMATS, 'compose'],
    severity: 'high',
    fixes: ['review'],
    stride: ['E'],
    atlas: ['AML.T0105'],
    owasp: ['ML06'],
    references: ['https://man7.org/linux/man-pages/man7/capabilities.7.html', 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
    equivalents: ['Trivy KSV-0022', 'Checkov CKV_K8S_25/39', 'KICS Containers With Added Capabilities'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const { w, c } of containers(ctx.factIndex)) {
      if (!c.securityContextApplies) continue;
      const who = w.format === 'compose' ? `Service "${c.name}"` : `Container "${c.name}"`;
      for (const cap of c.capabilitiesAdd) {
        const name = cap.value.value.trim().toUpperCase().replace(/^CAP_/, '');
        if (!DANGEROUS.has(name)) continue;
        // NET_RAW crafts packets on the pod network (spoofing, ARP and DNS tricks) but is no escape by itself.
        const netRaw = name === 'NET_RAW';
        out.push({
          message: netRaw
            ? `${who} adds the NET_RAW capability, which lets a compromised process craft raw packets to spoof or intercept traffic of neighbouring pods.`
            : `${who} adds the ${name} capability, which lets a compromised process break out of the container's isolation.`,
          loc: cap.value.loc,
          ...(netRaw ? { severity: 'medium' as const } : {}),
          ...(cap.removal ? { fixes: [fixOf(`Remove the ${name} capability`, 'review', cap.value.loc, [cap.removal])] } : {}),
        });
      }
    }
    return out;
  },
});
