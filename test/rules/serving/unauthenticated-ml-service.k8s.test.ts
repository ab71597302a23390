// Table tests of serving/unauthenticated-ml-service on manifests: TensorBoard, Jupyter, MLflow and
// Ray launched by container commands of every kind, and a RayCluster head's rayStartParams.

import rule from '../../../src/core/rules/serving/unauthenticated-ml-service';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds } from '../../helpers/k8s-kinds';

const exposed = (what: string, bind = '0.0.0.0') => `${what} is exposed on ${bind} without authentication, so anyone who reaches the port can use it.`;

const snippet = (args: string) => ['- name: app', '  image: tensorflow/tensorflow:2.16.1', `  command: [tensorboard, --logdir, /logs, ${args}]`];
const open = containerKinds(snippet('--bind_all'));
const loopback = containerKinds(snippet('--host=127.0.0.1'));

const invalid: InvalidCase[] = open.map((k, i) => ({
  name: `${k.kind}: TensorBoard with --bind_all`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, 'tensorboard,'), message: exposed('TensorBoard'), severity: 'critical' }],
  fixes: [{ kind: 'review', title: 'Bind TensorBoard to loopback', output: { [k.file]: loopback[i].text } }],
}));

const notebook = (args: string) => `apiVersion: kubeflow.org/v1
kind: Notebook
metadata:
  name: research
  namespace: team-ml
spec:
  template:
    spec:
      containers:
      - name: research
        image: quay.io/jupyter/scipy-notebook:2024-05-27
        command:
        - jupyter
        - lab
        - --ip=0.0.0.0
${args}        - --port=8888
`;

