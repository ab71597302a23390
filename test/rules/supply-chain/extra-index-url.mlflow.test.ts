// supply-chain/extra-index-url on conda pip lists and requirements files.

import rule from '../../../src/core/rules/supply-chain/extra-index-url';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [{ name: 'a single index', files: { 'requirements.txt': '--index-url https://pypi.acme.io/simple\nmlflow==2.9.2\n' } }],
  invalid: [
    {
      name: 'extra index in a conda pip list',
      files: { 'conda.yaml': 'name: x\ndependencies:\n  - python=3.11.7\n  - pip:\n    - --extra-index-url https://pypi.acme.io/simple\n    - acme-features==0.4.1\n' },
      errors: [
        {
          line: 5,
          column: 25,
          message: 'Extra package index "https://pypi.acme.io/simple" is searched alongside the main index, so a same-named package with a higher version on either index wins.',
          severity: 'high',
        },
      ],
      fixes: [{ kind: 'guided', output: {} }],
    },
    {
      name: 'extra index in requirements.txt',
      files: { 'requirements/train.txt': '--extra-index-url=https://download.pytorch.org/whl/cu121\ntorch==2.1.0\n' },
      errors: [{ line: 1, column: 19, message: /^Extra package index "https:\/\/download\.pytorch\.org\/whl\/cu121"/ }],
      fixes: [{ kind: 'guided', output: {} }],
    },
  ],
});
