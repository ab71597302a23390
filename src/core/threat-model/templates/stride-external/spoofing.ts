// The stride.external.spoofing threat template: something on the network poses as the registry,
// index, hub or site the pipeline fetches from, or a look-alike name is resolved instead of it.

import { ATLAS, defineTemplate, SUPPLIER_ROLES } from '../template';

export default defineTemplate({
  id: 'stride.external.spoofing',
  target: 'element',
  match: (e) => e.kind === 'external-entity' && SUPPLIER_ROLES.has(e.role),
  title: (e) => `Impersonation of ${e.name}`,
  severity: () => 'medium',
  description: 'Something on the network poses as the registry, index, hub or site the pipeline fetches from, or a look-alike name is resolved instead of it.',
  impact: 'The pipeline receives attacker content believing it comes from a trusted source.',
  mitigation: 'Reach sources only over HTTPS with certificate verification, use a single trusted index, and pin what is fetched by digest or hash.',
  detection:
    'Applies to package indexes, registries, hubs and web sources. Open when TLS verification is disabled, plain HTTP is used or an extra index opens dependency confusion; mitigated when every flow from the source uses verified TLS.',
  falsePositives: 'Internal mirrors on a trusted network that use HTTP by policy.',
  stride: ['S'],
  atlas: ['AML.T0010'],
  owasp: ['ML06'],
  cwe: ['CWE-290'],
  references: [`${ATLAS}AML.T0010`],
  rules: ['transport/tls-verification-disabled', 'transport/plaintext-http', 'supply-chain/extra-index-url'],
  mitigatedBy: [['tls']],
});
