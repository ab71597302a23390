// transport/plaintext-http on MLflow tracking URIs and package indexes.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'HTTPS tracking server',
      files: {
        MLproject: 'name: x\ndocker_env:\n  image: ghcr.io/acme/x:1\n  environment:\n    - ["MLFLOW_TRACKING_URI", "https://mlflow.acme.io"]\nentry_points:\n  main:\n    command: python train.py\n',
      },
    },
  ],
  invalid: [
    {
      name: 'HTTP tracking server in conda variables',
      files: { 'conda.yaml': 'name: x\ndependencies:\n  - python=3.11.7\nvariables:\n  MLFLOW_TRACKING_URI: http://mlflow.acme.io:5000\n' },
      errors: [{ line: 5, column: 24, message: /^The tracking server http:\/\/mlflow\.acme\.io:5000 is reached over plain HTTP/ }],
      fixes: [{ kind: 'review', output: { 'conda.yaml': 'name: x\ndependencies:\n  - python=3.11.7\nvariables:\n  MLFLOW_TRACKING_URI: https://mlflow.acme.io:5000\n' } }],
    },
    {
      name: 'HTTP package index in requirements',
      files: { 'requirements.txt': '--index-url http://pypi.acme.io/simple\nmlflow==2.9.2\n' },
      errors: [{ line: 1, column: 13, message: /^The package index http:\/\/pypi\.acme\.io\/simple is reached over plain HTTP/ }],
      fixes: [{ kind: 'review', output: { 'requirements.txt': '--index-url https://pypi.acme.io/simple\nmlflow==2.9.2\n' } }],
    },
  ],
});
