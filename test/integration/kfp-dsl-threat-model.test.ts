// A KFP pipeline written in Python and the IR the SDK compiles from it give the same threat model:
// the same processes for its steps, the same images and package indexes they pull from, the same
// flows between steps (data passed and `.after()`), and the same threats on them.

import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import { createEngine } from '../../src/core';
import { buildThreatModel, type ThreatModel } from '../../src/core/threat-model';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';
import { indexFiles } from '../helpers/rule-tester';

const DSL = `from kfp import dsl
from kfp.dsl import Dataset, Input, Output

@dsl.component(base_image="python:3.11", packages_to_install=["pandas"], install_kfp_package=False)
def prepare(data: Output[Dataset]):
    pass

@dsl.component(base_image="pytorch/pytorch:2.3.1", install_kfp_package=False)
def train(data: Input[Dataset]):
    pass

@dsl.container_component
def publish():
    return dsl.ContainerSpec(image="alpine:3.20", command=["sh", "-c", "echo done"])

@dsl.pipeline(name="train")
def pipeline():
    p = prepare()
    t = train(data=p.outputs["data"])
    publish().after(t)
`;

/** What the SDK compiles the pipeline above to (its lightweight executors' programs shortened). */
const IR = `# PIPELINE DEFINITION
# Name: train
components:
  comp-prepare:
    executorLabel: exec-prepare
  comp-train:
    executorLabel: exec-train
  comp-publish:
    executorLabel: exec-publish
deploymentSpec:
  executors:
    exec-prepare:
      container:
        command:
        - sh
        - -c
        - "\\nif ! [ -x \\"$(command -v pip)\\" ]; then\\n    python3 -m ensurepip\\nfi\\n\\
          \\nPIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip install --quiet --no-warn-script-location\\
          \\ 'pandas' && \\"$0\\" \\"$@\\"\\n"
        - sh
        - -ec
        - python3 -m kfp.dsl.executor_main "$@"
        image: python:3.11
    exec-train:
      container:
        command:
        - sh
        - -ec
        - python3 -m kfp.dsl.executor_main "$@"
        image: pytorch/pytorch:2.3.1
    exec-publish:
      container:
        command:
        - sh
        - -c
        - echo done
        image: alpine:3.20
pipelineInfo:
  name: train
root:
  dag:
    tasks:
      prepare:
        componentRef:
          name: comp-prepare
        taskInfo:
          name: prepare
      train:
        componentRef:
          name: comp-train
        dependentTasks:
        - prepare
        taskInfo:
          name: train
      publish:
        componentRef:
          name: comp-publish
        dependentTasks:
        - train
        taskInfo:
          name: publish
schemaVersion: 2.1.0
sdkVersion: kfp-2.7.0
`;

async function model(path: string, text: string): Promise<ThreatModel> {
  const engine = createEngine();
  const config = defaultConfig();
  const files = { [path]: text };
  const io = new MemoryWorkspaceIO(files);
  const { index } = await indexFiles(engine, files, config, io);
  const facts = await engine.gatherFacts(index, { config, io });
  const { findings } = await engine.analyze(index, { config, io });
  return buildThreatModel({ facts, findings });
}

/** The model without file names: elements by kind and name, flows and threats by the elements they join. */
function shape(m: ThreatModel) {
  const name = new Map([...m.elements.map((e) => [e.id, `${e.kind}:${e.name}`] as const)]);
  const flowName = (id: string) => {
    const f = m.flows.find((x) => x.id === id);
    return f ? `${name.get(f.source)} -> ${name.get(f.target)}` : undefined;
  };
  return {
    elements: m.elements.map((e) => `${e.kind}:${e.role}:${e.name}`).sort(),
    flows: m.flows.map((f) => `${name.get(f.source)} -> ${name.get(f.target)} (${f.kind})`).sort(),
    threats: m.threats.map((t) => `${t.template} @ ${t.targets.map((id) => name.get(id) ?? flowName(id) ?? id).join(', ')}`).sort(),
  };
}

describe('KFP DSL and compiled IR threat-model parity', () => {
  it('gives the same elements, flows and threats for a pipeline in Python and its IR', async () => {
    const fromDsl = shape(await model('pipelines/train.py', DSL));
    const fromIr = shape(await model('pipelines/train.yaml', IR));
    for (const step of ['prepare', 'train', 'publish'])
      assert.ok(
        fromIr.elements.some((e) => e.endsWith(`:${step}`)),
        `the IR's elements: ${fromIr.elements.join('; ')}`,
      );
    assert.ok(fromIr.flows.length >= 2, `the IR's flows: ${fromIr.flows.join('; ')}`);
    assert.deepEqual(fromDsl, fromIr);
  });
});
