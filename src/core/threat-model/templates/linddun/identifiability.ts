// The linddun.identifiability threat template: training data, features, inference payloads or model
// outputs reveal who a person is, directly or by combination.

import { actorOrAll, label } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.identifiability',
  target: 'any',
  match: actorOrAll,
  title: (t, v) => `People identifiable from ${label(t, v)}`,
  severity: () => 'high',
  description: 'Training data, features, inference payloads or model outputs reveal who a person is, directly or by combination; models can memorise rare records.',
  impact: 'Re-identification of data subjects.',
  mitigation: 'Minimise and pseudonymise personal fields before training, test models for memorisation, and avoid returning raw inputs.',
  detection: 'Applies to elements and flows the reviewer marks as personal.',
  falsePositives: 'Data anonymised at the source with a documented method.',
  linddun: ['identifiability'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: ['CWE-359'],
  references: [`${LINDDUN_REF}identifying`],
  rules: [],
  mitigatedBy: [],
});