const mlflow = (command: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: mlflow
spec:
  selector:
    matchLabels: {app: mlflow}
  template:
    metadata:
      labels: {app: mlflow}
    spec:
      containers:
      - name: mlflow
        image: ghcr.io/mlflow/mlflow:v2.12.1
${command}        ports:
        - containerPort: 5000
`;

const ray = (head: string) => `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: llm-serve
spec:
  serveConfigV2: |
    applications:
    - name: llm
      import_path: serve_app:app
  rayClusterConfig:
    rayVersion: "2.34.0"
    headGroupSpec:
      rayStartParams:
${head}      template:
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray:2.34.0-py311
            ports:
            - {containerPort: 8265, name: dashboard}
`;

const rayCommand = `apiVersion: batch/v1
kind: Job
metadata:
  name: ray-head
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: head
        image: rayproject/ray:2.34.0-py311
        command: ["ray", "start", "--head", "--dashboard-host", "0.0.0.0", "--block"]
`;

const rayCluster = (spec: string, env: string) =>
  `apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: demo\nspec:\n  headGroupSpec:\n    template:\n      spec:\n        containers:\n        - name: ray-head\n          image: rayproject/ray:2.52.0\n${env}${spec}`;
const KUBERAY_DEFAULT = '0.0.0.0 (the KubeRay default when dashboard-host is not set)';

invalid.push(
  {
    name: 'a RayService head whose rayStartParams leave dashboard-host unset: KubeRay binds it to 0.0.0.0',
    files: { 'rs.yaml': ray("        num-cpus: '0'\n") },
    errors: [{ ...at(ray("        num-cpus: '0'\n"), 'rayStartParams'), message: exposed('Ray dashboard', KUBERAY_DEFAULT), severity: 'critical' }],
  },
  {
    name: 'a RayCluster whose head sets RAY_AUTH_MODE to disabled',
    files: { 'rc.yaml': rayCluster('', '          env:\n          - {name: RAY_AUTH_MODE, value: disabled}\n') },
    errors: [{ line: 6, column: 3, message: exposed('Ray dashboard', KUBERAY_DEFAULT) }],
  },
  {
    name: 'a RayCluster head without rayStartParams is reported on headGroupSpec',
    files: {
      'rc.yaml':
        'apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: demo\nspec:\n  headGroupSpec:\n    template:\n      spec:\n        containers:\n        - name: ray-head\n          image: rayproject/ray:2.34.0-py311\n',
    },
    errors: [{ line: 6, column: 3, message: exposed('Ray dashboard', KUBERAY_DEFAULT) }],
  },
  {
    name: 'Kubeflow Notebook running Jupyter with an empty token (block list with a comment)',
    files: { 'nb.yaml': notebook('        # the gateway authenticates\n        - --ServerApp.token=\n') },
    errors: [{ line: at(notebook(''), '- jupyter').line, column: at(notebook(''), '- jupyter').column + 2, message: exposed('Jupyter server') }],
    fixes: [{ kind: 'review', title: 'Remove the empty token so Jupyter generates one', output: { 'nb.yaml': notebook('        # the gateway authenticates\n') } }],
  },
  {
    name: 'mlflow models serve on all interfaces, in the second document',
    files: {
      'serve.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: mlflow}\nspec:\n  ports: [{port: 5000}]\n---\n${mlflow('        args: [mlflow, models, serve, -m, "models:/churn/3", --host, 0.0.0.0, --port, "5000"]\n')}`,
    },
    errors: [
      {
        ...at(`apiVersion: v1\nkind: Service\nmetadata: {name: mlflow}\nspec:\n  ports: [{port: 5000}]\n---\n${mlflow('        args: [mlflow, models')}`, 'mlflow, models'),
        message: exposed('MLflow model server'),
      },
    ],
    fixes: [
      {
        kind: 'review',
        title: 'Bind the model server to loopback',
        output: {
          'serve.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: mlflow}\nspec:\n  ports: [{port: 5000}]\n---\n${mlflow('        args: [mlflow, models, serve, -m, "models:/churn/3", --host, 127.0.0.1, --port, "5000"]\n')}`,
        },
      },
    ],
  },
  {
    name: 'mlflow server in an sh -c string gets the basic-auth option',
    files: { 'mlflow.yaml': mlflow('        command: ["sh", "-c", "mlflow server --host 0.0.0.0 --backend-store-uri postgresql://mlflow@db/mlflow"]\n') },
    errors: [{ ...at(mlflow('        command: ["sh", "-c", "mlflow server'), 'mlflow server'), message: exposed('MLflow tracking server') }],
    fixes: [
      {
        kind: 'review',
        title: 'Enable MLflow basic authentication (--app-name basic-auth)',
        output: { 'mlflow.yaml': mlflow('        command: ["sh", "-c", "mlflow server --app-name basic-auth --host 0.0.0.0 --backend-store-uri postgresql://mlflow@db/mlflow"]\n') },
      },
    ],
  },
  {
    name: 'RayService head with dashboard-host 0.0.0.0 in rayStartParams',
    files: { 'rs.yaml': ray("        dashboard-host: '0.0.0.0'\n        num-cpus: '0'\n") },
    errors: [{ ...at(ray("        dashboard-host: '0.0.0.0'\n"), "'0.0.0.0'"), message: exposed('Ray dashboard') }],
    fixes: [{ kind: 'review', title: 'Bind the Ray dashboard to loopback', output: { 'rs.yaml': ray("        dashboard-host: 127.0.0.1\n        num-cpus: '0'\n") } }],
  },
  {
    name: 'ray start --head with the dashboard on all interfaces in a JSON-style list',
    files: { 'job.yaml': rayCommand },
    errors: [{ ...at(rayCommand, '"ray"'), column: at(rayCommand, '"ray"').column + 1, message: exposed('Ray dashboard') }],
    fixes: [{ kind: 'review', title: 'Bind the Ray dashboard to loopback', output: { 'job.yaml': rayCommand.replace('"--dashboard-host", "0.0.0.0"', '"--dashboard-host", "127.0.0.1"') } }],
  },
);

