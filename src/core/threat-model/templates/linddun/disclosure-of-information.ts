// The linddun.disclosure-of-information threat template: personal data in the element or flow
// reaches someone who should not see it.

import { isFlow } from '../../view';
import { label, notActor } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.disclosure-of-information',
  target: 'any',
  match: notActor,
  title: (t, v) => `Personal data disclosed from ${label(t, v)}`,
  severity: () => 'high',
  description: 'Personal data in the element or flow reaches someone who should not see it: over plain HTTP, from a readable bucket, in logs.',
  impact: 'A personal data breach.',
  mitigation: 'Encrypt in transit and at rest, restrict access, keep personal data out of logs and model artifacts.',
  detection:
    'Applies to processes, stores and flows the reviewer marks as personal. Open when plain HTTP, disabled TLS, committed credentials or payload logging is reported; mitigated when encrypted in transit (and at rest for stores).',
  falsePositives: 'Data that is already public, such as published statistics.',
  linddun: ['disclosure-of-information'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: ['CWE-359'],
  references: [`${LINDDUN_REF}data-disclosure`],
  rules: ['transport/plaintext-http', 'transport/tls-verification-disabled', 'secrets/hardcoded-credential'],
  mitigatedBy: [['tls']],
  blocked: (t) => (!isFlow(t) && t.kind === 'store' && !t.properties.encrypted ? 'encryption at rest is not confirmed' : undefined),
});
