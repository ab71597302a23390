// The stride.store.repudiation threat template: models or run artifacts are replaced and nobody can
// tell who did it or when.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.store.repudiation',
  target: 'element',
  match: (e, v) => e.kind === 'store' && (e.role === 'model-registry' || e.role === 'artifact-store' || e.role === 'tracking-backend' || v.carries(e, 'model')),
  title: (e) => `Changes to ${e.name} cannot be attributed`,
  severity: () => 'low',
  description: 'Models or run artifacts are replaced and nobody can tell who did it or when.',
  impact: 'A swapped production model cannot be traced to an account; rollback targets are uncertain.',
  mitigation: 'Turn on access logging and object versioning (S3 versioning and CloudTrail data events, GCS audit logs, registry audit) and sign models on publish.',
  detection: 'Applies to model registries, artifact stores, tracking backends and stores holding models. Mitigated when contents are signed; otherwise a reviewer confirms logging.',
  falsePositives: 'Stores whose audit logging is configured in infrastructure code outside the repository.',
  stride: ['R'],
  atlas: ['AML.T0018'],
  owasp: ['ML10'],
  cwe: ['CWE-778'],
  references: ['https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html'],
  rules: [],
  mitigatedBy: [['signature-verified']],
});
