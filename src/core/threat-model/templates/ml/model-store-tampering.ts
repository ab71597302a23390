// The ml.model-store-tampering threat template: someone with write access to the model store, or to
// the credentials that grant it, replaces a model with a backdoored or malicious one.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'ml.model-store-tampering',
  target: 'element',
  match: (e, v) => e.kind === 'store' && v.carries(e, 'model'),
  title: (e) => `Model replaced in ${e.name}`,
  severity: () => 'high',
  description: 'Someone with write access to the model store, or to the credentials that grant it, replaces a model with a backdoored or malicious one.',
  impact: 'Serving loads the attacker’s model: wrong predictions on chosen inputs, or code execution when the format runs code on load.',
  mitigation: 'Sign models on publish and verify before load (OpenSSF model signing, Sigstore), record their hashes, make published versions immutable.',
  detection:
    'Applies to stores holding models. Open when a signature does not verify, a model is unsigned where signatures are required, a lock mismatch or a mutable model URI is reported; mitigated when contents are signed or every read checks recorded hashes.',
  falsePositives: 'Stores only the training job can write, with immutable object versions.',
  stride: ['T'],
  atlas: ['AML.T0018', 'AML.T0010.003'],
  owasp: ['ML10'],
  cwe: ['CWE-345'],
  references: [`${ATLAS}AML.T0018`, 'https://github.com/ossf/model-signing-spec'],
  rules: ['model/signature-invalid', 'model/unsigned-model', 'provenance/lock-mismatch'],
  mitigatedBy: [['signature-verified'], ['hashes-recorded']],
});
