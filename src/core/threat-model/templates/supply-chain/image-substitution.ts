// The supply-chain.image-substitution threat template: the tag pulled is moved to a different image.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'supply-chain.image-substitution',
  target: 'flow',
  match: (f, v) => f.kind === 'image-pull' && v.elements.get(f.source)?.kind === 'external-entity',
  title: (f, v) => `Image substitution on ${v.label(f)}`,
  severity: (f, v) => (v.elements.get(f.target)?.properties.privileged ? 'high' : 'medium'),
  description: 'The tag pulled is moved to a different image: by the publisher, by someone who took over the account, or by a compromised registry.',
  impact: 'Attacker code runs in the build or the pipeline step with its credentials and data.',
  mitigation: 'Pin images by digest (`image@sha256:…`) and update digests deliberately (Renovate, Dependabot); pull from a registry you control.',
  detection: 'Applies to every image pull from a registry. Open when an unpinned image or an untrusted registry is reported; mitigated when every image on the flow is pinned by digest.',
  falsePositives: 'Images from the organisation’s own registry with immutable tags.',
  stride: ['T'],
  atlas: ['AML.T0010.004'],
  owasp: ['ML06'],
  cwe: ['CWE-494'],
  references: [`${ATLAS}AML.T0010.004`, 'https://docs.docker.com/reference/cli/docker/image/pull/#pull-an-image-by-digest-immutable-identifier'],
  rules: ['supply-chain/unpinned-image'],
  mitigatedBy: [['digest-pinned']],
});
