// Table tests of serving/unauthenticated-ml-service on Dockerfile CMD, ENTRYPOINT and RUN.

import rule from '../../../src/core/rules/serving/unauthenticated-ml-service';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, crlf } from '../../helpers/docker';

const MLFLOW = `ghcr.io/mlflow/mlflow:v2.14.1@sha256:b1a8f0a4d2aae9e01582f244dadd434276725eb1db0cea11ca8bcfcbef640eb6`;
const AUTH = 'Enable MLflow basic authentication (--app-name basic-auth)';
const exposed = (what: string, bind?: string) => `${what} is exposed${bind === undefined ? '' : ` on ${bind}`} without authentication, so anyone who reaches the port can use it.`;
const JUPYTER = 'quay.io/jupyter/scipy-notebook:2024-07-08@sha256:ea3e6869841f102bdb95fc7358ad94097770136193d88ac06a56a1c5a318d613';
/** A Dockerfile on `base` that runs as an unprivileged user and ends with `last`. */
const served = (last: string, base = MLFLOW) => `FROM ${base}\nUSER 10001\n${last}\n`;

ruleTester(rule, {
  valid: [
    {
      name: 'MLflow with basic authentication',
      files: { Dockerfile: served('CMD ["mlflow", "server", "--host", "0.0.0.0", "--app-name", "basic-auth"]') },
    },
    {
      name: 'MLflow on its default host',
      files: { Dockerfile: served('CMD mlflow server --backend-store-uri sqlite:////data/mlflow.db --default-artifact-root /artifacts') },
    },
    {
      name: 'MLflow on a loopback host',
      files: { Dockerfile: served('ENTRYPOINT ["mlflow", "ui", "--host", "127.0.0.1"]') },
    },
    {
      name: 'Jupyter, TensorBoard, Ray and the model server without an exposed unauthenticated bind',
      files: {
        Dockerfile: `FROM ${PYTHON}
USER 10001
RUN jupyter lab --ip=0.0.0.0 --no-browser --generate-config
RUN tensorboard --logdir /logs --host 127.0.0.1 --version_tb
RUN ray start --head --dashboard-host=127.0.0.1 && ray stop
CMD ["mlflow", "models", "serve", "-m", "/models/churn", "--host", "127.0.0.1"]
`,
      },
    },
    {
      name: 'Jupyter with an empty password still generates a token; an empty token with a password set asks for it',
      files: {
        Dockerfile: served(
          `CMD jupyter lab --ip=0.0.0.0 --ServerApp.password=''\nCMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token=", "--ServerApp.password=argon2:$argon2id$v=19$m=10240,t=10,p=8$c2FsdA$aGFzaA"]`,
          JUPYTER,
        ),
      },
    },
    {
      name: 'an ARG is not in the environment of the running container',
      files: { Dockerfile: served('ARG MLFLOW_HOST=0.0.0.0\nCMD mlflow server --host $MLFLOW_HOST') },
    },
  ],
  invalid: [
    {
      name: 'shell form: the option is added after "server"',
      files: { Dockerfile: served('CMD mlflow server --host 0.0.0.0 --port 5000 --backend-store-uri sqlite:///mlflow.db') },
      errors: [{ line: 3, column: 5, message: exposed('MLflow tracking server', '0.0.0.0'), severity: 'critical' }],
      fixes: [
        {
          kind: 'review',
          title: AUTH,
          output: { Dockerfile: served('CMD mlflow server --app-name basic-auth --host 0.0.0.0 --port 5000 --backend-store-uri sqlite:///mlflow.db') },
        },
      ],
    },
    {
      name: 'exec form: the option is added as two more JSON strings',
      files: { Dockerfile: served('CMD ["mlflow", "server", "--host", "0.0.0.0"]') },
      errors: [{ line: 3, column: 7, message: exposed('MLflow tracking server', '0.0.0.0') }],
      fixes: [{ kind: 'review', title: AUTH, output: { Dockerfile: served('CMD ["mlflow", "server", "--app-name", "basic-auth", "--host", "0.0.0.0"]') } }],
    },
    {
      name: 'exec form over two lines, in a CRLF file',
      files: { Dockerfile: crlf(served('ENTRYPOINT ["mlflow", "ui", \\\n    "-h", "0.0.0.0"]')) },
      errors: [{ line: 3, column: 14, message: exposed('MLflow tracking server', '0.0.0.0') }],
      fixes: [{ kind: 'review', title: AUTH, output: { Dockerfile: crlf(served('ENTRYPOINT ["mlflow", "ui", "--app-name", "basic-auth", \\\n    "-h", "0.0.0.0"]')) } }],
    },
    {
      name: 'sh -c inside exec form: the option goes into the script',
      files: { Dockerfile: served('ENTRYPOINT ["sh", "-c", "exec mlflow server --host 0.0.0.0 --backend-store-uri $DB_URI"]') },
      errors: [{ line: 3, column: 26, message: exposed('MLflow tracking server', '0.0.0.0') }],
      fixes: [
        {
          kind: 'review',
          title: AUTH,
          output: { Dockerfile: served('ENTRYPOINT ["sh", "-c", "exec mlflow server --app-name basic-auth --host 0.0.0.0 --backend-store-uri $DB_URI"]') },
        },
      ],
    },
    {
      name: 'the host from an ENV of the image',
      files: { Dockerfile: served('ENV MLFLOW_HOST=0.0.0.0\nCMD mlflow server --host ${MLFLOW_HOST}') },
      errors: [{ line: 4, column: 5, message: exposed('MLflow tracking server', '0.0.0.0') }],
      fixes: [{ kind: 'review', title: AUTH, output: { Dockerfile: served('ENV MLFLOW_HOST=0.0.0.0\nCMD mlflow server --app-name basic-auth --host ${MLFLOW_HOST}') } }],
    },
    {
      name: 'the model server bound with --host=: only the address is replaced',
      files: { Dockerfile: served('CMD mlflow models serve -m models:/churn/Production --host=0.0.0.0 --port 5001') },
      errors: [{ line: 3, column: 5, message: exposed('MLflow model server', '0.0.0.0') }],
      fixes: [
        {
          kind: 'review',
          title: 'Bind the model server to loopback',
          output: { Dockerfile: served('CMD mlflow models serve -m models:/churn/Production --host=127.0.0.1 --port 5001') },
        },
      ],
    },
    {
      name: 'Jupyter with an empty token in exec form',
      files: { Dockerfile: served('CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser", "--ServerApp.token="]', JUPYTER) },
      errors: [{ line: 3, column: 7, message: exposed('Jupyter server', '0.0.0.0') }],
      fixes: [
        {
          kind: 'review',
          title: 'Remove the empty token so Jupyter generates one',
          output: { Dockerfile: served('CMD ["jupyter", "lab", "--ip=0.0.0.0", "--no-browser"]', JUPYTER) },
        },
      ],
    },
    {
      name: 'Jupyter with an empty token and an empty password in shell form',
      files: { Dockerfile: served(`CMD jupyter notebook --ip 0.0.0.0 --NotebookApp.token='' --NotebookApp.password=''`, JUPYTER) },
      errors: [{ line: 3, column: 5, message: exposed('Jupyter server', '0.0.0.0') }],
      fixes: [
        {
          kind: 'review',
          title: 'Remove the empty token so Jupyter generates one',
          output: { Dockerfile: served(`CMD jupyter notebook --ip 0.0.0.0 --NotebookApp.password=''`, JUPYTER) },
        },
      ],
    },
    {
      name: 'TensorBoard --bind_all in exec form becomes one --host=127.0.0.1 argument',
      files: { Dockerfile: served('CMD ["tensorboard", "--logdir", "/logs", "--bind_all"]', PYTHON) },
      errors: [{ line: 3, column: 7, message: exposed('TensorBoard', '0.0.0.0') }],
      fixes: [{ kind: 'review', title: 'Bind TensorBoard to loopback', output: { Dockerfile: served('CMD ["tensorboard", "--logdir", "/logs", "--host=127.0.0.1"]', PYTHON) } }],
    },
    {
      name: 'TensorBoard --host=0.0.0.0: only the address is replaced',
      files: { Dockerfile: served('CMD tensorboard --logdir /logs --host=0.0.0.0 --port 6006', PYTHON) },
      errors: [{ line: 3, column: 5, message: exposed('TensorBoard', '0.0.0.0') }],
      fixes: [{ kind: 'review', title: 'Bind TensorBoard to loopback', output: { Dockerfile: served('CMD tensorboard --logdir /logs --host=127.0.0.1 --port 6006', PYTHON) } }],
    },
    {
      name: 'a Ray head with the dashboard on every interface',
      files: { Dockerfile: served('CMD ray start --head --dashboard-host=0.0.0.0 --block', PYTHON) },
      errors: [{ line: 3, column: 5, message: exposed('Ray dashboard', '0.0.0.0') }],
      fixes: [{ kind: 'review', title: 'Bind the Ray dashboard to loopback', output: { Dockerfile: served('CMD ray start --head --dashboard-host=127.0.0.1 --block', PYTHON) } }],
    },
    {
      name: 'a Jupyter server without a bind option is still exposed',
      files: { Dockerfile: served('CMD ["jupyter-lab", "--NotebookApp.token="]', JUPYTER) },
      errors: [{ line: 3, column: 7, message: exposed('Jupyter server') }],
      fixes: [{ kind: 'review', title: 'Remove the empty token so Jupyter generates one', output: { Dockerfile: served('CMD ["jupyter-lab"]', JUPYTER) } }],
    },
  ],
});
