// serving/unauthenticated-ml-service: ML servers exposed on every interface without authentication.

import { defineRule } from '../rule';
import { fixOf } from '../util';

const NAMES: Record<string, string> = {
  'mlflow-server': 'MLflow tracking server',
  'mlflow-models-serve': 'MLflow model server',
  jupyter: 'Jupyter server',
  tensorboard: 'TensorBoard',
  'ray-head': 'Ray dashboard',
  other: 'ML service',
};

export default defineRule({
  meta: {
    id: 'serving/unauthenticated-ml-service',
    title: 'ML service exposed without authentication',
    description:
      'Reports an ML service bound to all interfaces without authentication: `mlflow server/ui` without `--app-name basic-auth`, `mlflow models serve` on 0.0.0.0, Jupyter with an empty token or password, `tensorboard --bind_all`, a Ray head with `--dashboard-host=0.0.0.0`, or a KubeRay head whose `rayStartParams` leave `dashboard-host` unset (KubeRay then binds the dashboard to 0.0.0.0). In a docker-compose service the server listens on every interface of its container by design, so what counts is where the service publishes its ports: a service published on 127.0.0.1 only is not reported, and the loopback fix binds the published ports to 127.0.0.1.',
    explanation:
      'These servers execute code or expose models and data by design: the MLflow tracking API can register and download any model and write artifacts, Jupyter runs arbitrary code, and the Ray dashboard accepts job submissions (ShadowRay, CVE-2023-48022). Exposed without authentication they are remote code execution and model theft for anyone who can reach the port.',
    example: {
      language: 'dockerfile',
      bad: 'CMD ["mlflow", "server", "--host", "0.0.0.0"]',
      good: 'CMD ["mlflow", "server", "--host", "0.0.0.0", "--app-name", "basic-auth"]',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'compose'],
    severity: 'critical',
    fixes: ['review'],
    stride: ['S', 'I', 'E'],
    atlas: ['AML.T0049', 'AML.T0040'],
    owasp: ['ML05', 'ML06'],
    references: ['https://mlflow.org/docs/latest/auth/index.html', 'https://jupyter-server.readthedocs.io/en/latest/operators/security.html', 'https://docs.ray.io/en/latest/ray-security/index.html'],
  },
  *check(ctx) {
    for (const s of ctx.facts.services) {
      if (s.authenticated || s.loopbackOnly) continue;
      const bind = s.bind === undefined ? '' : ` on ${s.bind || 'all interfaces'}`;
      yield {
        message: `${NAMES[s.service] ?? 'ML service'} is exposed${bind} without authentication, so anyone who reaches the port can use it.`,
        loc: s.loc,
        ...(s.remedy ? { fixes: [fixOf(s.remedy.title, 'review', s.loc, s.remedy.edits)] } : {}),
      };
    }
  },
});
