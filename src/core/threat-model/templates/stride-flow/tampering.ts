// The stride.flow.tampering threat template: content is altered between the two ends of the flow.

import { defineTemplate, fromOutside } from '../template';

export default defineTemplate({
  id: 'stride.flow.tampering',
  target: 'flow',
  match: (f, v) =>
    fromOutside(f, v) &&
    ['data-read', 'data-write', 'tracking', 'inference-request', 'inference-response', 'secret-mount', 'logging'].includes(f.kind) &&
    !v.carries(f, 'model') &&
    !v.carries(f, 'dataset'),
  title: (f, v) => `Tampering with ${v.label(f)} in transit`,
  severity: () => 'medium',
  description: 'Content is altered between the two ends of the flow.',
  impact: 'Run records, requests, responses or secrets are changed on the way.',
  mitigation: 'Use TLS with certificate verification end to end.',
  detection: 'Applies to flows that cross a trust boundary and carry neither models nor datasets. Open when plain HTTP or disabled TLS verification is reported; mitigated by verified TLS.',
  falsePositives: 'Flows inside a service mesh with mutual TLS configured outside the repository.',
  stride: ['T'],
  atlas: [],
  owasp: ['ML09'],
  cwe: ['CWE-319'],
  references: [],
  rules: ['transport/plaintext-http', 'transport/tls-verification-disabled'],
  mitigatedBy: [['tls']],
});
