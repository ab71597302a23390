// The stride.store.tampering threat template: someone with write access changes what the store
// holds.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.store.tampering',
  target: 'element',
  match: (e, v) => e.kind === 'store' && !v.carries(e, 'model') && !v.carries(e, 'dataset'),
  title: (e) => `Tampering with ${e.name}`,
  severity: (e) => (e.role === 'secret-store' || e.role === 'host-path' ? 'high' : 'medium'),
  description: 'Someone with write access changes what the store holds: run records, volumes, configuration or host files.',
  impact: 'Pipelines read altered state; experiment history and audit records can no longer be trusted.',
  mitigation: 'Restrict write access to the processes that need it, enable versioning or object lock, and verify hashes on read.',
  detection:
    'Applies to stores that hold neither models nor datasets (those have ML-specific threats). Open when a lock mismatch or a host path mount is reported; mitigated when reads verify recorded hashes.',
  falsePositives: 'Scratch volumes whose content is regenerated on every run.',
  stride: ['T'],
  atlas: [],
  owasp: [],
  cwe: ['CWE-345'],
  references: [],
  rules: ['provenance/lock-mismatch', 'container/host-path-mount'],
  mitigatedBy: [['hashes-recorded'], ['signature-verified']],
});
