// Table tests of secrets/build-arg-secret: credential-named ARG and ENV in Dockerfiles.

import rule from '../../../src/core/rules/secrets/build-arg-secret';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const explain = (name: string) => [{ kind: 'guided' as const, title: `Pass ${name} with RUN --mount=type=secret instead (no edit; see the rule documentation)`, output: {} }];
const argMessage = (name: string) => `ARG ${name} carries a credential into the image history, where anyone who pulls the image can read it.`;
const envMessage = (name: string) => `ENV ${name} carries a credential into the image configuration, where anyone who pulls the image can read it.`;

ruleTester(rule, {
  valid: [
    {
      name: 'the token reaches the build only through a secret mount',
      files: {
        Dockerfile: `FROM ${PYTORCH}
RUN --mount=type=secret,id=hf_token,env=HF_TOKEN \\
    huggingface-cli download meta-llama/Meta-Llama-3-8B --local-dir /models/llama
`,
      },
    },
    {
      name: 'settings whose names do not hold credentials',
      files: {
        Dockerfile: `ARG PIP_INDEX_URL=https://pypi.corp.example/simple
FROM ${PYTHON}
ARG HF_HUB_ENABLE_HF_TRANSFER=1
ENV HF_HOME=/models TOKENIZERS_PARALLELISM=false WANDB_MODE=offline MLFLOW_TRACKING_USERNAME=trainer
ENV DB_PASSWORD_FILE=/run/secrets/db_password
`,
      },
    },
    {
      name: 'a literal credential is left to secrets/hardcoded-credential',
      files: { Dockerfile: `FROM ${PYTHON}\nENV WANDB_API_KEY=3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345\n` },
    },
    {
      name: 'names BuildKit allows (a public part) and names whose words only contain a secret word',
      files: { Dockerfile: `FROM ${PYTHON}\nARG public_token\nARG VITE_PUBLIC_API_KEY\nARG KEYBOARD_LAYOUT\nENV MONKEY_PATCH=1 AUTHOR_NAME=ml-team\n` },
    },
  ],
  invalid: [
    {
      name: 'a global ARG without a value',
      files: { Dockerfile: `ARG HF_TOKEN\nFROM ${PYTORCH}\nRUN echo "building"\n` },
      errors: [{ line: 1, column: 5, message: argMessage('HF_TOKEN'), severity: 'medium' }],
      fixes: explain('HF_TOKEN'),
    },
    {
      name: 'an ARG is reported even when a secret mount is also used (the ARG alone leaks it)',
      files: {
        Dockerfile: `FROM ${PYTORCH}
ARG HF_TOKEN
RUN --mount=type=secret,id=HF_TOKEN,env=HF_TOKEN huggingface-cli download mistralai/Mistral-7B-v0.3
`,
      },
      errors: [{ line: 2, column: 5, message: argMessage('HF_TOKEN') }],
      fixes: explain('HF_TOKEN'),
    },
    {
      name: 'an ENV copying an ARG bakes it into the image configuration',
      files: { Dockerfile: `FROM ${PYTORCH}\nARG HF_TOKEN\nENV HUGGING_FACE_HUB_TOKEN=\${HF_TOKEN}\n` },
      errors: [
        { line: 2, column: 5, message: argMessage('HF_TOKEN') },
        { line: 3, column: 5, message: envMessage('HUGGING_FACE_HUB_TOKEN'), severity: 'medium' },
      ],
      fixes: explain('HF_TOKEN'),
    },
    {
      name: 'a placeholder default still declares the credential',
      files: { Dockerfile: `FROM ${PYTHON}\nARG MLFLOW_TRACKING_PASSWORD=changeme\n` },
      errors: [{ line: 2, column: 5, message: argMessage('MLFLOW_TRACKING_PASSWORD') }],
      fixes: explain('MLFLOW_TRACKING_PASSWORD'),
    },
    {
      name: 'a global ARG redeclared in a stage, each declaration reported',
      files: {
        Dockerfile: `ARG WANDB_API_KEY
FROM ${PYTHON} AS train
ARG WANDB_API_KEY
RUN wandb login "$WANDB_API_KEY"
`,
      },
      errors: [
        { line: 1, column: 5, message: argMessage('WANDB_API_KEY') },
        { line: 3, column: 5, message: argMessage('WANDB_API_KEY') },
      ],
      fixes: explain('WANDB_API_KEY'),
    },
    {
      name: 'lower-case and camelCase names, in a CRLF file',
      files: { Dockerfile: crlf(`FROM ${PYTHON}\nARG kaggle_key\nARG githubToken\n`) },
      errors: [
        { line: 2, column: 5, message: argMessage('kaggle_key') },
        { line: 3, column: 5, message: argMessage('githubToken') },
      ],
      fixes: explain('kaggle_key'),
    },
    {
      name: 'the legacy ENV form referencing a build argument',
      files: { Dockerfile: `FROM ${PYTHON}\nARG AWS_SECRET_ACCESS_KEY\nENV AWS_SECRET_ACCESS_KEY $AWS_SECRET_ACCESS_KEY\n` },
      errors: [
        { line: 2, column: 5, message: argMessage('AWS_SECRET_ACCESS_KEY') },
        { line: 3, column: 5, message: envMessage('AWS_SECRET_ACCESS_KEY') },
      ],
      fixes: explain('AWS_SECRET_ACCESS_KEY'),
    },
    {
      name: 'BuildKit secret words as whole parts of a name',
      files: { Dockerfile: `FROM ${PYTHON}\nARG SECRET_PASSPHRASE\nARG VITE_AWS_ACCESS_KEY_ID\nARG AUTH_HEADER_VALUE\nARG key\nENV registry_pword=\n` },
      errors: [
        { line: 2, column: 5, message: argMessage('SECRET_PASSPHRASE') },
        { line: 3, column: 5, message: argMessage('VITE_AWS_ACCESS_KEY_ID') },
        { line: 4, column: 5, message: argMessage('AUTH_HEADER_VALUE') },
        { line: 5, column: 5, message: argMessage('key') },
        { line: 6, column: 5, message: envMessage('registry_pword') },
      ],
      fixes: explain('SECRET_PASSPHRASE'),
    },
  ],
});
