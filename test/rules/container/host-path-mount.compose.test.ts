// Table tests of container/host-path-mount on docker-compose bind mounts.

import rule from '../../../src/core/rules/container/host-path-mount';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const svc = (volumes: string) => `services:\n  runner:\n    image: registry.example.com/runner:1.0.0\n    volumes:\n${volumes}`;

ruleTester(rule, {
  valid: [
    { name: 'project-relative paths and named volumes', files: { [F]: `${svc('      - ./data:/data\n      - models:/models:ro\n')}volumes:\n  models: {}\n` } },
    { name: 'a long-syntax named volume', files: { [F]: svc('      - type: volume\n        source: cache\n        target: /cache\n') } },
  ],
  invalid: [
    {
      name: 'the Docker socket',
      files: { [F]: svc('      - /var/run/docker.sock:/var/run/docker.sock\n') },
      errors: [
        {
          line: 5,
          column: 9,
          message: 'Service "runner" mounts /var/run/docker.sock from the host, which gives the service control over the Docker host and every container on it.',
          severity: 'critical',
        },
      ],
    },
    {
      name: 'a quoted host directory and a long-syntax bind of /etc',
      files: { [F]: svc('      - "/mnt/models:/models"\n      - type: bind\n        source: /etc\n        target: /host-etc\n') },
      errors: [
        { line: 5, column: 10, message: 'Service "runner" mounts /mnt/models from the host, so the service reads and writes host files that other containers and users share.', severity: 'medium' },
        { line: 7, column: 17, message: /mounts \/etc from the host, which gives the service control over the host\./, severity: 'critical' },
      ],
    },
    {
      name: 'host logs read-only',
      files: { [F]: svc('      - /var/log:/host/var/log:ro\n') },
      errors: [{ line: 5, message: /^Service "runner" mounts \/var\/log from the host read-only/, severity: 'medium' }],
    },
  ],
});
