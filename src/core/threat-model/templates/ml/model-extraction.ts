// The ml.model-extraction threat template: callers query the endpoint systematically to train a copy
// of the model, or download it outright from an open tracking server.

import { ATLAS, defineTemplate, OWASP_ML } from '../template';

export default defineTemplate({
  id: 'ml.model-extraction',
  target: 'element',
  match: (e) => e.kind === 'process' && (e.role === 'inference-service' || e.role === 'tracking-server'),
  title: (e) => `Model stolen through ${e.name}`,
  severity: (e) => (e.properties.publicNetwork ? 'high' : 'medium'),
  description: 'Callers query the endpoint systematically to train a copy of the model, or download it outright from an open tracking server.',
  impact: 'Loss of the model as intellectual property; the copy helps craft adversarial inputs offline.',
  mitigation: 'Authenticate callers, keep endpoints cluster-local unless they must be public, rate-limit and monitor query patterns, and return labels rather than full scores.',
  detection:
    'Applies to inference services and tracking servers. Open when the service is unauthenticated or publicly exposed; mitigated when it requires authentication and is reachable only privately.',
  falsePositives: 'Models that are public anyway.',
  stride: ['I'],
  atlas: ['AML.T0024', 'AML.T0040'],
  owasp: ['ML05'],
  cwe: ['CWE-200'],
  references: [`${ATLAS}AML.T0024`, `${OWASP_ML}ML05_2023-Model_Theft`],
  rules: ['serving/unauthenticated-ml-service'],
  mitigatedBy: [['authenticated', 'private-network']],
});
