// Table tests of transport/tls-verification-disabled on manifests: TLS flags in container command
// lists of every kind and inside sh -c strings, pip --trusted-host compiled by KFP, TLS-disabling
// env entries, and Argo artifacts marked insecure; every removal fix is applied and re-analysed.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds, rayJob } from '../../helpers/k8s-kinds';
import { kfpLightweight, secretAsEnv } from '../../helpers/kfp-ir';

const REMOVE = 'Remove the setting that disables TLS verification';
const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;

const snippet = (flags: string) => ['- name: app', '  image: registry.example.com/ml/fetch:1.2.0', `  command: [wget, ${flags}-O, /models/model.onnx, https://models.example.com/resnet/model.onnx]`];
const insecure = containerKinds(snippet('--no-check-certificate, '));
const secure = containerKinds(snippet(''));

const invalid: InvalidCase[] = insecure.map((k, i) => ({
  name: `${k.kind}: wget --no-check-certificate as an item of the command list`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, '--no-check-certificate'), message: message('wget --no-check-certificate'), severity: 'high' }],
  fixes: [{ kind: 'review', title: REMOVE, output: { [k.file]: secure[i].text } }],
}));

const job = (container: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: fetch-weights
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: fetch
        image: registry.example.com/ml/fetch:1.2.0
${container}`;

const workflow = (artifacts: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: train-
spec:
  entrypoint: train
  templates:
  - name: train
    inputs:
      artifacts:
${artifacts}    container:
      image: registry.example.com/ml/train:2.1.0
      command: [python, -m, train]
`;

const kfp = (trusted: string) =>
  kfpLightweight(
    'train',
    ['\\ python3 -m pip install --quiet --no-warn-script-location --index-url https://pypi.corp.example/simple\\', `${trusted}\\ 'corp-features==1.4.0' && \\"$0\\" \\"$@\\"\\n"`],
    secretAsEnv('train', 'PIP_PASSWORD', 'pypi-corp'),
  );

const component = (env: string) => `name: Clone features
implementation:
  container:
    image: alpine/git:2.45.2
    command: [git, clone, https://git.corp.example/ml/features.git, /src]
    env:
${env}`;

invalid.push(
  {
    name: 'curl -k in a block-style command list',
    files: {
      'job.yaml': job('        command:\n        - curl\n        - -k  # self-signed mirror\n        - -fsSLo\n        - /models/model.onnx\n        - https://mirror.corp.example/model.onnx\n'),
    },
    errors: [{ line: 14, column: 11, message: message('curl -k') }],
    fixes: [
      {
        kind: 'review',
        title: REMOVE,
        output: { 'job.yaml': job('        command:\n        - curl\n        - -fsSLo\n        - /models/model.onnx\n        - https://mirror.corp.example/model.onnx\n') },
      },
    ],
  },
  {
    name: 'curl --insecure inside an sh -c string',
    files: { 'job.yaml': job('        command: ["sh", "-c", "curl --insecure -fsSLo /models/model.onnx https://mirror.corp.example/model.onnx && python -m serve"]\n') },
    errors: [{ ...at(job('        command: ["sh", "-c", "curl --insecure'), '--insecure'), message: message('curl --insecure') }],
    fixes: [
      { kind: 'review', title: REMOVE, output: { 'job.yaml': job('        command: ["sh", "-c", "curl -fsSLo /models/model.onnx https://mirror.corp.example/model.onnx && python -m serve"]\n') } },
    ],
  },
  {
    name: 'pip --trusted-host compiled by KFP into a folded string, with the platform config document',
    files: { 'pipeline.yaml': kfp('\\ --trusted-host pypi.corp.example') },
    errors: [{ ...at(kfp('\\ --trusted-host pypi.corp.example'), '--trusted-host'), message: message('pip --trusted-host pypi.corp.example') }],
    fixes: [{ kind: 'review', title: REMOVE, output: { 'pipeline.yaml': kfp('\\ --trusted-host pypi.corp.example').replace('simple\\\n          \\ --trusted-host pypi.corp.example', 'simple') } }],
  },
  {
    name: 'GIT_SSL_NO_VERIFY as a block env entry',
    files: {
      'job.yaml': job(
        '        command: [git, clone, https://git.corp.example/ml/features.git]\n        env:\n        - name: GIT_SSL_NO_VERIFY\n          value: "true"\n        - name: GIT_TERMINAL_PROMPT\n          value: "0"\n',
      ),
    },
    errors: [{ line: 14, column: 17, message: message('GIT_SSL_NO_VERIFY=true') }],
    fixes: [
      {
        kind: 'review',
        title: REMOVE,
        output: { 'job.yaml': job('        command: [git, clone, https://git.corp.example/ml/features.git]\n        env:\n        - name: GIT_TERMINAL_PROMPT\n          value: "0"\n') },
      },
    ],
  },
  {
    name: 'PYTHONHTTPSVERIFY=0 as a flow env entry',
    files: { 'job.yaml': job('        command: [python, -m, fetch]\n        env: [{name: PYTHONHTTPSVERIFY, value: "0"}, {name: LOG_LEVEL, value: info}]\n') },
    errors: [{ ...at(job('        command: [python, -m, fetch]\n        env: [{name: PYTHON'), 'PYTHON'), message: message('PYTHONHTTPSVERIFY=0') }],
    fixes: [{ kind: 'review', title: REMOVE, output: { 'job.yaml': job('        command: [python, -m, fetch]\n        env: [{name: LOG_LEVEL, value: info}]\n') } }],
  },
  {
    name: 'GIT_SSL_NO_VERIFY in a KFP component env mapping',
    files: { 'component.yaml': component('      GIT_SSL_NO_VERIFY: "1"\n      GIT_TERMINAL_PROMPT: "0"\n') },
    errors: [{ line: 7, column: 7, message: message('GIT_SSL_NO_VERIFY=1') }],
    fixes: [{ kind: 'review', title: REMOVE, output: { 'component.yaml': component('      GIT_TERMINAL_PROMPT: "0"\n') } }],
  },
  {
    name: 'Argo S3 input artifact with insecure: true and a comment',
    files: {
      'wf.yaml': workflow(
        '      - name: data\n        path: /data\n        s3:\n          endpoint: minio.ml.svc:9000\n          bucket: datasets\n          key: reviews/2024-05\n          insecure: true  # the lab MinIO has no certificate\n          accessKeySecret: {name: minio, key: accesskey}\n          secretKeySecret: {name: minio, key: secretkey}\n',
      ),
    },
    errors: [{ line: 17, column: 21, message: message('s3 artifact `insecure: true` (plain HTTP to the object store)') }],
    fixes: [
      {
        kind: 'review',
        title: REMOVE,
        output: {
          'wf.yaml': workflow(
            '      - name: data\n        path: /data\n        s3:\n          endpoint: minio.ml.svc:9000\n          bucket: datasets\n          key: reviews/2024-05\n          accessKeySecret: {name: minio, key: accesskey}\n          secretKeySecret: {name: minio, key: secretkey}\n',
          ),
        },
      },
    ],
  },
  {
    name: 'Argo S3 artifact in flow style',
    files: { 'wf.yaml': workflow('      - {name: data, path: /data, s3: {endpoint: "minio.ml.svc:9000", bucket: datasets, key: reviews, insecure: true}}\n') },
    errors: [
      { ...at(workflow('      - {name: data, path: /data, s3: {endpoint: "minio.ml.svc:9000", bucket: datasets, key: reviews, insecure: true'), 'true'), message: /^s3 artifact `insecure: true`/ },
    ],
    fixes: [{ kind: 'review', title: REMOVE, output: { 'wf.yaml': workflow('      - {name: data, path: /data, s3: {endpoint: "minio.ml.svc:9000", bucket: datasets, key: reviews}}\n') } }],
  },
  {
    name: 'Argo git artifact skipping TLS checks, in the second document',
    files: {
      'two.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n' +
        workflow('      - name: src\n        path: /src\n        git:\n          repo: https://git.corp.example/ml/train.git\n          revision: v2.1.0\n          insecureSkipTLS: true\n'),
    },
    errors: [{ line: 20, column: 28, message: message('git artifact `insecureSkipTLS: true`') }],
    fixes: [
      {
        kind: 'review',
        title: REMOVE,
        output: {
          'two.yaml':
            'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n---\n' +
            workflow('      - name: src\n        path: /src\n        git:\n          repo: https://git.corp.example/ml/train.git\n          revision: v2.1.0\n'),
        },
      },
    ],
  },
  {
    name: 'an anchored insecure flag used by an alias keeps the anchor: no fix',
    files: {
      'job.yaml': job(
        '        command: [curl, &skip -k, -o, /m/a.onnx, https://mirror.corp.example/a.onnx]\n      - name: fetch-b\n        image: registry.example.com/ml/fetch:1.2.0\n        command: [curl, *skip, -o, /m/b.onnx, https://mirror.corp.example/b.onnx]\n',
      ),
    },
    errors: [{ line: 12, column: 31, message: message('curl -k') }],
  },
);

invalid.push({
  name: 'GIT_SSL_NO_VERIFY set to false still turns verification off (git only asks whether it is set)',
  files: { 'job.yaml': job('        command: [git, clone, https://git.corp.example/ml/features.git]\n        env:\n        - {name: GIT_SSL_NO_VERIFY, value: "false"}\n') },
  errors: [{ line: 14, column: 18, message: message('GIT_SSL_NO_VERIFY=false') }],
  fixes: [{ kind: 'review', title: REMOVE, output: { 'job.yaml': job('        command: [git, clone, https://git.corp.example/ml/features.git]\n        env:\n') } }],
});

const entrypointJob = (entrypoint: string) => rayJob('batch-inference', `"${entrypoint}"`);

invalid.push({
  name: 'curl -k in a double-quoted RayJob entrypoint',
  files: { 'rayjob.yaml': entrypointJob('curl -k -fsSLo /tmp/batch.parquet https://data.corp.example/batch.parquet && python infer.py') },
  errors: [{ ...at(entrypointJob('curl -k'), '-k'), message: message('curl -k') }],
  fixes: [{ kind: 'review', title: REMOVE, output: { 'rayjob.yaml': entrypointJob('curl -fsSLo /tmp/batch.parquet https://data.corp.example/batch.parquet && python infer.py') } }],
});

const valid: ValidCase[] = secure.map((k) => ({ name: `${k.kind}: certificates are checked`, files: { [k.file]: k.text } }));
valid.push(
  {
    name: 'an S3 artifact with insecure: false',
    files: { 'wf.yaml': workflow('      - name: data\n        path: /data\n        s3: {endpoint: s3.amazonaws.com, bucket: datasets, key: reviews, insecure: false}\n') },
  },
  { name: 'a -k that belongs to another program', files: { 'job.yaml': job('        command: [python, -m, fetch, -k, "3"]\n') } },
);

ruleTester(rule, { valid, invalid });
