// The stride.flow.information-disclosure threat template: someone on the network path reads what the
// flow carries.

import { defineTemplate, fromOutside } from '../template';

export default defineTemplate({
  id: 'stride.flow.information-disclosure',
  target: 'flow',
  match: (f, v) => fromOutside(f, v) && f.kind !== 'image-pull' && f.kind !== 'image-push' && f.kind !== 'package-install',
  title: (f, v) => `Eavesdropping on ${v.label(f)}`,
  severity: (f, v) => (v.carries(f, 'credential') || v.isPersonal(f) ? 'high' : 'medium'),
  description: 'Someone on the network path reads what the flow carries: data, models, run metadata, credentials or inference payloads.',
  impact: 'Training data, models, credentials or user inputs leak.',
  mitigation: 'Use TLS with certificate verification; never send credentials over plain HTTP.',
  detection: 'Applies to flows that cross a trust boundary. Open when plain HTTP or disabled TLS verification is reported; mitigated by verified TLS.',
  falsePositives: 'Loopback connections drawn across a boundary.',
  stride: ['I'],
  atlas: ['AML.T0024'],
  owasp: [],
  cwe: ['CWE-319'],
  references: [],
  rules: ['transport/plaintext-http', 'transport/tls-verification-disabled'],
  mitigatedBy: [['tls']],
});
