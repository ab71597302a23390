// transport/plaintext-http on Python code: MLflow tracking URIs over plain HTTP, read through
// constants, with the https fix applied to the literal where it is written.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester } from '../../helpers/rule-tester';

const msg = (url: string) => `The tracking server ${url} is reached over plain HTTP, so its content and credentials can be read and altered in transit.`;

ruleTester(rule, {
  valid: [
    {
      name: 'https and loopback tracking servers',
      files: {
        'train.py': 'import mlflow\nmlflow.set_tracking_uri("https://mlflow.corp.example")\nmlflow.set_tracking_uri("http://127.0.0.1:5000")\nmlflow.set_tracking_uri("http://localhost:5000")\n',
      },
    },
  ],
  invalid: [
    {
      name: 'set_tracking_uri with a constant',
      files: { 'train.py': 'import mlflow\nTRACKING = "http://mlflow.corp.example:5000"\nmlflow.set_tracking_uri(TRACKING)\n' },
      errors: [{ line: 2, column: 13, message: msg('http://mlflow.corp.example:5000'), severity: 'medium' }],
      fixes: [{ kind: 'review', title: 'Use https://', output: { 'train.py': 'import mlflow\nTRACKING = "https://mlflow.corp.example:5000"\nmlflow.set_tracking_uri(TRACKING)\n' } }],
    },
    {
      name: 'an MlflowClient with a tracking URI built by an f-string',
      files: { 'train.py': 'from mlflow import MlflowClient\nHOST = "mlflow.corp.example"\nclient = MlflowClient(tracking_uri=f"http://{HOST}")\n' },
      errors: [{ line: 3, column: 36, message: msg('http://mlflow.corp.example') }],
    },
    {
      name: 'MLFLOW_TRACKING_URI set through os.environ',
      files: { 'train.py': 'import os\nimport mlflow\nos.environ["MLFLOW_TRACKING_URI"] = "http://mlflow.corp.example"\n' },
      errors: [{ line: 3, column: 38, message: msg('http://mlflow.corp.example') }],
      fixes: [{ kind: 'review', title: 'Use https://', output: { 'train.py': 'import os\nimport mlflow\nos.environ["MLFLOW_TRACKING_URI"] = "https://mlflow.corp.example"\n' } }],
    },
  ],
});
