// Table tests of serving/unauthenticated-ml-service on docker-compose services: what exposes a
// server in a container is where its ports are published.

import rule from '../../../src/core/rules/serving/unauthenticated-ml-service';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const serve = (ports: string) => `services:\n  model:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: mlflow models serve -m /models/churn --host 0.0.0.0 --port 5001\n${ports}`;

ruleTester(rule, {
  valid: [
    { name: 'published on loopback only', files: { [F]: serve('    ports:\n      - "127.0.0.1:5001:5001"\n') } },
    { name: 'long syntax on loopback', files: { [F]: serve('    ports:\n      - target: 5001\n        published: 5001\n        host_ip: 127.0.0.1\n') } },
    {
      name: 'mlflow server with basic auth',
      files: {
        [F]: 'services:\n  tracking:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: ["mlflow", "server", "--host", "0.0.0.0", "--app-name", "basic-auth"]\n    ports: ["5000:5000"]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'ports on every interface are bound to loopback',
      files: { [F]: serve('    ports:\n      - "5001:5001"\n      - 0.0.0.0:9090:9090\n') },
      errors: [{ line: 4, column: 14, message: 'MLflow model server is exposed on 0.0.0.0 without authentication, so anyone who reaches the port can use it.', severity: 'critical' }],
      fixes: [{ kind: 'review', title: 'Publish the service’s ports on 127.0.0.1 only', output: { [F]: serve('    ports:\n      - "127.0.0.1:5001:5001"\n      - 127.0.0.1:9090:9090\n') } }],
    },
    {
      name: 'long syntax without host_ip gets one',
      files: { [F]: serve('    ports:\n      - target: 5001\n        published: 5001\n') },
      errors: [{ line: 4, message: /^MLflow model server is exposed on 0\.0\.0\.0/ }],
      fixes: [{ kind: 'review', output: { [F]: serve('    ports:\n      - target: 5001\n        published: 5001\n        host_ip: 127.0.0.1\n') } }],
    },
    {
      name: 'mlflow server as exec argv gets basic auth',
      files: { [F]: 'services:\n  tracking:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: ["mlflow", "server", "--host", "0.0.0.0"]\n    ports: ["5000:5000"]\n' },
      errors: [{ line: 4, column: 16, message: /^MLflow tracking server is exposed on 0\.0\.0\.0/ }],
      fixes: [
        {
          kind: 'review',
          title: 'Enable MLflow basic authentication (--app-name basic-auth)',
          output: {
            [F]: 'services:\n  tracking:\n    image: ghcr.io/mlflow/mlflow:v2.14.1\n    command: ["mlflow", "server", "--app-name", "basic-auth", "--host", "0.0.0.0"]\n    ports: ["5000:5000"]\n',
          },
        },
      ],
    },
    {
      name: 'a Jupyter entrypoint string with an empty token and no ports',
      files: { [F]: 'services:\n  lab:\n    image: quay.io/jupyter/base-notebook:2024-05-27\n    entrypoint: jupyter lab --ip=0.0.0.0 --ServerApp.token=\n' },
      errors: [{ line: 4, message: /^Jupyter server is exposed/ }],
      fixes: [{ kind: 'review', output: { [F]: 'services:\n  lab:\n    image: quay.io/jupyter/base-notebook:2024-05-27\n    entrypoint: jupyter lab --ip=0.0.0.0\n' } }],
    },
  ],
});
