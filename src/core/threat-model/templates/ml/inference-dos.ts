// The ml.inference-dos threat template: callers flood the endpoint or send expensive inputs,
// exhausting GPUs or running up the bill through autoscaling.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'ml.inference-dos',
  target: 'element',
  match: (e) => e.kind === 'process' && (e.role === 'inference-service' || e.role === 'ml-service'),
  title: (e) => `Denial of service and cost harvesting on ${e.name}`,
  severity: () => 'medium',
  description: 'Callers flood the endpoint or send expensive inputs, exhausting GPUs or running up the bill through autoscaling.',
  impact: 'Legitimate requests fail; compute costs grow without bound.',
  mitigation: 'Set resource limits and autoscaling bounds, authenticate and rate-limit callers, cap input sizes.',
  detection: 'Applies to inference and ML services. Open when limits are missing or autoscaling is unbounded; mitigated when resource limits are set.',
  falsePositives: 'Batch scoring services with no external callers.',
  stride: ['D'],
  atlas: ['AML.T0029', 'AML.T0034'],
  owasp: [],
  cwe: ['CWE-770'],
  references: [`${ATLAS}AML.T0029`, `${ATLAS}AML.T0034`],
  rules: ['container/missing-resource-limits'],
  mitigatedBy: [['resource-limits']],
});
