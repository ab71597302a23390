// Tests of the MLflow readers (MLproject, MLmodel, conda.yaml, python_env.yaml) and the
// requirements reader.

import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import type { ParsedDocument } from '../../src/core/document';
import type { MlProject } from '../../src/core/formats/mlflow/project';
import { mlflowReader, requirementsReader } from '../../src/core/formats/mlflow/reader';
import { SourceFile } from '../../src/core/source';

function read(path: string, text: string): ParsedDocument {
  const reader = path.endsWith('.txt') ? requirementsReader : mlflowReader;
  return (reader.parse(new SourceFile(path, text), { config: defaultConfig() }) as ParsedDocument[])[0];
}

const at = (text: string, loc: { start: number; end: number }) => text.slice(loc.start, loc.end);

describe('MLflow reader: MLproject', () => {
  const text = `name: fraud-model
docker_env:
  image: ghcr.io/acme/trainer:2.1
  environment:
    - ["MLFLOW_TRACKING_URI", "http://mlflow.acme.io:5000"]
    - ["MLFLOW_TRACKING_PASSWORD", "s3cr3t-pass"]
    - "AWS_PROFILE"
entry_points:
  main:
    parameters:
      alpha: {type: float, default: 0.5}
      data: path
    command: "python train.py --alpha {alpha} --data {data}"
  serve:
    command: mlflow models serve -m runs:/abc/model --host 0.0.0.0 --port 5001
`;

  it('reads entry points, parameters and the docker image', () => {
    const doc = read('project/MLproject', text);
    const p = doc.ast as MlProject;
    assert.deepEqual(
      p.entryPoints.map((e) => e.name.value),
      ['main', 'serve'],
    );
    assert.equal(p.entryPoints[0].command?.text, 'python train.py --alpha 0.5 --data {data}');
    assert.equal(p.image?.repository, 'acme/trainer');
    assert.equal(p.image?.registry, 'ghcr.io');
    assert.equal(p.image?.tag, '2.1');
    assert.equal(at(text, p.image!.loc), 'ghcr.io/acme/trainer:2.1');
    assert.deepEqual(
      doc.facts.workloads.map((w) => [w.kind, w.name, w.image?.repository]),
      [
        ['mlproject-entry', 'main', 'acme/trainer'],
        ['mlproject-entry', 'serve', 'acme/trainer'],
      ],
    );
    assert.equal(doc.facts.images[0].role, 'mlproject');
  });

  it('maps command words back to the file, through substituted defaults', () => {
    const doc = read('project/MLproject', text);
    const script = doc.facts.scripts.find((s) => s.origin === 'mlproject-entry')!;
    const words = script.script.commands[0].words;
    assert.equal(at(text, words[2].loc), '--alpha');
    assert.equal(at(text, words[3].loc).startsWith('{alpha}'), true);
  });

  it('reports docker environment values as settings and the tracking URI as a URL', () => {
    const doc = read('MLproject', text);
    const pw = doc.facts.settings.find((s) => s.name.value === 'MLFLOW_TRACKING_PASSWORD')!;
    assert.equal(pw.value?.value, 's3cr3t-pass');
    assert.equal(at(text, pw.value!.loc), 's3cr3t-pass');
    assert.equal(doc.facts.settings.find((s) => s.name.value === 'AWS_PROFILE')?.referenced, true);
    assert.deepEqual(
      doc.facts.urls.map((u) => [u.url.value, u.role]),
      [['http://mlflow.acme.io:5000', 'tracking-server']],
    );
    assert.deepEqual(
      doc.facts.services.map((s) => s.service),
      ['mlflow-models-serve'],
    );
  });
});

