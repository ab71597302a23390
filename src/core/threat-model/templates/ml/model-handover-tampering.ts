// The ml.model-handover-tampering threat template: the model changes between the stage that writes
// it and the process that loads it.

import { ATLAS, defineTemplate, modelFlow } from '../template';

export default defineTemplate({
  id: 'ml.model-handover-tampering',
  target: 'flow',
  match: (f, v) => modelFlow(f, v),
  title: (f, v) => `Model tampered with on ${v.label(f)}`,
  severity: () => 'high',
  description: 'The model changes between the stage that writes it and the process that loads it.',
  impact: 'A backdoored or malicious model is trained on, evaluated or served.',
  mitigation: 'Hand models over by digest or with recorded hashes, verify signatures before load, and use TLS.',
  detection:
    'Applies to flows carrying models. Open when a signature does not verify, a lock mismatch, a mutable model URI or plain HTTP is reported; mitigated by a verified signature, recorded hashes or a digest.',
  falsePositives: 'Hand-overs inside one pod on an ephemeral volume.',
  stride: ['T'],
  atlas: ['AML.T0010.003', 'AML.T0018'],
  owasp: ['ML10'],
  cwe: ['CWE-494'],
  references: [`${ATLAS}AML.T0010.003`],
  rules: ['model/signature-invalid', 'model/unsigned-model', 'provenance/lock-mismatch', 'transport/plaintext-http', 'supply-chain/unverified-download'],
  mitigatedBy: [['signature-verified'], ['hashes-recorded'], ['digest-pinned'], ['checksum-verified']],
});
