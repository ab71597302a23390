// The supply-chain.malicious-package threat template: a package is replaced by a typosquat, a
// dependency-confusion upload to a public index, a hijacked release or a man-in-the-middle.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'supply-chain.malicious-package',
  target: 'flow',
  match: (f) => f.kind === 'package-install',
  title: (f, v) => `Malicious or substituted package on ${v.label(f)}`,
  severity: (f) => (/extra index/.test(f.name) ? 'high' : 'medium'),
  description: 'A package is replaced by a typosquat, a dependency-confusion upload to a public index, a hijacked release or a man-in-the-middle.',
  impact: 'Install scripts and imports run attacker code at build or step start, with the step’s data, model and cloud credentials.',
  mitigation:
    'Use one index, pin exact versions with hashes (`pip install --require-hashes -r requirements.txt`, conda lock files), and bake dependencies into the image instead of installing at step start.',
  detection: 'Applies to every package install. Open when unpinned packages, extra indexes, runtime installs or disabled TLS are reported; mitigated by hash-checking mode or signed repositories.',
  falsePositives: 'Installs from an internal index that only serves vetted packages.',
  stride: ['T', 'E'],
  atlas: ['AML.T0010.001', 'AML.T0011.001'],
  owasp: ['ML06'],
  cwe: ['CWE-829'],
  references: [`${ATLAS}AML.T0010.001`, 'https://pip.pypa.io/en/stable/topics/secure-installs/'],
  rules: ['supply-chain/unpinned-package', 'supply-chain/extra-index-url', 'supply-chain/runtime-package-install', 'transport/tls-verification-disabled', 'transport/plaintext-http'],
  mitigatedBy: [['hashes-required'], ['signature-verified']],
});
