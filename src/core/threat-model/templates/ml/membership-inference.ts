// The ml.membership-inference threat template: from the model’s answers a caller tells whether a
// record was in the training set, or reconstructs training examples.

import { defineTemplate, OWASP_ML } from '../template';

export default defineTemplate({
  id: 'ml.membership-inference',
  target: 'element',
  match: (e) => e.kind === 'process' && e.role === 'inference-service',
  title: (e) => `Training data inferred from ${e.name}`,
  severity: (e, v) => (v.isPersonal(e) ? 'high' : 'medium'),
  description: 'From the model’s answers a caller tells whether a record was in the training set, or reconstructs training examples.',
  impact: 'Disclosure of who is in the training data (medical, financial or other personal records).',
  mitigation: 'Train with differential privacy or regularisation, return coarse outputs, limit query rates, and keep personal data out of training where possible.',
  detection: 'Applies to inference services; a reviewer confirms. Open when the endpoint is publicly exposed.',
  falsePositives: 'Models trained only on public data.',
  stride: ['I'],
  linddun: ['identifiability'],
  atlas: ['AML.T0024'],
  owasp: ['ML04', 'ML03'],
  cwe: ['CWE-359'],
  references: [`${OWASP_ML}ML04_2023-Membership_Inference_Attack`],
  rules: [],
  mitigatedBy: [],
});
