// secrets/hardcoded-credential on MLflow projects and environments: tracking credentials in
// docker_env, conda variables and parameter defaults.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'tracking password taken from the host environment',
      files: {
        MLproject:
          'name: churn\ndocker_env:\n  image: ghcr.io/acme/train@sha256:9b2cf535f27731c974343645a39853289b2cf535f27731c974343645a3985328\n  environment: ["MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_USERNAME"]\nentry_points:\n  main:\n    command: python train.py\n',
      },
    },
  ],
  invalid: [
    {
      name: 'tracking password in docker_env',
      files: {
        MLproject:
          'name: churn\ndocker_env:\n  image: ghcr.io/acme/train:1.4\n  environment:\n    - ["MLFLOW_TRACKING_USERNAME", "ci-bot"]\n    - ["MLFLOW_TRACKING_PASSWORD", "q7Vt-2mZ-88xw"]\nentry_points:\n  main:\n    command: python train.py\n',
      },
      errors: [{ line: 6, column: 37, message: '"MLFLOW_TRACKING_PASSWORD" holds a literal credential, readable by anyone with the repository and kept in its history.' }],
    },
    {
      name: 'tracking token in conda variables',
      files: { 'conda.yaml': 'name: churn\ndependencies:\n  - python=3.11.7\nvariables:\n  MLFLOW_TRACKING_TOKEN: dapi5f2e9c1b7a3d4e6f8091a2b3c4d5e6f7\n' },
      errors: [{ line: 5, column: 26, message: '"MLFLOW_TRACKING_TOKEN" holds a literal credential, readable by anyone with the repository and kept in its history.' }],
    },
    {
      name: 'an API key as a parameter default',
      files: {
        MLproject:
          'name: llm-eval\nentry_points:\n  main:\n    parameters:\n      openai_api_key: {type: string, default: "sk-live-7f3a9c2e1b5d"}\n    command: python eval.py --key {openai_api_key}\n',
      },
      errors: [{ line: 5, column: 48, message: '"openai_api_key" holds a literal credential, readable by anyone with the repository and kept in its history.' }],
    },
  ],
});
