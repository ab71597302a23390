// The stride.process.tampering threat template: an attacker who gets code execution in the container
// (a malicious package, an injected parameter) changes its files to persist or to alter results.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.process.tampering',
  target: 'element',
  match: (e, v) => v.containerised(e),
  title: (e) => `Tampering with ${e.name} at run time`,
  severity: () => 'low',
  description: 'An attacker who gets code execution in the container (a malicious package, an injected parameter) changes its files to persist or to alter results.',
  impact: 'Training or serving code is modified in place: results are falsified, models are backdoored, and the change survives until the pod is recreated.',
  mitigation: 'Run with `readOnlyRootFilesystem: true` and write only to declared volumes; never interpolate parameters into shell scripts.',
  detection: 'Applies to containerised processes. Open when a writable root filesystem or a parameter used in a shell script is reported; mitigated by a read-only root filesystem.',
  falsePositives: 'Tools that must write to their image (some notebook images): accept with a reason.',
  stride: ['T'],
  atlas: ['AML.T0105'],
  owasp: ['ML10'],
  cwe: ['CWE-732'],
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  rules: ['container/writable-root-filesystem'],
  mitigatedBy: [['read-only-root-fs']],
});
