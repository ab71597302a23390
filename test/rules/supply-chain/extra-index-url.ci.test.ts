// Table tests of supply-chain/extra-index-url in CI scripts and variables.

import rule from '../../../src/core/rules/supply-chain/extra-index-url';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const INDEX = 'https://pypi.corp.example/simple';
const message = `Extra package index "${INDEX}" is searched alongside the main index, so a same-named package with a higher version on either index wins.`;
const step = (flag: string) => workflow(`      - run: |\n          pip install ${flag} ${INDEX} corp-features==1.2.0\n`);
const gitlab = (name: string) => gitlabJob('  script:\n    - pip install corp-features==1.2.0\n', `variables:\n  ${name}: ${INDEX}\n`);

ruleTester(rule, {
  valid: [
    { name: 'a single index', files: { [WORKFLOW]: step('--index-url') } },
    { name: 'a single index variable', files: { [GITLAB]: gitlab('PIP_INDEX_URL') } },
  ],
  invalid: [
    {
      name: 'pip --extra-index-url in a run script',
      files: { [WORKFLOW]: step('--extra-index-url') },
      errors: [{ ...at(step('--extra-index-url'), INDEX), message, severity: 'high' }],
      fixes: [{ kind: 'guided', output: {} }],
    },
    {
      name: 'PIP_EXTRA_INDEX_URL in GitLab variables',
      files: { [GITLAB]: gitlab('PIP_EXTRA_INDEX_URL') },
      errors: [{ ...at(gitlab('PIP_EXTRA_INDEX_URL'), INDEX), message }],
      fixes: [{ kind: 'guided', output: {} }],
    },
  ],
});
