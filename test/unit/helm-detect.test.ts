// A YAML file is a Helm template only when a template action stands where YAML structure is: at a
// line's start, as a value or in a flow collection. Actions inside strings, block scalars and
// comments leave a valid YAML file that is read as a manifest.

import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import { isHelmTemplate } from '../../src/core/formats/k8s/detect';
import { SourceFile } from '../../src/core/source';

const POD = (extra: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${extra}spec:\n  containers:\n  - name: c\n    image: python:latest\n`;

describe('Helm template detection', () => {
  const templates: [string, string][] = [
    ['a value', 'metadata:\n  name: {{ include "x.fullname" . }}\n'],
    ['a trimmed action on its own line', 'spec:\n  {{- if .Values.enabled }}\n  replicas: 1\n  {{- end }}\n'],
    ['a list item', 'args:\n- {{ .Values.arg }}\n'],
    ['a nested list item value', 'env:\n- name: {{ .Values.name }}\n'],
    ['a flow sequence', 'args: [{{ .Values.a }}, b]\n'],
    ['a flow mapping', 'labels: {app: {{ .Release.Name }}}\n'],
    ['a key', '{{ .Values.key }}: 1\n'],
    ['an action after a block scalar ends', 'data:\n  a: |\n    text\n{{- end }}\n'],
    ['a trimmed right side only', 'replicas: {{ $replicas -}}\n'],
  ];
  for (const [what, text] of templates) it(`is a template with an action at ${what}`, () => assert.ok(isHelmTemplate(text), text));

  const yaml: [string, string][] = [
    ['a double-quoted string', 'image: "{{ .Values.image }}"\n'],
    ['a single-quoted string', "image: '{{ .Values.image }}'\n"],
    ['a plain string that starts with text', 'description: set {{ .Values.x }} to change it\n'],
    ['a plain string with a comma before the action', 'note: a, {{ .Values.x }}\n'],
    ['a literal block scalar', 'data:\n  tpl: |\n    {{- if .Values.x }}\n    y\n    {{- end }}\nkind: ConfigMap\n'],
    ['a folded block scalar of a list item', 'args:\n- >-\n  {{ include "x" . }}\n'],
    ['a comment', '# {{ .Values.x }}\nkind: Pod\n  # {{- if .Values.y }}\n'],
    ['an Argo placeholder', 'args: [{{inputs.parameters.x}}]\n- {{workflow.name}}\n'],
  ];
  for (const [what, text] of yaml) it(`is plain YAML with an action in ${what}`, () => assert.ok(!isHelmTemplate(text), text));

  it('reads a valid manifest with an action in a plain string and judges it', async () => {
    const engine = createEngine();
    const text = POD('  annotations:\n    description: rendered from {{ .Values.name }} by the chart\n');
    const { docs, notes } = await engine.parse(new SourceFile('k8s/pod.yaml', text), { config: defaultConfig() });
    assert.deepEqual(notes, []);
    assert.equal(docs.length, 1);
    assert.equal(docs[0].facts.workloads.length, 1);
  });
});
