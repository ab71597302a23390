// The ml.data-source-poisoning threat template: the dataset changes between where it is published
// and where training reads it, or the source serves different data than before.

import { ATLAS, defineTemplate, fromOutside } from '../template';

export default defineTemplate({
  id: 'ml.data-source-poisoning',
  target: 'flow',
  match: (f, v) => (f.kind === 'download' || f.kind === 'data-read' || f.kind === 'artifact-handover') && v.carries(f, 'dataset') && fromOutside(f, v),
  title: (f, v) => `Data altered on ${v.label(f)}`,
  severity: () => 'high',
  description: 'The dataset changes between where it is published and where training reads it, or the source serves different data than before.',
  impact: 'Training silently uses poisoned or substituted data.',
  mitigation: 'Pin imports to a revision and record checksums (`dvc import --rev`, `dvc.lock` md5, `--checksum`), and fetch over TLS.',
  detection: 'Applies to dataset flows that cross a trust boundary. Open when an unpinned import, a lock mismatch or plain HTTP is reported; mitigated when checksums are recorded or verified.',
  falsePositives: 'Data refreshed on purpose on every run (then accept with a reason and monitor drift).',
  stride: ['T'],
  atlas: ['AML.T0010.002', 'AML.T0020'],
  owasp: ['ML02'],
  cwe: ['CWE-345'],
  references: [`${ATLAS}AML.T0010.002`],
  rules: ['supply-chain/unpinned-data-import', 'provenance/lock-mismatch', 'transport/plaintext-http', 'transport/tls-verification-disabled'],
  mitigatedBy: [['hashes-recorded'], ['checksum-verified']],
});
