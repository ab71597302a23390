// Table tests of injection/parameter-in-shell on Argo workflows: parameters inside sh -c strings and
// script sources (shell and Python), not as arguments of their own or through env; the guided fix
// passes the value as an environment variable read quoted, applied and re-analysed.

import rule from '../../../src/core/rules/injection/parameter-in-shell';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';

const message = (parameter: string, where: string, lang = 'shell commands') =>
  `The parameter ${parameter} is pasted into the ${where} before it runs, so a value holding quotes, \`;\` or \`$(…)\` runs as ${lang}.`;

const workflow = (template: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: train-
spec:
  entrypoint: main
  arguments:
    parameters:
    - {name: dataset, value: reviews}
  templates:
  - name: main
    inputs:
      parameters:
      - name: message
${template}`;

const scriptSource = (body: string, env = '') =>
  workflow(`    script:
      image: registry.example.com/ml/base:1.4.0
      command: [bash]
${env}      source: |
${body}`);

const shc = workflow(`    container:
      image: registry.example.com/ml/base:1.4.0
      command: [sh, -c]
      args: ["echo {{inputs.parameters.message}} > /tmp/out.txt && python train.py --data {{workflow.parameters.dataset}}"]
`);

const bash = scriptSource(`        set -e
        echo "training on {{inputs.parameters.message}}"
        python train.py --tag {{inputs.parameters.message}}
`);
const bashFixed = workflow(`    script:
      image: registry.example.com/ml/base:1.4.0
      command: [bash]
      source: |
        set -e
        echo "training on \${PARAM_MESSAGE}"
        python train.py --tag "\${PARAM_MESSAGE}"
      env: [{name: PARAM_MESSAGE, value: "{{inputs.parameters.message}}"}]
`);

const withEnv = scriptSource(
  `        echo '{{inputs.parameters.message}}'
`,
  `      env:
      - name: LOG_LEVEL
        value: info
`,
);
const withEnvFixed = scriptSource(
  `        echo ''"\${PARAM_MESSAGE}"''
`,
  `      env:
      - name: LOG_LEVEL
        value: info
      - {name: PARAM_MESSAGE, value: "{{inputs.parameters.message}}"}
`,
);

const python = workflow(`    script:
      image: python:3.11
      command: [python]
      source: |
        print("{{inputs.parameters.message}}")
`);

ruleTester(rule, {
  valid: [
    {
      name: 'a parameter as an argument of its own and through an environment variable',
      files: {
        'wf.yaml': workflow(`    container:
      image: registry.example.com/ml/base:1.4.0
      command: [python, train.py, --message, "{{inputs.parameters.message}}"]
      env:
      - {name: MESSAGE, value: "{{inputs.parameters.message}}"}
  - name: echo
    container:
      image: registry.example.com/ml/base:1.4.0
      command: [sh, -c, 'echo "$MESSAGE"']
      env:
      - {name: MESSAGE, value: "{{workflow.parameters.dataset}}"}
`),
      },
    },
    {
      name: 'other placeholders in a script are not parameters',
      files: { 'wf.yaml': scriptSource('        echo {{workflow.name}} {{pod.name}}\n') },
    },
  ],
  invalid: [
    {
      name: 'two parameters in one sh -c string: no fix for a quoted string',
      files: { 'wf.yaml': shc },
      errors: [
        { ...at(shc, '{{inputs'), message: message('inputs.parameters.message', 'sh -c script'), severity: 'high' },
        { ...at(shc, '{{workflow'), message: message('workflow.parameters.dataset', 'sh -c script') },
      ],
    },
    {
      name: 'a bash script source: one finding for two uses, fixed through a new env',
      files: { 'wf.yaml': bash },
      errors: [{ ...at(bash, '{{inputs.parameters.message}}"'), message: message('inputs.parameters.message', 'shell script source') }],
      fixes: [{ kind: 'guided', title: 'Pass inputs.parameters.message as the environment variable PARAM_MESSAGE and read it quoted', output: { 'wf.yaml': bashFixed } }],
    },
    {
      name: 'inside single quotes, with an env list to add to',
      files: { 'wf.yaml': withEnv },
      errors: [{ ...at(withEnv, '{{inputs'), message: message('inputs.parameters.message', 'shell script source') }],
      fixes: [{ kind: 'guided', output: { 'wf.yaml': withEnvFixed } }],
    },
    {
      name: 'a Python script source runs the value as code: no shell fix',
      files: { 'wf.yaml': python },
      errors: [{ ...at(python, '{{inputs'), message: message('inputs.parameters.message', 'Python script source', 'Python code') }],
    },
  ],
});
