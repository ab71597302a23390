// Table tests of secrets/hardcoded-credential on manifests: literal credential env values in every
// kind (with the valueFrom.secretKeyRef review fix in block and flow style, with comments, anchors
// and several documents), KFP env and parameter defaults, Argo parameters and component specs.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds } from '../../helpers/k8s-kinds';

const KEY = '0f3c9a1b7e5d4c2a8b6f0e9d1c3b5a7f9e2d4c6b';
const MOVE = 'Move the value to a Kubernetes Secret';
const message = (name: string) => `"${name}" holds a literal credential, readable by anyone with the repository and kept in its history.`;

const container = (env: string[]) => ['- name: app', '  image: registry.example.com/ml/train:2.1.0', '  command: [python, -m, app.train]', '  env:', ...env];
const literal = container(['  - name: WANDB_API_KEY', `    value: "${KEY}"`]);
const moved = container(['  - name: WANDB_API_KEY', '    valueFrom:', '      secretKeyRef:', '        name: demo-credentials', '        key: wandb-api-key']);

// A KFP component spec writes env as a mapping, so it has its own cases below.
const kinds = containerKinds(literal).filter((k) => k.kind !== 'ComponentSpec');
const fixedKinds = containerKinds(moved).filter((k) => k.kind !== 'ComponentSpec');

const invalid: InvalidCase[] = kinds.map((k, i) => ({
  name: `${k.kind}: a literal API key in the container env`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, KEY), message: message('WANDB_API_KEY'), severity: 'critical' }],
  // A KFP executor's env is compiled from the pipeline source, where the secret belongs; it has no valueFrom.
  ...(k.kind === 'PipelineSpec' ? {} : { fixes: [{ kind: 'review' as const, title: MOVE, output: { [k.file]: fixedKinds[i].text } }] }),
}));

const deploy = (containers: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: feature-store
spec:
  selector:
    matchLabels: {app: feature-store}
  template:
    metadata:
      labels: {app: feature-store}
    spec:
${containers}`;

const flow = (entry: string) => deploy(`      containers:\n      - name: api\n        image: registry.example.com/ml/features:1.4.0\n        env: [{name: LOG_LEVEL, value: info}, ${entry}]\n`);
const commented = (entry: string) =>
  deploy(
    `      containers:\n      - name: api\n        image: registry.example.com/ml/features:1.4.0\n        env:\n        # the warehouse login\n        - name: DB_PASSWORD\n${entry}        - name: LOG_LEVEL\n          value: info\n`,
  );
const anchored = (first: string, second: string) =>
  deploy(
    `      containers:\n      - name: api\n        image: registry.example.com/ml/features:1.4.0\n        env:\n        - name: REDIS_PASSWORD\n${first}      - name: worker\n        image: registry.example.com/ml/features:1.4.0\n        env:\n        - name: REDIS_PASSWORD\n${second}`,
  );

const component = `name: Export features
implementation:
  container:
    image: registry.example.com/ml/features:1.4.0
    command: [python3, -m, features.export]
    env:
      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
      AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY # rotate me
`;

const argo = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly-eval
spec:
  schedule: "0 4 * * *"
  workflowSpec:
    entrypoint: eval
    arguments:
      parameters:
      - name: hf-token
        value: hf_XyZ4bQ9wLm2nR7tK3pV8sJ6dF1gH5cA0eU
    templates:
    - name: eval
      container:
        image: registry.example.com/ml/eval:0.9.1
        args: [--token, "{{workflow.parameters.hf-token}}"]
`;

const kfpDefault = `# PIPELINE DEFINITION
# Name: ingest
components:
  comp-ingest:
    executorLabel: exec-ingest
    inputDefinitions:
      parameters:
        db_password:
          defaultValue: Tr41ning-Data-2024
          isOptional: true
          parameterType: STRING
deploymentSpec:
  executors:
    exec-ingest:
      container:
        image: registry.example.com/ml/ingest:1.0.0
        command: [python3, -m, ingest]