const AUTH = 'Enable MLflow basic authentication (--app-name basic-auth)';
const blockServer = (extra: string) => mlflow(`        command:\n        - mlflow\n        - server  # tracking for the team\n${extra}        - --host\n        - 0.0.0.0\n`);

invalid.push(
  {
    name: 'mlflow server in a JSON-style list gets the option as two quoted items',
    files: { 'mlflow.yaml': mlflow('        args: ["mlflow", "server", "--host", "0.0.0.0", "--port", "5000"]\n') },
    errors: [{ ...at(mlflow('        args: ["mlflow", "server'), 'mlflow", "server'), message: exposed('MLflow tracking server') }],
    fixes: [{ kind: 'review', title: AUTH, output: { 'mlflow.yaml': mlflow('        args: ["mlflow", "server", "--app-name", "basic-auth", "--host", "0.0.0.0", "--port", "5000"]\n') } }],
  },
  {
    name: 'mlflow server in a block list gets two new items after the commented server line',
    files: { 'mlflow.yaml': blockServer('') },
    errors: [{ line: at(blockServer(''), '- mlflow\n').line, column: at(blockServer(''), '- mlflow\n').column + 2, message: exposed('MLflow tracking server') }],
    fixes: [{ kind: 'review', title: AUTH, output: { 'mlflow.yaml': blockServer('        - --app-name\n        - basic-auth\n') } }],
  },
);

/** Two containers run the same anchored TensorBoard command. */
const boards = (flag: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: boards
spec:
  serviceName: boards
  selector:
    matchLabels: {app: boards}
  template:
    metadata:
      labels: {app: boards}
    spec:
      containers:
      - name: experiments
        image: tensorflow/tensorflow:2.16.1
        command: &board
        - tensorboard
        - --logdir=/logs
        - ${flag}  # reachable through the Service
      - name: profiles
        image: tensorflow/tensorflow:2.16.1
        command: *board
`;

invalid.push({
  name: 'an anchored command used by two containers is reported once and fixed for both',
  files: { 'boards.yaml': boards('--bind_all') },
  errors: [{ line: 17, column: 11, message: exposed('TensorBoard') }],
  fixes: [{ kind: 'review', title: 'Bind TensorBoard to loopback', output: { 'boards.yaml': boards('--host=127.0.0.1') } }],
});

const valid: ValidCase[] = loopback.map((k) => ({ name: `${k.kind}: TensorBoard on loopback`, files: { [k.file]: k.text } }));
valid.push(
  { name: 'Jupyter with its generated token', files: { 'nb.yaml': notebook('') } },
  { name: 'MLflow with basic authentication', files: { 'mlflow.yaml': mlflow('        args: [mlflow, server, --app-name, basic-auth, --host, 0.0.0.0]\n') } },
  { name: 'a RayService whose dashboard listens on loopback', files: { 'rs.yaml': ray('        dashboard-host: 127.0.0.1\n') } },
  { name: 'a RayService head with the dashboard switched off', files: { 'rs.yaml': ray("        include-dashboard: 'false'\n") } },
  {
    name: 'a RayService head with Ray token authentication in its environment',
    files: { 'rs.yaml': ray("        dashboard-host: '0.0.0.0'\n").replace('            ports:', '            env:\n            - {name: RAY_AUTH_MODE, value: token}\n            ports:') },
  },
  {
    name: 'a RayCluster with KubeRay token authentication (authOptions.mode: token)',
    files: { 'rc.yaml': rayCluster('  authOptions:\n    mode: token\n', '') },
  },
  {
    name: 'a RayJob that submits to an existing cluster starts no head',
    files: { 'job.yaml': 'apiVersion: ray.io/v1\nkind: RayJob\nmetadata:\n  name: demo\nspec:\n  entrypoint: python train.py\n  clusterSelector:\n    ray.io/cluster: shared\n' },
  },
);

ruleTester(rule, { valid, invalid });
