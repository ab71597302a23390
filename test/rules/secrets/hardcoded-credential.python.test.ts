// secrets/hardcoded-credential on Python code: literal values of credential-named variables,
// environment entries and keyword arguments, and token-shaped strings anywhere.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';

const literal = (name: string) => `"${name}" holds a literal credential, readable by anyone with the repository and kept in its history.`;

ruleTester(rule, {
  valid: [
    {
      name: 'credentials read from the environment, placeholders and non-secret names',
      files: {
        'train.py': `import os
import mlflow
HF_TOKEN = os.environ["HF_TOKEN"]
API_KEY = os.getenv("WANDB_API_KEY")
TOKEN_FILE = "/run/secrets/hf_token"
password = ""
mlflow.login(token=HF_TOKEN)
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a credential-named constant, an environment entry and a keyword argument',
      files: {
        'train.py': `import os
import requests
WANDB_API_KEY = "3f9c2a7b1e5d4c6a8b0f9e2d1c3b4a5f"
os.environ["MLFLOW_TRACKING_PASSWORD"] = "q7Vt-2mZ-88xw"
r = requests.post("https://api.example.com", password="hunter2-prod-42")
`,
      },
      errors: [
        { line: 3, column: 18, message: literal('WANDB_API_KEY'), severity: 'critical' },
        { line: 4, column: 43, message: literal('MLFLOW_TRACKING_PASSWORD') },
        { line: 5, column: 56, message: literal('password') },
      ],
    },
    {
      name: 'a Hugging Face token passed as token=',
      files: { 'load.py': 'from huggingface_hub import login\nlogin(token="hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")\n' },
      errors: [{ line: 2, column: 14, message: literal('token') }],
    },
  ],
});
