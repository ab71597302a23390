// Table tests of supply-chain/package-signature-bypass in CI scripts, with the fix re-analysed.

import rule from '../../../src/core/rules/supply-chain/package-signature-bypass';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const message = 'apt-get --allow-unauthenticated installs packages without checking their signatures, so a mirror or anyone on the network path can substitute a modified package.';
const step = (opt: string) => workflow(`      - run: sudo apt-get install -y ${opt}libgomp1\n`);
const gitlab = (opt: string) => gitlabJob(`  script:\n    - |\n      apt-get update\n      apt-get install -y ${opt}libgomp1\n`);

ruleTester(rule, {
  valid: [
    { name: 'a signed install in a run step', files: { [WORKFLOW]: step('') } },
    { name: 'a signed install in a GitLab script', files: { [GITLAB]: gitlab('') } },
  ],
  invalid: [
    {
      name: 'apt-get --allow-unauthenticated in a run step',
      files: { [WORKFLOW]: step('--allow-unauthenticated ') },
      errors: [{ ...at(step('--allow-unauthenticated '), '--allow'), message, severity: 'high' }],
      fixes: [{ kind: 'review', output: { [WORKFLOW]: step('') } }],
    },
    {
      name: 'apt-get --allow-unauthenticated in a GitLab block script',
      files: { [GITLAB]: gitlab('--allow-unauthenticated ') },
      errors: [{ ...at(gitlab('--allow-unauthenticated '), '--allow'), message }],
      fixes: [{ kind: 'review', output: { [GITLAB]: gitlab('') } }],
    },
  ],
});