pipelineInfo:
  name: ingest
root:
  dag:
    tasks:
      ingest:
        componentRef:
          name: comp-ingest
schemaVersion: 2.1.0
`;

invalid.push(
  {
    name: 'flow-style env entry',
    files: { 'flow.yaml': flow('{name: HF_TOKEN, value: hf_XyZ4bQ9wLm2nR7tK3pV8sJ6dF1gH5cA0eU}') },
    errors: [{ ...at(flow('{name: HF_TOKEN, value: hf_'), 'hf_'), message: message('HF_TOKEN') }],
    fixes: [{ kind: 'review', title: MOVE, output: { 'flow.yaml': flow('{name: HF_TOKEN, valueFrom: {secretKeyRef: {name: feature-store-credentials, key: hf-token}}}') } }],
  },
  {
    name: 'block entry with comments before and after the value',
    files: { 'c.yaml': commented('          value: "S3cure-Warehouse-Pw"  # until the vault is ready\n') },
    errors: [{ ...at(commented('          value: "S3cure'), 'S3cure'), message: message('DB_PASSWORD') }],
    fixes: [
      {
        kind: 'review',
        title: MOVE,
        output: { 'c.yaml': commented('          valueFrom:\n            secretKeyRef:\n              name: feature-store-credentials\n              key: db-password  # until the vault is ready\n') },
      },
    ],
  },
  {
    name: 'an anchored value shared by an alias is reported once, and the fix that would drop the anchor is withheld',
    files: { 'a.yaml': anchored('          value: &redis r3dis-Passw0rd-2024\n', '          value: *redis\n') },
    errors: [{ ...at(anchored('          value: &redis r3dis', ''), 'r3dis'), message: message('REDIS_PASSWORD') }],
  },
  {
    name: 'an anchor no alias uses does not hold the fix back; each container is reported',
    files: { 'a2.yaml': anchored('          value: &redis r3dis-Passw0rd-2024\n', '          value: r3dis-Passw0rd-2024\n') },
    errors: [
      { ...at(anchored('          value: &redis r3dis-Passw0rd-2024\n', ''), 'r3dis'), message: message('REDIS_PASSWORD') },
      { ...at(anchored('          value: &redis r3dis-Passw0rd-2024\n', '          value: r3dis-Passw0rd-2024\n'), 'r3dis', 1), message: message('REDIS_PASSWORD') },
    ],
    fixes: [
      {
        kind: 'review',
        title: MOVE,
        output: {
          'a2.yaml': anchored(
            '          valueFrom:\n            secretKeyRef:\n              name: feature-store-credentials\n              key: redis-password\n',
            '          value: r3dis-Passw0rd-2024\n',
          ),
        },
      },
    ],
  },
  {
    name: 'the default MinIO password in the second document of a file',
    files: {
      'minio.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: minio}\nspec:\n  ports: [{port: 9000}]\n---\n${deploy('      containers:\n      - name: minio\n        image: quay.io/minio/minio:RELEASE.2024-05-10T01-41-38Z\n        args: [server, /data]\n        env:\n        - name: MINIO_ROOT_PASSWORD\n          value: minio123\n')}`,
    },
    errors: [{ line: 24, column: 18, message: '"MINIO_ROOT_PASSWORD" is set to the well-known default password "minio123", which anyone can guess.' }],
    fixes: [
      {
        kind: 'review',
        title: MOVE,
        output: {
          'minio.yaml': `apiVersion: v1\nkind: Service\nmetadata: {name: minio}\nspec:\n  ports: [{port: 9000}]\n---\n${deploy('      containers:\n      - name: minio\n        image: quay.io/minio/minio:RELEASE.2024-05-10T01-41-38Z\n        args: [server, /data]\n        env:\n        - name: MINIO_ROOT_PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: feature-store-credentials\n              key: minio-root-password\n')}`,
        },
      },
    ],
  },
  {
    name: 'KFP component spec env map (compiled into the pipeline, no manifest fix)',
    files: { 'component.yaml': component.replace('CYzEXAMPLEKEY', 'CY7Q2nV9xTe4k') },
    errors: [{ line: 8, column: 30, message: message('AWS_SECRET_ACCESS_KEY'), severity: 'critical' }],
  },
  {
    name: "AWS's documentation example keys are reported at low severity, as examples",
    files: { 'component.yaml': component },
    errors: [
      {
        line: 8,
        column: 30,
        message: `"AWS_SECRET_ACCESS_KEY" holds AWS's documentation example key, not a live credential; a literal key here invites the real one to be written in its place.`,
        severity: 'low',
      },
    ],
  },
  {
    name: 'Argo CronWorkflow parameter holding a token',
    files: { 'cron.yaml': argo },
    errors: [{ ...at(argo, 'hf_XyZ'), message: message('hf-token') }],
  },
  {
    name: 'KFP pipeline parameter default',
    files: { 'pipeline.yaml': kfpDefault },
    errors: [{ ...at(kfpDefault, 'Tr41ning'), message: message('db_password') }],
  },
  {
    name: 'KServe predictor model env',
    files: {
      'isvc.yaml':
        'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llm\nspec:\n  predictor:\n    model:\n      modelFormat: {name: huggingface}\n      storageUri: hf://meta-llama/Llama-3.2-1B-Instruct\n      env:\n      - name: HF_TOKEN\n        value: hf_XyZ4bQ9wLm2nR7tK3pV8sJ6dF1gH5cA0eU\n',
    },
    errors: [{ line: 12, column: 16, message: message('HF_TOKEN') }],
    fixes: [
      {
        kind: 'review',
        title: MOVE,
        output: {
          'isvc.yaml':
            'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llm\nspec:\n  predictor:\n    model:\n      modelFormat: {name: huggingface}\n      storageUri: hf://meta-llama/Llama-3.2-1B-Instruct\n      env:\n      - name: HF_TOKEN\n        valueFrom:\n          secretKeyRef:\n            name: llm-credentials\n            key: hf-token\n',
        },
      },
    ],
  },
);

