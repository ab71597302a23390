// Table tests of supply-chain/unverified-download on manifests: model, dataset and archive downloads
// in container commands of every kind, KFP component scripts, Argo scripts and Argo HTTP artifacts.

import rule from '../../../src/core/rules/supply-chain/unverified-download';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds, rayJob } from '../../helpers/k8s-kinds';

const MODEL = 'https://models.example.com/llm/7b/model.safetensors';
const SHA = 'c'.repeat(64);

const snippet = (script: string) => ['- name: app', '  image: registry.example.com/ml/serve:1.0.3', `  command: [sh, -c, "${script} && python -m app.serve"]`];
const fetch = `curl -fsSL -o /models/model.safetensors ${MODEL}`;
const unverified = containerKinds(snippet(fetch));
const verified = containerKinds(snippet(`${fetch} && echo '${SHA}  /models/model.safetensors' | sha256sum -c -`));

const invalid: InvalidCase[] = unverified.map((k) => ({
  name: `${k.kind}: a model file fetched with curl and no checksum`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, MODEL), message: `curl downloads a model file from ${MODEL} without verifying a checksum, so a replaced file is accepted silently.`, severity: 'high' }],
}));

const workflow = (artifacts: string) => `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: evaluate-
spec:
  entrypoint: evaluate
  templates:
  - name: evaluate
    inputs:
      artifacts:
${artifacts}    container:
      image: registry.example.com/ml/eval:0.9.1
      command: [python, -m, eval, --model, /tmp/model.pt]
`;

const component = `name: Fetch dataset
implementation:
  container:
    image: python:3.11-slim
    command:
    - sh
    - -ec
    - |
      # the public snapshot
      wget -q https://data.example.com/reviews/2024-05/train.parquet -O /data/train.parquet
      python3 -m prepare /data
`;

const script = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: warm-cache
spec:
  templates:
  - name: warm
    script:
      image: registry.example.com/ml/base:3.11
      command: [bash]
      source: |
        huggingface-cli download meta-llama/Llama-3.2-1B-Instruct --local-dir /cache/llama
`;

invalid.push(
  {
    name: 'Argo HTTP input artifact of a model (block style, with a comment)',
    files: {
      'wf.yaml': workflow('      - name: model\n        path: /tmp/model.pt\n        http:\n          # published by the training team\n          url: https://models.example.com/resnet50/model.pt\n'),
    },
    errors: [
      {
        line: 15,
        column: 16,
        message: 'http-artifact downloads a model file from https://models.example.com/resnet50/model.pt without verifying a checksum, so a replaced file is accepted silently.',
        severity: 'high',
      },
    ],
  },
  {
    name: 'Argo HTTP input artifact of an archive in flow style',
    files: { 'wf.yaml': workflow('      - {name: vocab, path: /tmp/vocab, http: {url: "https://data.example.com/vocab/v3.tar.gz"}}\n') },
    errors: [
      {
        ...at(workflow('      - {name: vocab, path: /tmp/vocab, http: {url: "https'), 'https'),
        message: /^http-artifact downloads an archive from https:\/\/data\.example\.com\/vocab\/v3\.tar\.gz/,
        severity: 'medium',
      },
    ],
  },
  {
    name: 'wget of a dataset in a KFP component block script',
    files: { 'component.yaml': component },
    errors: [{ ...at(component, 'https://data'), message: /^wget downloads a dataset from https:\/\/data\.example\.com\/reviews\/2024-05\/train\.parquet/, severity: 'medium' }],
  },
  {
    name: 'huggingface-cli download without a revision in an Argo script',
    files: { 'wft.yaml': script },
    errors: [{ ...at(script, 'meta-llama'), message: /^huggingface-cli downloads a model file from hf:\/\/meta-llama\/Llama-3\.2-1B-Instruct/ }],
  },
  {
    name: 'the second document of a file',
    files: { 'two.yaml': `apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: serve}\n---\n${unverified[0].text}` },
    errors: [{ ...at(`apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: serve}\n---\n${unverified[0].text}`, MODEL), message: /^curl downloads a model file/ }],
  },
);

const valid: ValidCase[] = verified.map((k) => ({ name: `${k.kind}: checked with sha256sum -c`, files: { [k.file]: k.text } }));
valid.push(
  {
    name: 'a script download is a remote-execution question, not this one',
    files: { 'wf.yaml': workflow('      - name: helper\n        path: /tmp/helper.py\n        http:\n          url: https://raw.example.com/tools/helper.py\n') },
  },
  {
    name: 'an output artifact stored over HTTP is an upload',
    files: {
      'wf.yaml': workflow('      - name: cfg\n        path: /tmp/cfg\n        raw: {data: "a: 1"}\n').replace(
        '    container:',
        '    outputs:\n      artifacts:\n      - name: model\n        path: /tmp/model.pt\n        http:\n          url: https://store.example.com/upload/model.pt\n    container:',
      ),
    },
  },
  { name: 'a pinned Hugging Face revision', files: { 'wft.yaml': script.replace('--local-dir', '--revision 0e9e39f249a16976918f6564b8830bc894c89659 --local-dir') } },
);

/** A RayJob whose runtime environment Ray fetches from `uri` when the job starts. */
const rayWorkingDir = (uri: string) =>
  rayJob('tune', 'python tune.py').replace('  shutdownAfterJobFinishes: true\n', `  shutdownAfterJobFinishes: true\n  runtimeEnvYAML: |\n    working_dir: "${uri}"\n`);
const ARCHIVE = 'https://github.com/ray-project/serve_config_examples/archive/b393e77bbd6aba0881e3d94c05f968f05a387b96.zip';
invalid.push({
  name: 'RayJob runtimeEnvYAML working_dir archive fetched when the job starts',
  files: { 'rayjob.yaml': rayWorkingDir(ARCHIVE) },
  errors: [
    {
      ...at(rayWorkingDir(ARCHIVE), ARCHIVE),
      message: `Ray's runtime environment downloads an archive from ${ARCHIVE} without verifying a checksum, so a replaced file is accepted silently.`,
      severity: 'medium',
    },
  ],
});
valid.push({ name: 'RayJob runtimeEnvYAML with a local working_dir', files: { 'rayjob.yaml': rayWorkingDir('/home/ray/jobs') } });

ruleTester(rule, { valid, invalid });
