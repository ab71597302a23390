// Table tests of container/dangerous-capabilities on docker-compose services (`cap_add`).

import rule from '../../../src/core/rules/container/dangerous-capabilities';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const head = 'services:\n  profiler:\n    image: registry.example.com/prof:1.2.0\n';

ruleTester(rule, {
  valid: [
    { name: 'a harmless capability', files: { [F]: `${head}    cap_add:\n      - NET_BIND_SERVICE\n` } },
    { name: 'cap_drop ALL', files: { [F]: `${head}    cap_drop: [ALL]\n` } },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN in a block list is removed',
      files: { [F]: `${head}    cap_add:\n      - SYS_ADMIN\n      - NET_BIND_SERVICE\n` },
      errors: [{ line: 5, column: 9, message: 'Service "profiler" adds the SYS_ADMIN capability, which lets a compromised process break out of the container\'s isolation.', severity: 'high' }],
      fixes: [{ kind: 'review', title: 'Remove the SYS_ADMIN capability', output: { [F]: `${head}    cap_add:\n      - NET_BIND_SERVICE\n` } }],
    },
    {
      name: 'a flow list, each entry its own finding',
      files: { [F]: `${head}    cap_add: [SYS_PTRACE, NET_RAW]\n` },
      errors: [
        { line: 4, column: 15, message: /adds the SYS_PTRACE capability/ },
        { line: 4, column: 27, message: /adds the NET_RAW capability/, severity: 'medium' },
      ],
      fixes: [{ kind: 'review', output: { [F]: `${head}    cap_add: [NET_RAW]\n` } }],
    },
  ],
});
