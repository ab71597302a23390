// The linddun.linkability threat template: identifiers, features or payloads let an observer tie
// records, requests or training rows to the same person across datasets or sessions.

import { actorOrAll, label } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.linkability',
  target: 'any',
  match: actorOrAll,
  title: (t, v) => `Records about the same person linked across ${label(t, v)}`,
  severity: () => 'medium',
  description: 'Identifiers, features or payloads let an observer tie records, requests or training rows to the same person across datasets or sessions.',
  impact: 'Profiles are built from data that was meant to stay separate.',
  mitigation: 'Drop or rotate identifiers, pseudonymise join keys per purpose, and aggregate features where possible.',
  detection: 'Applies to elements and flows the reviewer marks as personal.',
  falsePositives: 'Data already aggregated beyond the individual.',
  linddun: ['linkability'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: ['CWE-359'],
  references: [`${LINDDUN_REF}linking`],
  rules: [],
  mitigatedBy: [],
});
