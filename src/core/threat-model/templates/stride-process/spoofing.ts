// The stride.process.spoofing threat template: a caller that is not who it claims to be uses the
// service.

import { ATLAS, defineTemplate, SERVICE_ROLES } from '../template';

export default defineTemplate({
  id: 'stride.process.spoofing',
  target: 'element',
  match: (e, v) => e.kind === 'process' && (SERVICE_ROLES.has(e.role) || v.into(e.id).some((f) => f.kind === 'inference-request')),
  title: (e) => `Unauthenticated callers reach ${e.name}`,
  severity: (e) => (e.role === 'inference-service' || e.role === 'notebook' ? 'high' : 'medium'),
  description: 'A caller that is not who it claims to be uses the service: reads or changes experiments and models, runs notebook code, or queries the model.',
  impact: 'Anyone who can reach the port acts with the service’s rights: model and run data leak, registered models are replaced, notebooks execute arbitrary code.',
  mitigation: 'Require authentication (MLflow `--app-name basic-auth` or an authenticating proxy, Jupyter token or password, an ingress with OIDC) and bind to loopback or a cluster-local address.',
  detection: 'Applies to inference services, tracking servers, notebooks and other ML services. Open when mlsec reports an unauthenticated service; mitigated when the launch requires authentication.',
  falsePositives: 'A service fronted by an authenticating gateway defined outside the repository: record it as mitigated or transferred.',
  stride: ['S'],
  atlas: ['AML.T0049', 'AML.T0040'],
  owasp: ['ML05'],
  cwe: ['CWE-306'],
  references: [`${ATLAS}AML.T0049`, 'https://mlflow.org/docs/latest/auth/index.html'],
  rules: ['serving/unauthenticated-ml-service'],
  mitigatedBy: [['authenticated']],
});
