// The stride.external.repudiation threat template: callers are anonymous, so abusive queries
// (extraction, probing, cost harvesting) cannot be traced to an account.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.external.repudiation',
  target: 'element',
  match: (e) => e.kind === 'external-entity' && (e.role === 'client' || e.role === 'developer'),
  title: (e) => `Requests from ${e.name} cannot be attributed`,
  severity: () => 'low',
  description: 'Callers are anonymous, so abusive queries (extraction, probing, cost harvesting) cannot be traced to an account.',
  impact: 'Abuse cannot be stopped per caller and incidents cannot be investigated.',
  mitigation: 'Authenticate callers and log requests with the caller identity (without logging personal payloads).',
  detection: 'Applies to clients and users. Mitigated when every service they call authenticates them.',
  falsePositives: 'Public demo endpoints that are meant to be anonymous.',
  stride: ['R'],
  atlas: ['AML.T0040'],
  owasp: [],
  cwe: ['CWE-778'],
  references: [],
  rules: [],
  mitigatedBy: [['authenticated']],
});
