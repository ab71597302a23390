// Table tests of transport/plaintext-http on manifests: URLs in container commands of every kind,
// tracking-server env values, KServe and Seldon storage URIs, InferenceGraph steps, KFP importers and
// pipeline roots, and Argo HTTP artifacts; the http:// → https:// fix is applied and re-analysed.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds } from '../../helpers/k8s-kinds';

const HTTPS = { kind: 'review' as const, title: 'Use https://' };
const message = (role: string, url: string) => `The ${role} ${url} is reached over plain HTTP, so its content and credentials can be read and altered in transit.`;

const DATA = 'data.example.com/reviews/train.csv';
const snippet = (scheme: string) => ['- name: app', '  image: registry.example.com/ml/train:2.1.0', `  command: [sh, -c, "curl -fsSLo /data/train.csv ${scheme}://${DATA} && python -m app.train"]`];
const plain = containerKinds(snippet('http'));
const tls = containerKinds(snippet('https'));

const invalid: InvalidCase[] = plain.map((k, i) => ({
  name: `${k.kind}: a download over http in the container command`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, `http://${DATA}`), message: message('download', `http://${DATA}`), severity: 'medium' }],
  fixes: [{ ...HTTPS, output: { [k.file]: tls[i].text } }],
}));

/** One document per resource; `fix` turns the plain URL into https. */
function single(name: string, file: string, text: string, url: string, role: string, severity: 'low' | 'medium' = 'medium'): InvalidCase {
  return {
    name,
    files: { [file]: text },
    errors: [{ ...at(text, url), message: message(role, url), severity }],
    fixes: [{ ...HTTPS, output: { [file]: text.replace(url, url.replace(/^http:/, 'https:')) } }],
  };
}

const isvc = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: sklearn-iris
  annotations:
    serving.kserve.io/deploymentMode: RawDeployment
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      # exported by the nightly training run
      storageUri: "http://models.example.com/iris/v3"
`;

const graph = `apiVersion: serving.kserve.io/v1alpha1
kind: InferenceGraph
metadata:
  name: ensemble
spec:
  nodes:
    root:
      routerType: Ensemble
      steps:
      - {name: sklearn, serviceUrl: "http://sklearn-iris.example.com/v1/models/iris:predict"}
      - {name: xgboost, serviceName: xgboost-iris}
`;

const seldonModel = `apiVersion: mlops.seldon.io/v1alpha1
kind: Model
metadata:
  name: income
spec:
  storageUri: 'http://models.example.com/income/classifier'
  requirements:
  - sklearn
  memory: 100Ki
`;

const seldonDeployment = `apiVersion: v1
kind: Namespace
metadata:
  name: seldon
---
apiVersion: machinelearning.seldon.io/v1
kind: SeldonDeployment
metadata:
  name: income
  namespace: seldon
spec:
  predictors:
  - name: default
    replicas: 1
    graph:
      name: classifier
      implementation: SKLEARN_SERVER
      modelUri: http://models.example.com/income/classifier
`;

const kfp = (root: string, importer: string) => `# PIPELINE DEFINITION
# Name: evaluate
components:
  comp-importer:
    executorLabel: exec-importer
    outputDefinitions:
      artifacts:
        artifact:
          artifactType:
            schemaTitle: system.Model
            schemaVersion: 0.0.1
defaultPipelineRoot: ${root}
deploymentSpec:
  executors:
    exec-importer:
      importer:
        artifactUri:
          constant: ${importer}
        typeSchema:
          schemaTitle: system.Model
          schemaVersion: 0.0.1
pipelineInfo:
  name: evaluate
root:
  dag:
    tasks:
      importer:
        componentRef:
          name: comp-importer
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
`;

const argo = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: score-
spec:
  entrypoint: score
  templates:
  - name: score
    inputs:
      artifacts:
      - name: model
        path: /tmp/model.onnx
        http: {url: http://models.example.com/scorer/model.onnx}
    container:
      image: registry.example.com/ml/score:1.0.0
      command: [python, -m, score]
`;

