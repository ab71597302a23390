// Table tests of secrets/hardcoded-credential on Dockerfile ARG, ENV and RUN.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const REMOVE = 'Remove the literal value and pass it as a build secret (RUN --mount=type=secret)';
const WANDB_KEY = '3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345';
// Shaped like real tokens so the token patterns match; none of them was ever issued.
const HF_TOKEN = 'hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789';
const GH_TOKEN = 'ghp_0aBcDeFgHiJkLmNoPqRsTuVwXyZ123456789';
const literal = (name: string) => `"${name}" holds a literal credential, readable by anyone with the repository and kept in its history.`;

ruleTester(rule, {
  valid: [
    {
      name: 'the token comes from a BuildKit secret mount',
      files: {
        Dockerfile: `FROM ${PYTORCH}
RUN --mount=type=secret,id=hf_token,env=HF_TOKEN huggingface-cli download meta-llama/Meta-Llama-3-8B --local-dir /models/llama
`,
      },
    },
    {
      name: 'credential-named settings without a literal: references, placeholders, empty',
      files: {
        Dockerfile: `FROM ${PYTHON}
ARG HF_TOKEN
ARG MLFLOW_TRACKING_PASSWORD=changeme
ENV WANDB_API_KEY=\${WANDB_API_KEY} HF_TOKEN=""
ENV AWS_SECRET_ACCESS_KEY=<your-secret-access-key>
`,
      },
    },
    {
      name: 'settings that point at a credential rather than hold one',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV DB_PASSWORD_FILE=/run/secrets/db_password HF_TOKEN_PATH=/run/secrets/hf_token TOKENIZERS_PARALLELISM=false
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
`,
      },
    },
    {
      name: 'a value that names another variable (GH_TOKEN: GITHUB_TOKEN, $env:TOKEN) is not a literal',
      files: { Dockerfile: `FROM ${PYTHON}\nARG GH_TOKEN=GITHUB_TOKEN\nENV HF_TOKEN=$env:HF_TOKEN WANDB_API_KEY=env.WANDB_API_KEY\n` },
    },
  ],
  invalid: [
    {
      name: "AWS's documentation example secret key: low, said to be an example",
      files: { Dockerfile: `FROM ${PYTHON}\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n` },
      errors: [
        {
          line: 2,
          column: 66,
          message: `"AWS_SECRET_ACCESS_KEY" holds AWS's documentation example key, not a live credential; a literal key here invites the real one to be written in its place.`,
          severity: 'low',
        },
      ],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=\n` } }],
    },
    {
      name: 'a lower-case or mixed value is still a literal (only variable-shaped names are references)',
      files: { Dockerfile: `FROM ${PYTHON}\nENV GH_TOKEN=Github_Token_2024\n` },
      errors: [{ line: 2, column: 14, message: literal('GH_TOKEN'), severity: 'critical' }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nENV GH_TOKEN=\n` } }],
    },
    {
      name: 'an ENV API key keeps a valid, empty ENV after the fix',
      files: { Dockerfile: `FROM ${PYTORCH}\nENV WANDB_API_KEY=${WANDB_KEY}\nCMD ["python", "train.py"]\n` },
      errors: [{ line: 2, column: 19, message: literal('WANDB_API_KEY'), severity: 'critical' }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTORCH}\nENV WANDB_API_KEY=\nCMD ["python", "train.py"]\n` } }],
    },
    {
      name: 'a global ARG default holding a Hugging Face token (reported once, as a setting)',
      files: { Dockerfile: `ARG HF_TOKEN=${HF_TOKEN}\nFROM ${PYTORCH}\nARG HF_TOKEN\n` },
      errors: [{ line: 1, column: 14, message: literal('HF_TOKEN') }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `ARG HF_TOKEN\nFROM ${PYTORCH}\nARG HF_TOKEN\n` } }],
    },
    {
      name: 'a quoted value is removed with its quotes',
      files: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_TRACKING_USERNAME=trainer MLFLOW_TRACKING_PASSWORD="s3cr3t-Passw0rd!"\n` },
      errors: [{ line: 2, column: 64, message: literal('MLFLOW_TRACKING_PASSWORD') }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_TRACKING_USERNAME=trainer MLFLOW_TRACKING_PASSWORD=\n` } }],
    },
    {
      name: 'the legacy ENV form',
      files: { Dockerfile: `FROM ${PYTHON}\nENV WANDB_API_KEY ${WANDB_KEY}\n` },
      errors: [{ line: 2, column: 19, message: literal('WANDB_API_KEY') }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nENV WANDB_API_KEY=\n` } }],
    },
    {
      name: 'one pair among several in an ENV',
      files: { Dockerfile: `FROM ${PYTORCH}\nENV HF_HOME=/models HF_TOKEN=${HF_TOKEN} TRANSFORMERS_OFFLINE=1\n` },
      errors: [{ line: 2, column: 30, message: literal('HF_TOKEN') }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTORCH}\nENV HF_HOME=/models HF_TOKEN= TRANSFORMERS_OFFLINE=1\n` } }],
    },
    {
      name: 'a well-known default password',
      files: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_S3_ENDPOINT_URL=https://minio.example.com MINIO_ROOT_PASSWORD=minio123\n` },
      errors: [{ line: 2, column: 74, message: '"MINIO_ROOT_PASSWORD" is set to the well-known default password "minio123", which anyone can guess.', severity: 'critical' }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_S3_ENDPOINT_URL=https://minio.example.com MINIO_ROOT_PASSWORD=\n` } }],
    },
    {
      name: 'a stage ARG in a CRLF file',
      files: { Dockerfile: crlf(`FROM ${PYTHON} AS data\nARG KAGGLE_KEY=0123456789abcdef0123456789abcdef\nRUN kaggle competitions download -c titanic\n`) },
      errors: [{ line: 2, column: 16, message: literal('KAGGLE_KEY') }],
      fixes: [{ kind: 'guided', title: REMOVE, output: { Dockerfile: crlf(`FROM ${PYTHON} AS data\nARG KAGGLE_KEY\nRUN kaggle competitions download -c titanic\n`) } }],
    },
    {
      name: 'tokens written into RUN commands have no automatic fix',
      files: {
        Dockerfile: `FROM ${PYTORCH}
RUN huggingface-cli login --token ${HF_TOKEN}
RUN git clone https://${GH_TOKEN}@github.com/example-org/feature-store.git /src/features
`,
      },
      errors: [
        { line: 2, column: 35, message: 'A Hugging Face token is written in this file; treat it as leaked and rotate it.', severity: 'critical' },
        { line: 3, column: 23, message: 'A GitHub token is written in this file; treat it as leaked and rotate it.', severity: 'critical' },
      ],
    },
  ],
});
