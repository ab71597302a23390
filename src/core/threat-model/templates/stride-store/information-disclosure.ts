// The stride.store.information-disclosure threat template: datasets, models, run records or
// credentials in the store are read by someone who should not.

import { defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.store.information-disclosure',
  target: 'element',
  match: (e) => e.kind === 'store',
  title: (e) => `Data in ${e.name} exposed`,
  severity: (e, v) => (e.properties.storesCredentials || e.role === 'secret-store' || v.isPersonal(e) ? 'high' : 'medium'),
  description: 'Datasets, models, run records or credentials in the store are read by someone who should not: a public bucket, leaked access keys, plain-HTTP access.',
  impact: 'Training data (possibly personal), proprietary models and credentials leak.',
  mitigation: 'Keep buckets private, encrypt at rest, reach them over TLS, and keep access keys out of committed files (`.dvc/config.local`, secret references).',
  detection: 'Applies to every store. Open when credentials for it are committed or it is reached over plain HTTP; mitigated when it is reached only over TLS and marked encrypted at rest.',
  falsePositives: 'Deliberately public dataset mirrors.',
  stride: ['I'],
  atlas: ['AML.T0055'],
  owasp: ['ML03'],
  cwe: ['CWE-200'],
  references: [],
  rules: ['secrets/hardcoded-credential', 'transport/plaintext-http'],
  mitigatedBy: [['tls', 'encrypted-at-rest']],
});
