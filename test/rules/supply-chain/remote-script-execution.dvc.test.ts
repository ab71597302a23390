// supply-chain/remote-script-execution on DVC stage commands and MLproject entry points.

import rule from '../../../src/core/rules/supply-chain/remote-script-execution';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [{ name: 'a downloaded script checked before it runs', files: { 'dvc.yaml': 'stages:\n  setup:\n    cmd: python scripts/setup.py\n' } }],
  invalid: [
    {
      name: 'installer piped into bash in a templated stage',
      files: {
        'dvc.yaml': 'stages:\n  setup:\n    cmd: >-\n      curl -fsSL ${tools.installer}\n      | bash -s -- --prefix .venv\n',
        'params.yaml': 'tools:\n  installer: https://get.acme.io/install.sh\n',
      },
      errors: [
        {
          line: 5,
          column: 9,
          message: 'Output of curl from https://get.acme.io/install.sh is executed by bash without any integrity check, so whoever controls that server controls this step.',
          severity: 'high',
        },
      ],
    },
    {
      name: 'remote script in an MLproject entry point',
      files: { MLproject: 'name: x\nentry_points:\n  main:\n    command: bash <(wget -qO- http://tools.acme.io/bootstrap.sh) && python train.py\n' },
      errors: [{ line: 4, column: 14, message: /^Output of wget from http:\/\/tools\.acme\.io\/bootstrap\.sh is executed by bash/ }],
    },
  ],
});
