// The stride.process.repudiation threat template: nobody can show which data, code and parameters
// produced a model, so a poisoned or altered run cannot be found or denied.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.process.repudiation',
  target: 'element',
  match: (e, v) => v.isTraining(e),
  title: (e) => `Runs of ${e.name} cannot be traced to their inputs`,
  severity: () => 'low',
  description: 'Nobody can show which data, code and parameters produced a model, so a poisoned or altered run cannot be found or denied.',
  impact: 'After an incident there is no record of which dataset version trained the deployed model; a tampered run is indistinguishable from a legitimate one.',
  mitigation: 'Lock every stage (`dvc.lock` with hashes, committed) or log runs to a tracking server with the data and code versions.',
  detection:
    'Applies to training jobs, pipeline steps, DVC stages and notebooks. Open when a stage has no lock entry; mitigated when its inputs and outputs carry recorded hashes or its runs are tracked.',
  falsePositives: 'Steps that produce nothing lasting (smoke tests).',
  stride: ['R'],
  atlas: ['AML.T0020'],
  owasp: ['ML02'],
  cwe: ['CWE-778'],
  references: ['https://dvc.org/doc/user-guide/project-structure/dvcyaml-files#dvclock-file'],
  rules: ['provenance/stage-not-locked'],
  mitigatedBy: [['hashes-recorded'], ['tracked-run']],
});
