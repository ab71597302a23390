// Table tests of transport/tls-verification-disabled in CI files: flags in run scripts and GitLab
// scripts and TLS-disabling variables, each removed by its fix without breaking the YAML.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const REMOVE = 'Remove the setting that disables TLS verification';
const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;
const block = (flag: string) => workflow(`      - run: |\n          curl ${flag}-fsSL https://models.example.com/m.onnx -o m.onnx\n          echo done\n`);
const env = (value: string) => workflow('      - run: git clone https://git.example.com/ml/features.git\n', `    env:\n      GIT_SSL_NO_VERIFY: ${value}\n      LANG: C.UTF-8\n`);
const gitlab = (flag: string) => gitlabJob(`  script:\n    - pip install ${flag}--index-url https://pypi.example.com/simple corp-features==1.2.0\n`);
const globalVar = (lines: string) => gitlabJob('  script:\n    - git clone https://git.example.com/ml/features.git\n', `variables:\n${lines}`);

ruleTester(rule, {
  valid: [
    { name: 'verified downloads', files: { [WORKFLOW]: block('') } },
    { name: 'verification left on', files: { [WORKFLOW]: env('"true"').replace('GIT_SSL_NO_VERIFY: "true"', 'NODE_TLS_REJECT_UNAUTHORIZED: "1"') } },
    { name: 'a GitLab install over verified TLS', files: { [GITLAB]: gitlab('') } },
  ],
  invalid: [
    {
      name: 'curl -k in a block run script',
      files: { [WORKFLOW]: block('-k ') },
      errors: [{ ...at(block('-k '), '-k'), message: message('curl -k'), severity: 'high' }],
      fixes: [{ kind: 'review', title: REMOVE, output: { [WORKFLOW]: block('') } }],
    },
    {
      name: 'GIT_SSL_NO_VERIFY in a job env',
      files: { [WORKFLOW]: env('"true"') },
      errors: [{ ...at(env('"true"'), 'GIT_SSL_NO_VERIFY'), message: message('GIT_SSL_NO_VERIFY=true') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { [WORKFLOW]: workflow('      - run: git clone https://git.example.com/ml/features.git\n', '    env:\n      LANG: C.UTF-8\n') } }],
    },
    {
      name: 'pip --trusted-host in a GitLab script',
      files: { [GITLAB]: gitlab('--trusted-host pypi.example.com ') },
      errors: [{ ...at(gitlab('--trusted-host pypi.example.com '), '--trusted-host'), message: message('pip --trusted-host pypi.example.com') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { [GITLAB]: gitlab('') } }],
    },
    {
      name: 'GIT_SSL_NO_VERIFY in GitLab variables',
      files: { [GITLAB]: globalVar('  GIT_SSL_NO_VERIFY: "1"\n  LANG: C.UTF-8\n') },
      errors: [{ ...at(globalVar('  GIT_SSL_NO_VERIFY: "1"\n  LANG: C.UTF-8\n'), 'GIT_SSL_NO_VERIFY'), message: message('GIT_SSL_NO_VERIFY=1') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { [GITLAB]: globalVar('  LANG: C.UTF-8\n') } }],
    },
  ],
});
