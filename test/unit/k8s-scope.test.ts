// What the manifest reader takes on and what it leaves alone: Helm templates are skipped with a
// note, YAML of other tools is not read, and template placeholders of Argo and KFP are not Helm.

import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import { DocumentIndex } from '../../src/core/document';
import { SourceFile } from '../../src/core/source';

async function scan(path: string, text: string) {
  const engine = createEngine();
  const config = defaultConfig();
  const { docs, notes } = await engine.parse(new SourceFile(path, text), { config });
  const result = await engine.analyze(new DocumentIndex(docs), { config });
  return { docs, notes: [...notes, ...docs.flatMap((d) => d.notes)], findings: result.findings };
}

const HELM_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "scorer.fullname" . }}
  labels:
    {{- include "scorer.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  template:
    spec:
      containers:
      - name: scorer
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
        command: ["sh", "-c", "curl -k http://get.example.com/setup.sh | bash"]
        {{- with .Values.env }}
        env:
          {{- toYaml . | nindent 10 }}
        {{- end }}
`;

describe('manifest reader scope', () => {
  it('skips a Helm template with an info note and reports nothing in it', async () => {
    const { docs, notes, findings } = await scan('charts/scorer/templates/deployment.yaml', HELM_DEPLOYMENT);
    assert.equal(docs.length, 1);
    assert.deepEqual(
      notes.map((n) => [n.level, n.message]),
      [['info', 'skipped: a Helm template (Go template directives outside strings); render it with `helm template` to analyse the manifests']],
    );
    assert.deepEqual(docs[0].facts.workloads, []);
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      [],
    );
  });

  it('leaves a Helm chart’s values file and Chart.yaml alone', async () => {
    for (const [path, text] of [
      ['charts/scorer/values.yaml', 'replicaCount: 2\nimage:\n  repository: registry.example.com/ml/scorer\n  tag: latest\nenv:\n- name: API_TOKEN\n  value: hunter2-hunter2\n'],
      ['charts/scorer/Chart.yaml', 'apiVersion: v2\nname: scorer\nversion: 0.1.0\nappVersion: "1.4.2"\n'],
    ]) {
      const { docs, notes } = await scan(path, text);
      assert.deepEqual([docs.length, notes], [0, []], path);
    }
  });

  it('leaves YAML of other tools alone, even when it holds commands and images', async () => {
    const others: [string, string][] = [
      ['k8s/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- deployment.yaml\nimages:\n- name: scorer\n  newTag: latest\n'],
      ['k8s/certificate.yaml', 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: scorer\nspec:\n  secretName: scorer-tls\n  dnsNames: [scorer.example.com]\n'],
      ['mkdocs.yml', 'site_name: ML platform\nnav:\n- Home: index.md\n'],
    ];
    for (const [path, text] of others) {
      const { docs, notes, findings } = await scan(path, text);
      assert.deepEqual([docs.length, notes, findings.map((f) => f.ruleId)], [0, [], []], path);
    }
    // A compose file is read by its own reader, never as a manifest.
    const compose = await scan('docker-compose.yml', 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:latest\n    command: mlflow server --host 0.0.0.0\n');
    assert.deepEqual(
      compose.docs.map((d) => d.format),
      ['compose'],
    );
  });

  it('reads a ConfigMap only for its settings: a script in it is not taken for a command', async () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: setup\ndata:\n  setup.sh: |\n    curl -k https://get.example.com/setup.sh | bash\n';
    const { docs, notes, findings } = await scan('k8s/setup-script.yaml', text);
    assert.deepEqual([docs.length, notes, findings.map((f) => f.ruleId)], [1, [], []]);
    assert.deepEqual(docs[0].facts.scripts, []);
    assert.deepEqual(
      docs[0].facts.settings.map((x) => [x.name.value, x.origin]),
      [['setup.sh', 'k8s-configmap']],
    );
  });

  it('reads Argo and KFP placeholders as manifests, not as Helm', async () => {
    const argo =
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: train-\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n    inputs:\n      parameters:\n      - name: epochs\n    container:\n      image: "{{inputs.parameters.image}}"\n      args: [--epochs, "{{inputs.parameters.epochs}}", --out, "{{outputs.artifacts.model.path}}"]\n';
    const { docs, notes } = await scan('wf.yaml', argo);
    assert.deepEqual(notes, []);
    assert.deepEqual(
      docs.map((d) => d.format),
      ['argo'],
    );
    assert.equal(docs[0].facts.workloads.length, 1);
  });

  it('reads a manifest whose only Helm-like text is inside a comment or a quoted string', async () => {
    const text =
      '# rendered from {{ .Values.image }} by the release job\napiVersion: v1\nkind: Pod\nmetadata:\n  name: scorer\n  annotations:\n    note: "see {{ .Release.Name }}"\nspec:\n  containers:\n  - name: scorer\n    image: registry.example.com/ml/scorer:1.4.2\n';
    const { docs, notes } = await scan('pod.yaml', text);
    assert.deepEqual(notes, []);
    assert.deepEqual(
      docs.map((d) => d.facts.workloads.length),
      [1],
    );
  });
});
