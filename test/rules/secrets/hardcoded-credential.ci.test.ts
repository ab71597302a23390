// Table tests of secrets/hardcoded-credential in CI files: literal tokens in workflow, job and
// step env, action inputs and GitLab variables; references to secrets and variables are not literals.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const TOKEN = `hf_${'AbCdEfGhIjKlMnOpQrStUvWx'}Yz012345`;
const literal = (name: string) => `"${name}" holds a literal credential, readable by anyone with the repository and kept in its history.`;
const stepEnv = (value: string) => workflow(`      - name: upload\n        env:\n          HF_TOKEN: ${value}\n        run: huggingface-cli upload org/model ./model\n`);
const withInput = (value: string) => workflow(`      - uses: docker/login-action@v3\n        with:\n          username: ml-bot\n          password: ${value}\n`);
const gitlab = (value: string) => gitlabJob('  script:\n    - python upload.py\n', `variables:\n  WANDB_API_KEY: ${value}\n`);

ruleTester(rule, {
  valid: [
    { name: 'a repository secret', files: { [WORKFLOW]: stepEnv('${{ secrets.HF_TOKEN }}') } },
    { name: 'an action input from a secret', files: { [WORKFLOW]: withInput('${{ secrets.REGISTRY_PASSWORD }}') } },
    { name: 'a GitLab variable from another variable', files: { [GITLAB]: gitlab('$CI_WANDB_KEY') } },
  ],
  invalid: [
    {
      name: 'a literal token in a step env',
      files: { [WORKFLOW]: stepEnv(TOKEN) },
      errors: [{ ...at(stepEnv(TOKEN), TOKEN), message: literal('HF_TOKEN'), severity: 'critical' }],
      fixes: [{ kind: 'guided', title: 'Replace the literal with ${{ secrets.HF_TOKEN }} and create that repository secret', output: { [WORKFLOW]: stepEnv('${{ secrets.HF_TOKEN }}') } }],
    },
    {
      name: 'a quoted literal password given to an action',
      files: { [WORKFLOW]: withInput("'s3cr3t-Registry-pw'") },
      errors: [{ ...at(withInput("'s3cr3t-Registry-pw'"), 's3cr3t'), message: literal('password') }],
      fixes: [{ kind: 'guided', title: 'Replace the literal with ${{ secrets.PASSWORD }} and create that repository secret', output: { [WORKFLOW]: withInput('${{ secrets.PASSWORD }}') } }],
    },
    {
      name: 'a literal key in GitLab variables',
      files: { [GITLAB]: gitlab('0f3c9a1b7e5d4c2a8b6f0e9d1c3b5a7f9e2d4c6b') },
      errors: [{ ...at(gitlab('0f3c9a1b7e5d4c2a8b6f0e9d1c3b5a7f9e2d4c6b'), '0f3c'), message: literal('WANDB_API_KEY') }],
    },
  ],
});
