// The ml.training-data-poisoning threat template: someone who can write to the data source, or
// intercept it, inserts or alters training records to bias the model or plant a backdoor trigger.

import { ATLAS, defineTemplate, OWASP_ML } from '../template';

export default defineTemplate({
  id: 'ml.training-data-poisoning',
  target: 'element',
  match: (e, v) =>
    (e.kind === 'store' || (e.kind === 'external-entity' && (e.role === 'dataset-source' || e.role === 'web-source' || e.role === 'git-repository'))) &&
    v.outOf(e.id).some((f) => v.carries(f, 'dataset') && v.isTraining(v.elements.get(f.target))),
  title: (e) => `Poisoned training data in ${e.name}`,
  severity: () => 'high',
  description: 'Someone who can write to the data source, or intercept it, inserts or alters training records to bias the model or plant a backdoor trigger.',
  impact: 'The trained model misbehaves on attacker-chosen inputs while passing evaluation.',
  mitigation: 'Record content hashes of every input (`dvc.lock`, import `rev_lock`) and check them before training; restrict write access to the data; review data changes like code.',
  detection:
    'Applies to stores and sources that training reads datasets from. Open when a lock mismatch, an unlocked stage, an unpinned data import or a shared host path is reported; mitigated when every read carries recorded hashes.',
  falsePositives: 'Public benchmark datasets pinned by version upstream.',
  stride: ['T'],
  atlas: ['AML.T0020', 'AML.T0010.002'],
  owasp: ['ML02'],
  cwe: ['CWE-345'],
  references: [`${ATLAS}AML.T0020`, `${OWASP_ML}ML02_2023-Data_Poisoning_Attack`],
  rules: ['provenance/lock-mismatch', 'provenance/stage-not-locked', 'supply-chain/unpinned-data-import', 'container/host-path-mount', 'transport/plaintext-http'],
  mitigatedBy: [['hashes-recorded']],
});
