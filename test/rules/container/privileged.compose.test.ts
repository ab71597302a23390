// Table tests of container/privileged on docker-compose services.

import rule from '../../../src/core/rules/container/privileged';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const svc = (extra: string) => `services:\n  train:\n    image: registry.example.com/train:3.1.0\n${extra}    environment:\n      EPOCHS: "3"\n`;

ruleTester(rule, {
  valid: [
    { name: 'a service without privileged', files: { [F]: svc('') } },
    { name: 'privileged: false', files: { [F]: svc('    privileged: false\n') } },
    { name: 'a compose-named file that is no compose file', files: { 'compose.yaml': 'name: demo\nprivileged: true\n' } },
  ],
  invalid: [
    {
      name: 'privileged: true is removed',
      files: { [F]: svc('    privileged: true\n') },
      errors: [{ line: 4, column: 17, message: 'Service "train" runs privileged, so a compromise of it controls the Docker host and every container on it.', severity: 'critical' }],
      fixes: [{ kind: 'review', title: 'Remove privileged: true', output: { [F]: svc('') } }],
    },
    {
      name: 'a flow-style service and the compose.yaml name',
      files: { 'compose.yaml': 'services:\n  gpu: {image: "nvidia/cuda:12.4.1-runtime-ubuntu22.04", privileged: yes, restart: always}\n' },
      errors: [{ line: 2, message: /^Service "gpu" runs privileged/ }],
      fixes: [{ kind: 'review', output: { 'compose.yaml': 'services:\n  gpu: {image: "nvidia/cuda:12.4.1-runtime-ubuntu22.04", restart: always}\n' } }],
    },
    {
      name: 'docker-compose.override.yml with a comment kept',
      files: { 'deploy/docker-compose.gpu.yaml': 'services:\n  worker:\n    # needs the GPU\n    privileged: true\n    build: .\n' },
      errors: [{ line: 4, message: /^Service "worker" runs privileged/ }],
      fixes: [{ kind: 'review', output: { 'deploy/docker-compose.gpu.yaml': 'services:\n  worker:\n    # needs the GPU\n    build: .\n' } }],
    },
  ],
});
