// Table tests of injection/parameter-in-shell on KFP v2 IR (string parameters in a shell command
// string; numbers, booleans and separate arguments not reported) and on Argo container steps
// whose sh -c script is a literal block (fixed through env, applied and re-analysed), or whose
// parameter is a positional argument of the script.

import rule from '../../../src/core/rules/injection/parameter-in-shell';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';

const message = (parameter: string, where: string) => `The parameter ${parameter} is pasted into the ${where} before it runs, so a value holding quotes, \`;\` or \`$(…)\` runs as shell commands.`;

/** A compiled pipeline of one container component with a STRING `message` and an integer `epochs`. */
const kfp = (container: string) => `# PIPELINE DEFINITION
# Name: train
components:
  comp-train:
    executorLabel: exec-train
    inputDefinitions:
      parameters:
        message:
          parameterType: STRING
        epochs:
          parameterType: NUMBER_INTEGER
        verbose:
          parameterType: BOOLEAN
deploymentSpec:
  executors:
    exec-train:
      container:
        image: registry.example.com/ml/train:1.2.0
${container}pipelineInfo:
  name: train
root:
  dag:
    tasks:
      train:
        componentRef:
          name: comp-train
        taskInfo:
          name: train
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
`;

const kfpShell = kfp(`        command:
        - sh
        - -c
        - "echo {{$.inputs.parameters['message']}} && python train.py --epochs {{$.inputs.parameters['epochs']}} --verbose {{$.inputs.parameters['verbose']}}"
`);

const argo = (container: string) => `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: train
spec:
  templates:
  - name: main
    inputs:
      parameters:
      - name: model-name
    container:
      image: registry.example.com/ml/base:1.4.0
${container}`;

const argoBlock = argo(`      command: [sh, -c]
      args:
      - |
        echo start
        python export.py --name {{inputs.parameters.model-name}}
`);
const argoBlockFixed = argo(`      command: [sh, -c]
      args:
      - |
        echo start
        python export.py --name "\${PARAM_MODEL_NAME}"
      env: [{name: PARAM_MODEL_NAME, value: "{{inputs.parameters.model-name}}"}]
`);

ruleTester(rule, {
  valid: [
    {
      name: 'KFP: parameters as arguments of their own, numbers and booleans in the shell string',
      files: {
        'pipeline.yaml': kfp(`        command: [sh, -c, "python train.py --epochs {{$.inputs.parameters['epochs']}} \\"$0\\"", "{{$.inputs.parameters['message']}}"]
        args:
        - --message
        - "{{$.inputs.parameters['message']}}"
`),
      },
    },
    {
      name: 'Argo: the parameter is a positional argument of the script, read quoted',
      files: { 'wf.yaml': argo(`      command: [sh, -c, 'python export.py --name "$1"', export, "{{inputs.parameters.model-name}}"]\n`) },
    },
  ],
  invalid: [
    {
      name: 'KFP: only the string parameter in a shell command string',
      files: { 'pipeline.yaml': kfpShell },
      errors: [{ ...at(kfpShell, "{{$.inputs.parameters['message']}}"), message: message("inputs.parameters['message']", 'sh -c script'), severity: 'high' }],
    },
    {
      name: 'Argo: a literal block sh -c script, fixed through a new env',
      files: { 'wf.yaml': argoBlock },
      errors: [{ ...at(argoBlock, '{{inputs'), message: message('inputs.parameters.model-name', 'sh -c script') }],
      fixes: [{ kind: 'guided', output: { 'wf.yaml': argoBlockFixed } }],
    },
  ],
});
