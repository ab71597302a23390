// Table tests of supply-chain/remote-script-execution on container commands of every manifest kind,
// KFP component scripts and Argo script templates, in exec-form lists, sh -c strings and block scalars.

import rule from '../../../src/core/rules/supply-chain/remote-script-execution';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds } from '../../helpers/k8s-kinds';

const SETUP = 'https://get.example.com/ml/setup.sh';
const piped = (url: string, via: string) => `Output of curl from ${url} is executed by ${via} without any integrity check, so whoever controls that server controls this step.`;

/** Where the interpreter after `| ` is, which is where the finding is shown. */
const interpreterAt = (text: string, interpreter: string) => {
  const p = at(text, `| ${interpreter}`);
  return { line: p.line, column: p.column + 2 };
};

const snippet = (script: string) => ['- name: app', '  image: registry.example.com/ml/base:3.11', `  command: [sh, -c, "${script} && python -m app.train"]`];
const remote = containerKinds(snippet(`curl -fsSL ${SETUP} | bash`));
const local = containerKinds(snippet('bash /opt/setup.sh'));

const invalid: InvalidCase[] = remote.map((k) => ({
  name: `${k.kind}: curl piped to bash in the container command`,
  files: { [k.file]: k.text },
  errors: [{ ...interpreterAt(k.text, 'bash'), message: piped(SETUP, 'bash'), severity: 'high' }],
}));

const job = (command: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: prepare
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: prepare
        image: registry.example.com/ml/prepare:3.0.1
${command}`;

const component = `name: Prepare data
implementation:
  container:
    image: python:3.11-slim
    command:
    - bash
    - -c
    - |
      set -e
      # the vendor's installer
      bash <(curl -s https://vendor.example.com/install-driver.sh)
      python3 -m prepare
`;

const argo = `apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: bootstrap
spec:
  templates:
  - name: bootstrap
    script:
      image: python:3.11-slim
      command: [sh]
      source: |
        python3 -c "$(wget -qO- https://get.example.com/bootstrap.py)"
`;

invalid.push(
  {
    name: 'block-style command list with wget piped to sh',
    files: { 'job.yaml': job('        command:\n        - /bin/sh\n        - -c\n        - wget -qO- https://get.example.com/ml/setup.sh | sh -s -- --gpu\n') },
    errors: [
      {
        ...interpreterAt(job('        command:\n        - /bin/sh\n        - -c\n        - wget -qO- https://get.example.com/ml/setup.sh | sh -s -- --gpu\n'), 'sh'),
        message: 'Output of wget from https://get.example.com/ml/setup.sh is executed by sh without any integrity check, so whoever controls that server controls this step.',
      },
    ],
  },
  {
    name: 'process substitution in a KFP component block script',
    files: { 'component.yaml': component },
    errors: [{ ...at(component, 'bash <('), message: piped('https://vendor.example.com/install-driver.sh', 'bash') }],
  },
  {
    name: 'python -c with a command substitution in an Argo script',
    files: { 'cwt.yaml': argo },
    errors: [
      {
        ...at(argo, 'python3 -c'),
        message: 'Output of wget from https://get.example.com/bootstrap.py is executed by python3 without any integrity check, so whoever controls that server controls this step.',
      },
    ],
  },
  {
    name: 'args of an anchored command reused in the next document are reported once',
    files: {
      'two.yaml':
        job(`        args: &bootstrap ["bash", "-c", "curl -sSL ${SETUP} | bash"]\n`) + '---\n' + job('        args: *bootstrap\n').replace('name: prepare\nspec', 'name: prepare-again\nspec'),
    },
    errors: [{ ...interpreterAt(job(`        args: &bootstrap ["bash", "-c", "curl -sSL ${SETUP} | bash"]\n`), 'bash'), message: piped(SETUP, 'bash') }],
  },
);

const valid: ValidCase[] = local.map((k) => ({ name: `${k.kind}: a script from the image`, files: { [k.file]: k.text } }));
valid.push(
  {
    name: 'a download checked before it runs',
    files: { 'job.yaml': job(`        command: [sh, -c, "curl -fsSLo /tmp/setup.sh ${SETUP} && echo '${'a'.repeat(64)}  /tmp/setup.sh' | sha256sum -c - && bash /tmp/setup.sh"]\n`) },
  },
  { name: 'a URL only printed', files: { 'job.yaml': job(`        command: [sh, -c, "echo see ${SETUP}"]\n`) } },
);

ruleTester(rule, { valid, invalid });
