// Threat templates: sTRIDE threats to outside parties: spoofing and repudiation.

import { ATLAS, SUPPLIER_ROLES, type ThreatTemplate } from './template';

export const STRIDE_EXTERNAL: readonly ThreatTemplate[] = [
  {
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
  },
  {
    id: 'stride.external.repudiation',
    target: 'element',
    match: (e) => e.kind === 'external-entity' && (e.role === 'client' || e.role === 'developer'),
    title: (e) => `Requests from ${e.name} cannot be attributed`,
    severity: () => 'low',
    description: 'Callers are anonymous, so abusive queries (extraction, probing, cost harvesting) cannot be traced to an account.',
    impact: 'Abuse cannot be stopped per caller and incidents cannot be investigated.',
    mitigation: 'Authenticate callers and log requests with the caller identity (without logging personal payloads).',
    detection: 'Applies to clients and users. Mitigated when every service they call authenticates them.',
    falsePositives: 'Public demo endpoints that are meant to be anonymous.',
    stride: ['R'],
    atlas: ['AML.T0040'],
    owasp: [],
    cwe: ['CWE-778'],
    references: [],
    rules: [],
    mitigatedBy: [['authenticated']],
  },
];