describe('MLflow reader: MLmodel', () => {
  it('derives serialisation per flavor and records the signature and run', () => {
    const text = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    python_version: 3.10.12
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.3.0
mlflow_version: 2.9.2
model_uuid: 0b8c6e1f2a3d4c5b9e7f1a2b3c4d5e6f
run_id: 9f2e4d6c8b0a1e3f5d7c9b1a3e5f7d9c
saved_input_example_info:
  artifact_path: input_example.json
  type: dataframe
`;
    const doc = read('models/fraud/MLmodel', text);
    const info = doc.facts.mlmodels[0];
    assert.equal(info.signature, undefined);
    assert.equal(info.runId?.value, '9f2e4d6c8b0a1e3f5d7c9b1a3e5f7d9c');
    assert.equal(info.inputExample?.value, 'input_example.json');
    assert.deepEqual(
      doc.facts.models.map((m) => [m.path, m.flavor, m.serialization, m.unsafeOnLoad, m.source]),
      [['models/fraud/model.pkl', 'sklearn', 'cloudpickle', true, 'mlmodel']],
    );
    assert.equal(at(text, doc.facts.models[0].loc), 'sklearn');
  });

  it('treats pyfunc python_model and pytorch as code on load, and safetensors-free ONNX as safe', () => {
    const pyfunc = read('m/MLmodel', 'flavors:\n  python_function:\n    python_model: python_model.pkl\n    loader_module: mlflow.pyfunc.model\nsignature:\n  inputs: \'[{"type": "double"}]\'\n');
    assert.deepEqual(
      pyfunc.facts.models.map((m) => [m.serialization, m.unsafeOnLoad]),
      [['cloudpickle', true]],
    );
    assert.equal(pyfunc.facts.mlmodels[0].signature?.inputs?.value, '[{"type": "double"}]');
    const torch = read('t/MLmodel', 'flavors:\n  pytorch:\n    model_data: data\n    pytorch_version: 2.1.0\n  onnx:\n    data: model.onnx\n');
    assert.deepEqual(
      torch.facts.models.map((m) => [m.flavor, m.serialization, m.unsafeOnLoad]),
      [
        ['pytorch', 'pytorch', true],
        ['onnx', 'onnx', false],
      ],
    );
  });
});

describe('MLflow reader: environments and requirements', () => {
  it('reads conda.yaml conda packages, the pip list with index options, channels and variables', () => {
    const text = `name: train
channels:
  - conda-forge
  - http://conda.acme.internal/channel
dependencies:
  - python=3.10.12
  - numpy
  - pip
  - pip:
    - --extra-index-url https://pypi.acme.io/simple
    - mlflow==2.9.2
    - scikit-learn>=1.3
variables:
  MLFLOW_TRACKING_TOKEN: dapi0123456789abcdef
`;
    const doc = read('conda.yaml', text);
    const [conda, pip] = doc.facts.packageInstalls;
    assert.equal(conda.manager, 'conda');
    assert.deepEqual(
      conda.packages.map((p) => [p.name, p.pinnedVersion]),
      [
        ['python', '3.10.12'],
        ['numpy', undefined],
        ['pip', undefined],
      ],
    );
    assert.equal(pip.origin, 'conda-env');
    assert.deepEqual(
      pip.packages.map((p) => [p.name, p.pinnedVersion]),
      [
        ['mlflow', '2.9.2'],
        ['scikit-learn', undefined],
      ],
    );
    assert.equal(at(text, pip.packages[1].loc), 'scikit-learn>=1.3');
    assert.deepEqual(
      pip.extraIndexUrls.map((u) => at(text, u.loc)),
      ['https://pypi.acme.io/simple'],
    );
    assert.deepEqual(
      doc.facts.urls.map((u) => [u.url.value, u.role]),
      [
        ['http://conda.acme.internal/channel', 'package-index'],
        ['https://pypi.acme.io/simple', 'package-index'],
      ],
    );
    assert.equal(doc.facts.settings[0].origin, 'conda-env');
    assert.equal(doc.facts.settings[0].value?.value, 'dapi0123456789abcdef');
  });

  it('reads python_env.yaml build and runtime dependencies', () => {
    const doc = read('python_env.yaml', 'python: 3.10.12\nbuild_dependencies:\n  - pip==23.3\ndependencies:\n  - -r requirements.txt\n  - torch\n');
    assert.deepEqual(
      doc.facts.packageInstalls.map((i) => [i.origin, i.packages.map((p) => p.kind)]),
      [
        ['python-env', ['name']],
        ['python-env', ['requirements-file', 'name']],
      ],
    );
  });

  it('reads requirements files: options, hashes, markers, continuations, VCS and URL requirements', () => {
    const text = `# training requirements
--index-url https://pypi.acme.io/simple
--extra-index-url=http://mirror.acme.io/simple
--trusted-host mirror.acme.io
-r base.txt
numpy==1.26.4 \\
    --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
pandas>=2.0 ; python_version >= "3.9"
torch @ https://download.pytorch.org/whl/cu121/torch-2.1.0-cp310-linux_x86_64.whl
git+https://github.com/acme/featurelib@v1.2#egg=featurelib
-e ./local_pkg
`;
    const doc = read('requirements-train.txt', text);
    const inst = doc.facts.packageInstalls[0];
    assert.equal(inst.origin, 'requirements-file');
    assert.equal(inst.requireHashes, true);
    assert.deepEqual(
      inst.packages.map((p) => [p.name, p.kind, p.pinnedVersion]),
      [
        ['base.txt', 'requirements-file', undefined],
        ['numpy', 'name', '1.26.4'],
        ['pandas', 'name', undefined],
        ['torch', 'url', undefined],
        ['featurelib', 'vcs', undefined],
        ['./local_pkg', 'local', undefined],
      ],
    );
    assert.equal(at(text, inst.packages[2].loc), 'pandas>=2.0 ; python_version >= "3.9"');
    assert.deepEqual(
      inst.indexUrls.map((u) => at(text, u.loc)),
      ['https://pypi.acme.io/simple'],
    );
    assert.deepEqual(
      inst.extraIndexUrls.map((u) => at(text, u.loc)),
      ['http://mirror.acme.io/simple'],
    );
    assert.deepEqual(
      inst.trustedHosts.map((u) => u.value),
      ['mirror.acme.io'],
    );
  });
});
