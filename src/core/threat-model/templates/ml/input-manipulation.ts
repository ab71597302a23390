// The ml.input-manipulation threat template: callers craft inputs that the model misclassifies, or
// inputs outside the expected schema that break pre-processing.

import { ATLAS, defineTemplate, OWASP_ML } from '../template';

export default defineTemplate({
  id: 'ml.input-manipulation',
  target: 'element',
  match: (e) => e.kind === 'process' && e.role === 'inference-service',
  title: (e) => `Adversarial inputs to ${e.name}`,
  severity: () => 'medium',
  description: 'Callers craft inputs that the model misclassifies, or inputs outside the expected schema that break pre-processing.',
  impact: 'Wrong decisions on attacker-chosen inputs (fraud passes, content filters are evaded).',
  mitigation: 'Validate inputs against the model signature, reject out-of-distribution inputs, and test robustness before release.',
  detection: 'Applies to inference services. Open when a served model has no input schema; a reviewer confirms validation and robustness testing.',
  falsePositives: 'Internal batch scoring with trusted inputs only.',
  stride: ['T'],
  atlas: ['AML.T0043'],
  owasp: ['ML01'],
  cwe: ['CWE-20'],
  references: [`${ATLAS}AML.T0043`, `${OWASP_ML}ML01_2023-Input_Manipulation_Attack`],
  rules: ['serving/model-without-input-schema'],
  mitigatedBy: [['input-schema']],
});
