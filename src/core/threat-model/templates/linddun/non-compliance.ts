// The linddun.non-compliance threat template: personal data is used for training or inference beyond
// its purpose, kept too long or moved across borders without a legal basis.

import { label, notActor } from '../privacy';
import { defineTemplate, LINDDUN_REF } from '../template';

export default defineTemplate({
  id: 'linddun.non-compliance',
  target: 'any',
  match: notActor,
  title: (t, v) => `${label(t, v)} processes personal data without a documented basis`,
  severity: () => 'medium',
  description: 'Personal data is used for training or inference beyond its purpose, kept too long or moved across borders without a legal basis.',
  impact: 'Regulatory exposure (GDPR, CCPA, the EU AI Act) and forced retraining.',
  mitigation: 'Record the purpose, legal basis, retention and location of personal data for each dataset and model, and review them with the data protection officer.',
  detection: 'Applies to processes, stores and flows the reviewer marks as personal.',
  falsePositives: 'Processing already covered by a data protection impact assessment.',
  linddun: ['non-compliance'],
  stride: [],
  atlas: [],
  owasp: [],
  cwe: [],
  references: [`${LINDDUN_REF}non-compliance`],
  rules: [],
  mitigatedBy: [],
});
