// Table tests of supply-chain/extra-index-url on manifests: pip options in container commands of
// every kind, PIP_EXTRA_INDEX_URL in container environments, KFP `pip_index_urls` and Argo scripts.

import rule from '../../../src/core/rules/supply-chain/extra-index-url';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds } from '../../helpers/k8s-kinds';
import { kfpLightweight } from '../../helpers/kfp-ir';

const CORP = 'https://pypi.corp.example/simple';
const MESSAGE = `Extra package index "${CORP}" is searched alongside the main index, so a same-named package with a higher version on either index wins.`;
const ADVICE = { kind: 'guided' as const, title: 'Serve every package from a single index that proxies PyPI (no edit; see the rule documentation)', output: {} };

const snippet = (options: string) => ['- name: app', '  image: registry.example.com/ml/base:3.11', `  command: [sh, -c, "pip install ${options} corp-features==1.4.0 && python -m app.train"]`];
const extra = containerKinds(snippet(`--extra-index-url ${CORP}`));
const single = containerKinds(snippet(`--index-url ${CORP}`));

const deploy = (env: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: features
spec:
  selector:
    matchLabels: {app: features}
  template:
    metadata:
      labels: {app: features}
    spec:
      containers:
      - name: features
        image: registry.example.com/ml/features:1.4.0
        command: [sh, -c, "pip install corp-features==1.4.0 && python -m features.serve"]
${env}`;

/** KFP compiles `pip_index_urls=[a, b]` into `--index-url a --trusted-host a --extra-index-url b --trusted-host b`. */
const kfp = kfpLightweight('features', [
  '\\ python3 -m pip install --quiet --no-warn-script-location --index-url https://pypi.org/simple\\',
  `\\ --extra-index-url ${CORP} 'corp-features==1.4.0'\\`,
  '\\ && \\"$0\\" \\"$@\\"\\n"',
]);

const component = `name: Build features
implementation:
  container:
    image: python:3.11-slim
    command: [python3, -m, features.build]
    env:
      PIP_EXTRA_INDEX_URL: ${CORP} # corp mirror
`;

const invalid: InvalidCase[] = extra.map((k) => ({
  name: `${k.kind}: --extra-index-url in the container command`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, CORP), message: MESSAGE, severity: 'high' }],
  fixes: [ADVICE],
}));

invalid.push(
  {
    name: 'PIP_EXTRA_INDEX_URL in a block-style env list',
    files: { 'd.yaml': deploy(`        env:\n        - name: PIP_EXTRA_INDEX_URL\n          value: "${CORP}"\n`) },
    errors: [{ ...at(deploy(`        env:\n        - name: PIP_EXTRA_INDEX_URL\n          value: "${CORP}"\n`), CORP), message: MESSAGE }],
    fixes: [ADVICE],
  },
  {
    name: 'PIP_EXTRA_INDEX_URL in a flow-style env entry in the second document',
    files: { 'two.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: {name: ml}\n---\n${deploy(`        env: [{name: PIP_EXTRA_INDEX_URL, value: ${CORP}}]\n`)}` },
    errors: [{ ...at(`apiVersion: v1\nkind: Namespace\nmetadata: {name: ml}\n---\n${deploy(`        env: [{name: PIP_EXTRA_INDEX_URL, value: ${CORP}}]\n`)}`, CORP), message: MESSAGE }],
    fixes: [ADVICE],
  },
  {
    name: 'KFP pip_index_urls with a second index',
    files: { 'pipeline.yaml': kfp },
    errors: [{ ...at(kfp, CORP), message: MESSAGE }],
    fixes: [ADVICE],
  },
  {
    name: 'KFP component spec env map with a comment',
    files: { 'component.yaml': component },
    errors: [{ line: 7, column: 28, message: MESSAGE }],
    fixes: [ADVICE],
  },
  {
    name: 'uv in an Argo script template',
    files: {
      'wf.yaml': `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: fe-\nspec:\n  entrypoint: fe\n  templates:\n  - name: fe\n    script:\n      image: ghcr.io/astral-sh/uv:0.4.20-python3.11-bookworm\n      command: [sh]\n      source: |\n        uv pip install --system --extra-index-url ${CORP} corp-features==1.4.0\n        python -m features.build\n`,
    },
    errors: [{ line: 13, column: 51, message: MESSAGE }],
    fixes: [ADVICE],
  },
);

const valid: ValidCase[] = single.map((k) => ({ name: `${k.kind}: a single --index-url`, files: { [k.file]: k.text } }));
valid.push(
  { name: 'PIP_INDEX_URL alone replaces PyPI', files: { 'd.yaml': deploy(`        env:\n        - name: PIP_INDEX_URL\n          value: ${CORP}\n`) } },
  {
    name: 'the extra index taken from a Secret',
    files: { 'd.yaml': deploy('        env:\n        - name: PIP_EXTRA_INDEX_URL\n          valueFrom:\n            secretKeyRef: {name: pip, key: extra-index}\n') },
  },
);

ruleTester(rule, { valid, invalid });
