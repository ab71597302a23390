// container/privilege-escalation: a container that does not set `allowPrivilegeEscalation: false`.

import { POD_FORMATS, securedContainers } from '../container-support';
import { defineRule, type Report } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'container/privilege-escalation',
    title: 'Container allows privilege escalation',
    description: 'A container whose securityContext does not set `allowPrivilegeEscalation: false` (unset means allowed).',
    explanation:
      'With privilege escalation allowed, a process in the container can gain more privileges than it started with through setuid binaries or file capabilities. An attacker who gets code execution in a training or serving container — through a malicious pickle, a compromised package or an exposed notebook — uses that to become root in the container and then to attack the node.',
    example: {
      language: 'yaml',
      bad: 'containers:\n- name: serve\n  image: registry.example.com/serve:1.4.2',
      good: 'containers:\n- name: serve\n  image: registry.example.com/serve:1.4.2\n  securityContext:\n    allowPrivilegeEscalation: false',
    },
    formats: [...POD_FORMATS],
    severity: 'low',
    fixes: ['safe'],
    stride: ['E'],
    atlas: ['AML.T0105'],
    owasp: ['ML06'],
    references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    equivalents: ['Trivy KSV-0001', 'Checkov CKV_K8S_20', 'KICS Privilege Escalation Allowed'],
  },
  check(ctx) {
    const out: Report[] = [];
    for (const { w, c } of securedContainers(ctx.factIndex)) {
      const sc = w.container!.securityContext;
      if (sc.allowPrivilegeEscalation === false) continue;
      const loc = sc.allowPrivilegeEscalation === true && sc.locs.allowPrivilegeEscalation ? sc.locs.allowPrivilegeEscalation : c.securityAnchor;
      const edits = c.securityEdits.allowPrivilegeEscalation;
      out.push({
        message:
          sc.allowPrivilegeEscalation === true
            ? `Container "${c.name}" sets allowPrivilegeEscalation to true, so its processes can gain root through setuid binaries.`
            : `Container "${c.name}" does not set allowPrivilegeEscalation to false, so its processes can gain root through setuid binaries.`,
        loc,
        ...(edits ? { fixes: [fixOf('Set allowPrivilegeEscalation to false', 'safe', loc, edits)] } : {}),
      });
    }
    return out;
  },
});