const tracking = (env: string) => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: retrain
spec:
  schedule: "0 1 * * 0"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: retrain
            image: registry.example.com/ml/train:2.1.0
            command: [python, -m, train]
            env:
${env}`;

invalid.push(
  single('KServe storageUri, double-quoted, after a comment', 'isvc.yaml', isvc, 'http://models.example.com/iris/v3', 'model storage URI'),
  single('InferenceGraph step serviceUrl in a flow mapping', 'graph.yaml', graph, 'http://sklearn-iris.example.com/v1/models/iris:predict', 'endpoint'),
  single('Seldon Model storageUri, single-quoted', 'model.yaml', seldonModel, 'http://models.example.com/income/classifier', 'model storage URI'),
  single('SeldonDeployment modelUri in the second document', 'sdep.yaml', seldonDeployment, 'http://models.example.com/income/classifier', 'model storage URI'),
  single('KFP importer artifact URI', 'pipeline.yaml', kfp('gs://ml-pipelines/root', 'http://models.example.com/resnet/model.pt'), 'http://models.example.com/resnet/model.pt', 'model storage URI'),
  single('KFP pipeline root', 'pipeline.yaml', kfp('http://minio.example.com/pipelines', 'gs://models/resnet'), 'http://minio.example.com/pipelines', 'artifact store'),
  single('Argo HTTP artifact in flow style', 'wf.yaml', argo, 'http://models.example.com/scorer/model.onnx', 'download'),
  single(
    'MLflow tracking URI in a block env entry with a comment',
    'cron.yaml',
    tracking('            - name: MLFLOW_TRACKING_URI\n              value: http://mlflow.example.com:5000  # the shared server\n'),
    'http://mlflow.example.com:5000',
    'tracking server',
  ),
  single(
    'a cluster-internal tracking server in a flow env entry is low',
    'cron.yaml',
    tracking('            - {name: MLFLOW_TRACKING_URI, value: "http://mlflow.mlflow.svc.cluster.local:5000"}\n'),
    'http://mlflow.mlflow.svc.cluster.local:5000',
    'tracking server',
    'low',
  ),
);

/** The predictor and transformer share the tracking URI through an anchor. */
const shared = (uri: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: churn
spec:
  predictor:
    containers:
    - name: kserve-container
      image: registry.example.com/ml/churn-predictor:3.0.0
      env:
      - {name: MLFLOW_TRACKING_URI, value: &tracking ${uri}}
  transformer:
    containers:
    - name: transformer
      image: registry.example.com/ml/churn-transformer:3.0.0
      env:
      - name: MLFLOW_TRACKING_URI
        value: *tracking
`;

invalid.push({
  name: 'a tracking URI shared through an anchor is reported once and fixed at the anchor',
  files: { 'isvc.yaml': shared('http://mlflow.example.com') },
  errors: [{ ...at(shared('http://mlflow.example.com'), 'http://'), message: message('tracking server', 'http://mlflow.example.com') }],
  fixes: [{ ...HTTPS, output: { 'isvc.yaml': shared('https://mlflow.example.com') } }],
});

const valid: ValidCase[] = tls.map((k) => ({ name: `${k.kind}: the download uses https`, files: { [k.file]: k.text } }));
valid.push(
  { name: 'KServe storageUri on object storage', files: { 'isvc.yaml': isvc.replace('"http://models.example.com/iris/v3"', 'gs://kfserving-examples/models/sklearn/1.0/model') } },
  { name: 'a loopback health check', files: { 'cron.yaml': tracking('            - name: MLFLOW_TRACKING_URI\n              value: http://127.0.0.1:5000\n') } },
  { name: 'InferenceGraph steps by service name', files: { 'graph.yaml': graph.replace('serviceUrl: "http://sklearn-iris.example.com/v1/models/iris:predict"', 'serviceName: sklearn-iris') } },
);

ruleTester(rule, { valid, invalid });
