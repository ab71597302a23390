// The stride.process.denial-of-service threat template: without limits a runaway or malicious job
// takes all CPU, memory or GPUs of its node and starves other workloads.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.process.denial-of-service',
  target: 'element',
  match: (e, v) => v.containerised(e) && e.role !== 'inference-service',
  title: (e) => `${e.name} exhausts node resources`,
  severity: () => 'low',
  description: 'Without limits a runaway or malicious job takes all CPU, memory or GPUs of its node and starves other workloads.',
  impact: 'Co-located training and serving pods are evicted or slowed; GPU time is wasted or billed.',
  mitigation: 'Set CPU and memory limits (and GPU limits equal to requests).',
  detection: 'Applies to containerised processes other than inference services. Open when missing limits are reported; mitigated when CPU and memory limits are set.',
  falsePositives: 'Namespaces with a LimitRange that sets defaults outside the repository.',
  stride: ['D'],
  atlas: ['AML.T0029'],
  owasp: [],
  cwe: ['CWE-770'],
  references: ['https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/'],
  rules: ['container/missing-resource-limits'],
  mitigatedBy: [['resource-limits']],
});
