// The stride.process.information-disclosure threat template: credentials the process uses are
// written in the definition, stay in image layers or environment, or reach more containers than need
// them.

import { ATLAS, defineTemplate } from '../template';

export default defineTemplate({
  id: 'stride.process.information-disclosure',
  target: 'element',
  match: (e, v) => e.kind === 'process' && (e.properties.storesCredentials === true || e.role === 'image-build' || v.into(e.id).some((f) => f.kind === 'secret-mount')),
  title: (e) => (e.role === 'image-build' ? `Credentials baked into the image built by ${e.name}` : `Credentials of ${e.name} exposed`),
  severity: () => 'high',
  description: 'Credentials the process uses are written in the definition, stay in image layers or environment, or reach more containers than need them.',
  impact: 'Whoever reads the repository, pulls the image or lists the pod gets cloud, registry, tracking or Hugging Face credentials and the data and models they protect.',
  mitigation: 'Take credentials from a secret store (`secretKeyRef`, BuildKit `--mount=type=secret`), scope them to the step, and keep them out of build arguments and committed files.',
  detection:
    'Applies to processes that hold or receive credentials, and to image builds. Open when a literal credential or a credential-named build argument is reported; mitigated when credentials come only from secret references.',
  falsePositives: 'Demo credentials of local test services (MinIO defaults in a kind cluster): accept with a reason.',
  stride: ['I'],
  atlas: ['AML.T0055'],
  owasp: ['ML06'],
  cwe: ['CWE-798'],
  references: [`${ATLAS}AML.T0055`, 'https://docs.docker.com/build/building/secrets/'],
  rules: ['secrets/hardcoded-credential', 'secrets/build-arg-secret'],
  mitigatedBy: [['secret-reference']],
  blocked: (e) => (e.properties.storesCredentials ? 'a literal credential is written in the definition' : undefined),
});
