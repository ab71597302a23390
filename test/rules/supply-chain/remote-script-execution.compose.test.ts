// Table tests of supply-chain/remote-script-execution on docker-compose commands.

import rule from '../../../src/core/rules/supply-chain/remote-script-execution';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';

ruleTester(rule, {
  valid: [{ name: 'a local script', files: { [F]: 'services:\n  setup:\n    image: alpine:3.20\n    command: ["sh", "-c", "sh /scripts/setup.sh"]\n' } }],
  invalid: [
    {
      name: 'curl | bash in an sh -c list',
      files: { [F]: 'services:\n  setup:\n    image: alpine:3.20\n    command: ["sh", "-c", "curl -fsSL https://get.example.com/install.sh | bash"]\n' },
      errors: [{ line: 4, column: 76, message: /^Output of curl from https:\/\/get\.example\.com\/install\.sh is executed by bash/ }],
    },
    {
      name: 'a string command read as shell',
      files: { [F]: 'services:\n  setup:\n    image: alpine:3.20\n    command: >\n      sh -c "wget -qO- https://get.example.com/i.sh | sh"\n' },
      errors: [{ line: 5, message: /^Output of wget from https:\/\/get\.example\.com\/i\.sh is executed by sh/ }],
    },
  ],
});
