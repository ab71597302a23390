// Table tests of container/runs-as-root on docker-compose services: only an explicit root user is reported.

import rule from '../../../src/core/rules/container/runs-as-root';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const svc = (extra: string) => `services:\n  api:\n    image: registry.example.com/api:1.4.2\n${extra}`;

ruleTester(rule, {
  valid: [
    { name: 'no user: the image decides', files: { [F]: svc('') } },
    { name: 'a non-root uid', files: { [F]: svc('    user: "1000:1000"\n') } },
    { name: 'a named user', files: { [F]: svc('    user: app\n') } },
  ],
  invalid: [
    {
      name: 'user: root',
      files: { [F]: svc('    user: root\n') },
      errors: [{ line: 4, column: 11, message: 'Service "api" sets its user to root, so it runs as root and a compromise of the process owns the container.', severity: 'medium' }],
    },
    { name: 'user: "0:0"', files: { [F]: svc('    user: "0:0"\n') }, errors: [{ line: 4, column: 12, message: /^Service "api" sets its user to root/ }] },
  ],
});
