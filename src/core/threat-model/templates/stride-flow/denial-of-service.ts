// The stride.flow.denial-of-service threat template: a public registry, index or site is down, rate-
// limits anonymous pulls or removes the artifact.

import { defineTemplate } from '../template';

export default defineTemplate({
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
});
