// Threat templates: sTRIDE threats to flows: tampering, information disclosure and denial of service.

import { fromOutside, type ThreatTemplate } from './template';

export const STRIDE_FLOW: readonly ThreatTemplate[] = [
  {
    id: 'stride.flow.tampering',
    target: 'flow',
    match: (f, v) =>
      fromOutside(f, v) &&
      ['data-read', 'data-write', 'tracking', 'inference-request', 'inference-response', 'secret-mount', 'logging'].includes(f.kind) &&
      !v.carries(f, 'model') &&
      !v.carries(f, 'dataset'),
    title: (f, v) => `Tampering with ${v.label(f)} in transit`,
    severity: () => 'medium',
    description: 'Content is altered between the two ends of the flow.',
    impact: 'Run records, requests, responses or secrets are changed on the way.',
    mitigation: 'Use TLS with certificate verification end to end.',
    detection: 'Applies to flows that cross a trust boundary and carry neither models nor datasets. Open when plain HTTP or disabled TLS verification is reported; mitigated by verified TLS.',
    falsePositives: 'Flows inside a service mesh with mutual TLS configured outside the repository.',
    stride: ['T'],
    atlas: [],
    owasp: ['ML09'],
    cwe: ['CWE-319'],
    references: [],
    rules: ['transport/plaintext-http', 'transport/tls-verification-disabled'],
    mitigatedBy: [['tls']],
  },
  {
    id: 'stride.flow.information-disclosure',
    target: 'flow',
    match: (f, v) => fromOutside(f, v) && f.kind !== 'image-pull' && f.kind !== 'image-push' && f.kind !== 'package-install',
    title: (f, v) => `Eavesdropping on ${v.label(f)}`,
    severity: (f, v) => (v.carries(f, 'credential') || v.isPersonal(f) ? 'high' : 'medium'),
    description: 'Someone on the network path reads what the flow carries: data, models, run metadata, credentials or inference payloads.',
    impact: 'Training data, models, credentials or user inputs leak.',
    mitigation: 'Use TLS with certificate verification; never send credentials over plain HTTP.',
    detection: 'Applies to flows that cross a trust boundary. Open when plain HTTP or disabled TLS verification is reported; mitigated by verified TLS.',
    falsePositives: 'Loopback connections drawn across a boundary.',
    stride: ['I'],
    atlas: ['AML.T0024'],
    owasp: [],
    cwe: ['CWE-319'],
    references: [],
    rules: ['transport/plaintext-http', 'transport/tls-verification-disabled'],
    mitigatedBy: [['tls']],
  },
  {
    id: 'stride.flow.denial-of-service',
    target: 'flow',
    match: (f, v) => ['image-pull', 'package-install', 'download'].includes(f.kind) && v.zoneKinds(f.source).some((k) => k === 'internet' || k === 'third-party-service'),
    title: (f, v) => `${v.elements.get(f.source)?.name ?? 'An outside source'} unavailable or rate-limited for ${v.elements.get(f.target)?.name ?? 'the pipeline'}`,
    severity: () => 'low',
    description: 'A public registry, index or site is down, rate-limits anonymous pulls or removes the artifact.',
    impact: 'Builds and pipeline steps fail at start; a removed artifact may be re-published by someone else under the same name.',
    mitigation: 'Mirror images and packages in an organisation registry or proxy and pull from there.',
    detection: 'Applies to image pulls, package installs and downloads from the internet or third parties. Mitigated when the source is an organisation registry.',
    falsePositives: 'One-off development builds that never run in production.',
    stride: ['D'],
    atlas: ['AML.T0010'],
    owasp: ['ML06'],
    cwe: ['CWE-1357'],
    references: ['https://docs.docker.com/docker-hub/usage/'],
    rules: [],
    mitigatedBy: [['organisation-source']],
  },
];
