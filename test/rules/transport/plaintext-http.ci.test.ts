// Table tests of transport/plaintext-http in CI scripts, with the https fix re-analysed.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const step = (scheme: string) => workflow(`      - run: pip install --index-url ${scheme}://pypi.corp.example/simple corp-features==1.2.0\n`);
const gitlab = (scheme: string) => gitlabJob(`  script:\n    - pip install --index-url ${scheme}://pypi.corp.example/simple corp-features==1.2.0\n`);
const message = 'The package index http://pypi.corp.example/simple is reached over plain HTTP, so its content and credentials can be read and altered in transit.';

ruleTester(rule, {
  valid: [
    { name: 'an https index in a run step', files: { [WORKFLOW]: step('https') } },
    { name: 'an https index in a GitLab script', files: { [GITLAB]: gitlab('https') } },
  ],
  invalid: [
    {
      name: 'an http index in a run step',
      files: { [WORKFLOW]: step('http') },
      errors: [{ ...at(step('http'), 'http://'), message }],
      fixes: [{ kind: 'review', output: { [WORKFLOW]: step('https') } }],
    },
    {
      name: 'an http index in a GitLab script',
      files: { [GITLAB]: gitlab('http') },
      errors: [{ ...at(gitlab('http'), 'http://'), message }],
      fixes: [{ kind: 'review', output: { [GITLAB]: gitlab('https') } }],
    },
  ],
});
