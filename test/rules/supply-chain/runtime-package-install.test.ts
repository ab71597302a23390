// Table tests of supply-chain/runtime-package-install on KFP IR executors, Argo scripts and container commands.

import rule from '../../../src/core/rules/supply-chain/runtime-package-install';
import { ruleTester } from '../../helpers/rule-tester';
import { at, rayJob } from '../../helpers/k8s-kinds';

/** A KFP IR executor as the SDK compiles `packages_to_install` (double-quoted, folded, escaped). */
const kfp = (pkgs: string) => `# PIPELINE DEFINITION
components:
  comp-train:
    executorLabel: exec-train
deploymentSpec:
  executors:
    exec-train:
      container:
        args:
        - --executor_input
        - '{{$}}'
        command:
        - sh
        - -c
        - "\\nif ! [ -x \\"$(command -v pip)\\" ]; then\\n    python3 -m ensurepip\\nfi\\n\\nPIP_DISABLE_PIP_VERSION_CHECK=1\\
          \\ python3 -m pip install --quiet --no-warn-script-location ${pkgs} && \\"$0\\" \\"$@\\"\\n"
        - sh
        - -ec
        - python3 -m kfp.dsl.executor_main "$@"
        image: python:3.11
pipelineInfo:
  name: train
root:
  dag:
    tasks:
      train:
        componentRef:
          name: comp-train
schemaVersion: 2.1.0
`;

/** A RayJob whose `runtimeEnvYAML` Ray installs when the job starts. */
const rayRuntimeEnv = (env: string) => rayJob('tune', 'python tune.py').replace('  shutdownAfterJobFinishes: true\n', `  shutdownAfterJobFinishes: true\n  runtimeEnvYAML: |\n${env}`);

ruleTester(rule, {
  valid: [
    { name: 'a RayJob runtime environment with no pip packages', files: { 'rayjob.yaml': rayRuntimeEnv('    env_vars:\n      MODE: tune\n') } },
    { name: 'KFP executor whose image holds its packages', files: { 'p.yaml': kfp('').replace(/PIP_DISABLE[^"]*?&& /s, '') } },
    {
      name: 'container that only runs code',
      files: {
        'j.yaml':
          'apiVersion: batch/v1\nkind: Job\nmetadata: {name: t}\nspec:\n  template:\n    spec:\n      containers:\n      - name: t\n        image: registry.example.com/train@sha256:' +
          'b'.repeat(64) +
          '\n        command: [python, train.py]\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a RayJob runtimeEnvYAML pip list is installed every time the job starts',
      files: { 'rayjob.yaml': rayRuntimeEnv('    pip:\n      - xgboost_ray==0.1.19\n      - pandas==2.2.2\n') },
      errors: [
        {
          ...at(rayRuntimeEnv(''), 'runtimeEnvYAML'),
          message: 'xgboost_ray, pandas are installed with pip every time the step starts, so a change on the package index reaches the pipeline without review.',
        },
      ],
    },
    {
      name: 'KFP packages_to_install compiled into the executor',
      files: { 'p.yaml': kfp("'pandas==2.2.2' 'scikit-learn'") },
      errors: [{ line: 15, message: /^pandas, scikit-learn are installed with pip every time the step starts/, severity: 'medium' }],
    },
    {
      name: 'pip install in an Argo script template',
      files: {
        'w.yaml':
          'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {generateName: t-}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    script:\n      image: python:3.11\n      command: [bash]\n      source: |\n        pip install torch==2.3.0\n        python train.py\n',
      },
      errors: [{ line: 12, column: 9, message: /^torch is installed with pip every time the step starts/ }],
    },
    {
      name: 'pip install in a Deployment command',
      files: {
        'd.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: s}\nspec:\n  template:\n    spec:\n      containers:\n      - name: s\n        image: python:3.11\n        command: ["sh", "-c", "pip install mlflow && mlflow models serve -m models:/m/1 --host 127.0.0.1"]\n',
      },
      errors: [{ line: 10, column: 32, message: /^mlflow is installed with pip/ }],
    },
  ],
});
