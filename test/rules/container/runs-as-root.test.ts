// Table tests of container/runs-as-root on Dockerfile stages and USER instructions.

import rule from '../../../src/core/rules/container/runs-as-root';
import { ruleTester } from '../../helpers/rule-tester';
import { DISTROLESS, PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const ADD_USER = 'Add USER 10001 at the end of the final stage';
const SWITCH = 'Run as the unprivileged user 10001';
const NO_USER = 'The final stage sets no USER, so the container runs as root and a compromise of the process owns the container.';
const switchesTo = (user: string) => `The final stage switches to USER ${user}, so the container runs as root and a compromise of the process owns the container.`;

ruleTester(rule, {
  valid: [
    {
      name: 'a numeric unprivileged user',
      files: { Dockerfile: `FROM ${PYTORCH}\nCOPY serve.py /app/\nUSER 10001\nCMD ["python", "/app/serve.py"]\n` },
    },
    {
      name: 'a builder stage running as root is fine; the final stage switches user',
      files: {
        Dockerfile: `FROM ${PYTHON} AS builder
USER root
RUN pip wheel --wheel-dir /wheels xgboost==2.1.1
FROM ${PYTHON}
COPY --from=builder /wheels /wheels
RUN useradd --uid 10001 ml
USER ml:ml
`,
      },
    },
    {
      name: 'the final stage inherits a non-root USER through FROM <stage> (name in another case)',
      files: { Dockerfile: `FROM ${PYTORCH} AS Runtime\nRUN useradd --uid 1000 app\nUSER app\nFROM runtime AS serve\nCMD ["python", "serve.py"]\n` },
    },
    {
      name: 'a distroless nonroot base, directly or through a global ARG and a stage',
      files: {
        Dockerfile: `ARG RUNTIME_IMAGE=${DISTROLESS}
FROM ${PYTHON} AS build
RUN pip install --target /deps onnxruntime==1.18.1
FROM \${RUNTIME_IMAGE} AS runtime
COPY --from=build /deps /deps
FROM runtime
CMD ["serve.py"]
`,
      },
    },
    {
      name: 'root for installing, then back to an unprivileged user',
      files: { Dockerfile: crlf(`FROM ${PYTHON}\nUSER root\nRUN apt-get update\nUSER 10001:10001\n`) },
    },
    {
      name: 'a user from an ARG without a value is not assumed to be root',
      files: { Dockerfile: `FROM ${PYTHON}\nARG APP_UID\nUSER \${APP_UID}:\${APP_UID}\n` },
    },
    {
      name: 'a user from an ARG default is resolved',
      files: { Dockerfile: `FROM ${PYTHON}\nARG APP_UID=10001\nUSER \${APP_UID:-0}\n` },
    },
  ],
  invalid: [
    {
      name: 'no USER: add one at the end of the final stage',
      files: { Dockerfile: `FROM ${PYTORCH}\nCOPY train.py /app/\nCMD ["python", "/app/train.py"]\n` },
      errors: [{ line: 1, column: 1, message: NO_USER, severity: 'medium' }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `FROM ${PYTORCH}\nCOPY train.py /app/\nCMD ["python", "/app/train.py"]\nUSER 10001\n` } }],
    },
    {
      name: 'no final newline',
      files: { Dockerfile: `FROM ${PYTORCH}\nCMD ["python", "/app/train.py"]` },
      errors: [{ line: 1, column: 1, message: NO_USER }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `FROM ${PYTORCH}\nCMD ["python", "/app/train.py"]\nUSER 10001` } }],
    },
    {
      name: 'a CRLF file gets a CRLF line',
      files: { Dockerfile: crlf(`FROM ${PYTHON}\nCMD ["mlflow", "ui"]\n`) },
      errors: [{ line: 1, column: 1, message: NO_USER }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: crlf(`FROM ${PYTHON}\nCMD ["mlflow", "ui"]\nUSER 10001\n`) } }],
    },
    {
      name: 'multi-stage: the builder has a user, the final stage (a new image) does not',
      files: {
        Dockerfile: `FROM ${PYTHON} AS builder
USER 10001
RUN pip wheel --wheel-dir /tmp/wheels lightgbm==4.5.0
FROM --platform=linux/amd64 ${PYTHON} AS final
COPY --from=builder /tmp/wheels /wheels
`,
      },
      errors: [{ line: 4, column: 1, message: NO_USER }],
      fixes: [
        {
          kind: 'review',
          title: ADD_USER,
          output: {
            Dockerfile: `FROM ${PYTHON} AS builder
USER 10001
RUN pip wheel --wheel-dir /tmp/wheels lightgbm==4.5.0
FROM --platform=linux/amd64 ${PYTHON} AS final
COPY --from=builder /tmp/wheels /wheels
USER 10001
`,
          },
        },
      ],
    },
    {
      name: 'a final FROM scratch stage without USER runs as uid 0',
      files: { Dockerfile: `FROM ${PYTHON} AS build\nUSER 10001\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app/server"]\n` },
      errors: [{ line: 3, column: 1, message: NO_USER }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `FROM ${PYTHON} AS build\nUSER 10001\nFROM scratch\nCOPY --from=build /app /app\nENTRYPOINT ["/app/server"]\nUSER 10001\n` } }],
    },
    {
      name: 'the last USER is root (lower-case instruction)',
      files: { Dockerfile: `FROM ${PYTHON}\nUSER 10001\nRUN pip install --user mlflow==2.14.1\nuser root\nCMD ["mlflow", "ui"]\n` },
      errors: [{ line: 4, column: 6, message: switchesTo('root') }],
      fixes: [{ kind: 'review', title: SWITCH, output: { Dockerfile: `FROM ${PYTHON}\nUSER 10001\nRUN pip install --user mlflow==2.14.1\nuser 10001\nCMD ["mlflow", "ui"]\n` } }],
    },
    {
      name: 'uid 0 with a non-root group is still root',
      files: { Dockerfile: `FROM ${PYTHON}\nUSER 0:1000\n` },
      errors: [{ line: 2, column: 6, message: switchesTo('0:1000') }],
      fixes: [{ kind: 'review', title: SWITCH, output: { Dockerfile: `FROM ${PYTHON}\nUSER 10001\n` } }],
    },
    {
      name: 'root through an ARG in the stage',
      files: { Dockerfile: `FROM ${PYTHON}\nARG RUN_AS=root\nUSER \${RUN_AS}\n` },
      errors: [{ line: 3, column: 6, message: switchesTo('root') }],
      fixes: [{ kind: 'review', title: SWITCH, output: { Dockerfile: `FROM ${PYTHON}\nARG RUN_AS=root\nUSER 10001\n` } }],
    },
    {
      name: 'root inherited from the stage the final stage builds on',
      files: { Dockerfile: `FROM ${PYTHON} AS base\nUSER root\nFROM base\nCMD ["python", "app.py"]\n` },
      errors: [{ line: 3, column: 1, message: 'The final stage inherits USER root from its base stage, so the container runs as root.' }],
    },
  ],
});
