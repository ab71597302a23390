// Table tests of supply-chain/unpinned-image on every kind of manifest that names a container image,
// in block and flow style, with comments, anchors and several documents per file.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds } from '../../helpers/k8s-kinds';

const DIGEST = 'sha256:' + 'a'.repeat(64);
const snippet = (image: string) => ['- name: app', `  image: ${image}`, '  command: [python, -m, app.serve]'];

const tagged = containerKinds(snippet('registry.example.com/ml/scorer:2.1.0'));
const tagFixed = containerKinds(snippet('registry.example.com/ml/scorer:2.1.0@sha256:<digest>'));
const pinned = containerKinds(snippet(`registry.example.com/ml/scorer:2.1.0@${DIGEST}`));

const invalid: InvalidCase[] = tagged.map((k, i) => ({
  name: `${k.kind}: image pinned by tag only`,
  files: { [k.file]: k.text },
  errors: [
    {
      ...at(k.text, 'registry.example.com'),
      message: 'Image "registry.example.com/ml/scorer:2.1.0" is pinned by tag only; a tag can be moved to different content, a digest cannot.',
      severity: 'low',
    },
  ],
  fixes: [{ kind: 'guided', title: 'Pin the image to a digest', output: { [k.file]: tagFixed[i].text } }],
}));

const deploy = (containers: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: scorer\nspec:\n  selector:\n    matchLabels: {app: scorer}\n  template:\n    metadata:\n      labels: {app: scorer}\n    spec:\n${containers}`;

invalid.push(
  {
    name: 'latest tag in a flow-style container list',
    files: { 'flow.yaml': deploy('      containers: [{name: app, image: "pytorch/torchserve:latest", ports: [{containerPort: 8080}]}]\n') },
    errors: [{ ...at(deploy('      containers: [{name: app, image: "pytorch'), 'pytorch'), message: /^Image "pytorch\/torchserve:latest" uses the :latest tag and no digest/, severity: 'medium' }],
    fixes: [{ kind: 'guided', output: { 'flow.yaml': deploy('      containers: [{name: app, image: "pytorch/torchserve:latest@sha256:<digest>", ports: [{containerPort: 8080}]}]\n') } }],
  },
  {
    name: 'no tag, single-quoted, with a trailing comment',
    files: { 'c.yaml': deploy("      containers:\n      - name: app\n        image: 'nvcr.io/nvidia/tritonserver' # pinned by the platform team\n") },
    errors: [{ line: 14, column: 17, message: /^Image "nvcr\.io\/nvidia\/tritonserver" has no tag and no digest/, severity: 'medium' }],
    fixes: [{ kind: 'guided', output: { 'c.yaml': deploy("      containers:\n      - name: app\n        image: 'nvcr.io/nvidia/tritonserver@sha256:<digest>' # pinned by the platform team\n") } }],
  },
  {
    name: 'an anchored image reused by an alias is reported once, at the anchor',
    files: { 'a.yaml': deploy('      containers:\n      - name: app\n        image: &img registry.example.com/ml/scorer:2.1.0\n      - name: warmup\n        image: *img\n') },
    errors: [{ line: 14, column: 21, message: /pinned by tag only/ }],
    fixes: [
      {
        kind: 'guided',
        output: { 'a.yaml': deploy('      containers:\n      - name: app\n        image: &img registry.example.com/ml/scorer:2.1.0@sha256:<digest>\n      - name: warmup\n        image: *img\n') },
      },
    ],
  },
  {
    name: 'the second document of a multi-document file, with an init container',
    files: {
      'multi.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n---\n${deploy('      initContainers:\n      - name: fetch\n        image: busybox:1.36\n      containers:\n      - name: app\n        image: registry.example.com/ml/scorer@' + DIGEST + '\n')}`,
    },
    errors: [{ line: 19, column: 16, message: /^Image "busybox:1\.36" is pinned by tag only/ }],
    fixes: [
      {
        kind: 'guided',
        output: {
          'multi.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {a: b}\n---\n${deploy('      initContainers:\n      - name: fetch\n        image: busybox:1.36@sha256:<digest>\n      containers:\n      - name: app\n        image: registry.example.com/ml/scorer@' + DIGEST + '\n')}`,
        },
      },
    ],
  },
  {
    name: 'KServe predictor model with a runtime image override',
    files: {
      'isvc.yaml':
        'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: iris\nspec:\n  predictor:\n    sklearn:\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model\n      image: kserve/sklearnserver:v0.13.0\n',
    },
    errors: [{ line: 9, column: 14, message: /^Image "kserve\/sklearnserver:v0\.13\.0" is pinned by tag only/ }],
    fixes: [
      {
        kind: 'guided',
        output: {
          'isvc.yaml':
            'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: iris\nspec:\n  predictor:\n    sklearn:\n      storageUri: gs://kfserving-examples/models/sklearn/1.0/model\n      image: kserve/sklearnserver:v0.13.0@sha256:<digest>\n',
        },
      },
    ],
  },
  {
    name: 'Argo script template and sidecar',
    files: {
      'wf.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: eval-\nspec:\n  entrypoint: eval\n  templates:\n  - name: eval\n    script:\n      image: python:3.12-slim@' +
        DIGEST +
        '\n      command: [python]\n      source: |\n        print("ok")\n    sidecars:\n    - name: minio\n      image: minio/minio\n',
    },
    errors: [{ line: 16, column: 14, message: /^Image "minio\/minio" has no tag and no digest/ }],
    fixes: [
      {
        kind: 'guided',
        output: {
          'wf.yaml':
            'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: eval-\nspec:\n  entrypoint: eval\n  templates:\n  - name: eval\n    script:\n      image: python:3.12-slim@' +
            DIGEST +
            '\n      command: [python]\n      source: |\n        print("ok")\n    sidecars:\n    - name: minio\n      image: minio/minio@sha256:<digest>\n',
        },
      },
    ],
  },
);

const valid: ValidCase[] = pinned.map((k) => ({ name: `${k.kind}: image pinned by digest`, files: { [k.file]: k.text } }));
valid.push(
  {
    name: 'an Argo parameter as the image',
    files: {
      'wf.yaml':
        'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: t\nspec:\n  templates:\n  - name: main\n    inputs:\n      parameters:\n      - name: image\n    container:\n      image: "{{inputs.parameters.image}}"\n',
    },
  },
  {
    name: 'a Helm template is not analysed',
    files: {
      'templates/deploy.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
    },
  },
  { name: 'an image in a ConfigMap is only data', files: { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: images\ndata:\n  image: python:3.12\n' } },
);

ruleTester(rule, { valid, invalid });
