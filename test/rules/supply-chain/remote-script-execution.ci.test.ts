// Table tests of supply-chain/remote-script-execution in GitHub Actions run steps, composite
// actions and GitLab CI scripts: one-line and block scripts, expressions in the script.

import rule from '../../../src/core/rules/supply-chain/remote-script-execution';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const URL = 'https://get.example.com/ml/setup.sh';
const piped = (fetcher: string, via: string) => `Output of ${fetcher} from ${URL} is executed by ${via} without any integrity check, so whoever controls that server controls this step.`;
const block = workflow(`      - name: setup\n        run: |\n          echo "\${{ github.sha }}"\n          curl -fsSL ${URL} | bash -s -- --version "\${{ matrix.version }}"\n`);
const oneLine = workflow(`      - run: wget -qO- ${URL} | sh\n`);
const action = `name: setup\nruns:\n  using: composite\n  steps:\n    - run: bash <(curl -s ${URL})\n      shell: bash\n`;
const gitlab = gitlabJob(`  script:\n    - python -m pip install -U pip\n    - curl -sSL ${URL} | bash\n`);
const shifted = (text: string, needle: string, by: number) => {
  const p = at(text, needle);
  return { line: p.line, column: p.column + by };
};

ruleTester(rule, {
  valid: [
    { name: 'a script of the repository', files: { [WORKFLOW]: workflow('      - run: bash ./scripts/setup.sh\n') } },
    { name: 'a PowerShell step is not read as shell', files: { [WORKFLOW]: workflow(`      - run: curl ${URL} | bash\n        shell: pwsh\n`) } },
    { name: 'a download checked before it runs', files: { [GITLAB]: gitlabJob(`  script:\n    - curl -fsSLo s.sh ${URL} && echo "${'a'.repeat(64)}  s.sh" | sha256sum -c - && bash s.sh\n`) } },
  ],
  invalid: [
    { name: 'curl piped to bash in a block run script with expressions', files: { [WORKFLOW]: block }, errors: [{ ...shifted(block, '| bash', 2), message: piped('curl', 'bash'), severity: 'high' }] },
    { name: 'wget piped to sh in a one-line run', files: { [WORKFLOW]: oneLine }, errors: [{ ...shifted(oneLine, '| sh', 2), message: piped('wget', 'sh') }] },
    { name: 'process substitution in a composite action', files: { '.github/actions/setup/action.yml': action }, errors: [{ ...at(action, 'bash <('), message: piped('curl', 'bash') }] },
    { name: 'a GitLab script line', files: { [GITLAB]: gitlab }, errors: [{ ...shifted(gitlab, '| bash', 2), message: piped('curl', 'bash') }] },
  ],
});