const valid: ValidCase[] = fixedKinds.filter((k) => k.kind !== 'PipelineSpec').map((k) => ({ name: `${k.kind}: the key comes from a Secret`, files: { [k.file]: k.text } }));
valid.push(
  {
    name: 'envFrom a Secret and non-secret settings',
    files: {
      'd.yaml': deploy(
        '      containers:\n      - name: api\n        image: registry.example.com/ml/features:1.4.0\n        envFrom:\n        - secretRef: {name: features}\n        env:\n        - {name: TOKENIZER_NAME, value: bert-base-uncased}\n        - {name: PASSWORD_FILE, value: /var/run/secrets/db/password}\n        - {name: API_KEY, value: "$(API_KEY_FROM_VAULT)"}\n        - {name: DB_PASSWORD, value: ""}\n',
      ),
    },
  },
  {
    name: 'KFP secret injected by the platform config',
    files: { 'pipeline.yaml': containerKinds(container(['  - name: LOG_LEVEL', '    value: info'])).find((k) => k.kind === 'PipelineSpec')!.text },
  },
  {
    name: 'values that name a variable are not literal credentials',
    files: {
      'd.yaml': deploy(
        '      containers:\n      - name: api\n        image: registry.example.com/ml/features:1.4.0\n        env:\n        - {name: GH_TOKEN, value: GITHUB_TOKEN}\n        - {name: HF_TOKEN, value: secrets.HF_TOKEN}\n        - {name: DB_PASSWORD, value: $DB_PASSWORD}\n        - {name: API_KEY, value: "%API_KEY%"}\n',
      ),
    },
  },
  { name: 'Argo parameter taken from a workflow input placeholder', files: { 'wf.yaml': argo.replace('hf_XyZ4bQ9wLm2nR7tK3pV8sJ6dF1gH5cA0eU', '"{{workflow.parameters.token}}"') } },
);

ruleTester(rule, { valid, invalid });
