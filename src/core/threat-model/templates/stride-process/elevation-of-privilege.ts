// The stride.process.elevation-of-privilege threat template: code running in the container gains
// root on the node.

import { ATLAS, defineTemplate, hasHostAccess } from '../template';

export default defineTemplate({
  id: 'stride.process.elevation-of-privilege',
  target: 'element',
  match: (e, v) => v.containerised(e) || (e.role === 'image-build' && !e.intermediate),
  title: (e) => (e.role === 'image-build' ? `Containers from the image built by ${e.name} run with excess privilege` : `Container escape from ${e.name}`),
  severity: (e) => (e.properties.privileged || e.properties.hostAccess ? 'critical' : 'high'),
  description: 'Code running in the container gains root on the node: through root, privilege escalation, added capabilities, host namespaces, host paths or an over-privileged service account.',
  impact: 'A compromised training or serving container takes over the node and everything scheduled on it, including other teams’ data, models and credentials.',
  mitigation:
    'Run as a non-root user (`USER` in the image, `runAsNonRoot: true`), set `allowPrivilegeEscalation: false`, drop capabilities, avoid host namespaces and host paths, and use a dedicated service account.',
  detection:
    'Applies to containerised processes and image builds. Open when any container-hardening rule reports; mitigated when the container runs as non-root without privilege escalation and has no host access.',
  falsePositives: 'GPU device plugins and monitoring agents that need host access by design: accept with a reason.',
  stride: ['E'],
  atlas: ['AML.T0105'],
  owasp: ['ML06'],
  cwe: ['CWE-250'],
  references: [`${ATLAS}AML.T0105`, 'https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  rules: [
    'container/runs-as-root',
    'container/privileged',
    'container/privilege-escalation',
    'container/host-namespace',
    'container/host-path-mount',
    'container/dangerous-capabilities',
    'container/default-service-account',
  ],
  mitigatedBy: [['non-root', 'no-privilege-escalation']],
  blocked: hasHostAccess,
});
