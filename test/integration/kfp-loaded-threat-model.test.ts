// KFP components a Python pipeline loads: a component file in the workspace is one process, shared
// by the file's own scan and the Python task that runs it, and the pipeline's data passing joins it
// to the other steps; inline component text becomes the step's process at the Python file.

import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import { createEngine } from '../../src/core';
import { buildThreatModel, type ThreatModel } from '../../src/core/threat-model';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';
import { indexFiles } from '../helpers/rule-tester';

const COMPONENT = `name: Train
inputs:
- {name: data, type: Dataset}
implementation:
  container:
    image: pytorch/pytorch:2.3.1
    command: [python, -m, train, {inputPath: data}]
`;

const pipeline = (path: string) => `from kfp import components, dsl

prepare_op = components.load_component_from_text("""
name: Prepare
outputs:
- {name: data, type: Dataset}
implementation:
  container:
    image: python:3.11
    command: [python, -m, prepare, {outputPath: data}]
""")
train_op = components.load_component_from_file("${path}")

@dsl.pipeline(name="train")
def pipeline():
    p = prepare_op()
    train_op(data=p.outputs["data"])
`;

async function model(files: Record<string, string>): Promise<ThreatModel> {
  const engine = createEngine();
  const config = defaultConfig();
  const io = new MemoryWorkspaceIO(files);
  const { index } = await indexFiles(engine, files, config, io);
  const facts = await engine.gatherFacts(index, { config, io });
  const { findings } = await engine.analyze(index, { config, io });
  return buildThreatModel({ facts, findings });
}

function processes(m: ThreatModel): string[] {
  return m.elements
    .filter((e) => e.kind === 'process')
    .map((e) => e.name)
    .sort();
}

function taskFlows(m: ThreatModel): string[] {
  const name = new Map(m.elements.map((e) => [e.id, e.name]));
  return m.flows.filter((f) => f.kind === 'artifact-handover').map((f) => `${name.get(f.source)} -> ${name.get(f.target)}`);
}

describe('KFP components loaded in Python: threat model', () => {
  it('joins the task of a component file to the process of that file, with no second process', async () => {
    const m = await model({ 'pipelines/pipeline.py': pipeline('components/train.yaml'), 'pipelines/components/train.yaml': COMPONENT });
    assert.deepEqual(processes(m), ['Prepare', 'Train']);
    assert.deepEqual(taskFlows(m), ['Prepare -> Train']);
    const train = m.elements.find((e) => e.name === 'Train')!;
    assert.ok(train.evidence.some((l) => l.file === 'pipelines/components/train.yaml'));
  });

  it('resolves the path from the workspace root as well', async () => {
    const m = await model({ 'pipelines/pipeline.py': pipeline('components/train.yaml'), 'components/train.yaml': COMPONENT });
    assert.deepEqual(processes(m), ['Prepare', 'Train']);
  });

  it('keeps a step of its own for a component file the workspace does not hold', async () => {
    const m = await model({ 'pipelines/pipeline.py': pipeline('elsewhere/train.yaml') });
    assert.deepEqual(processes(m), ['Prepare', 'train-op']);
    assert.deepEqual(taskFlows(m), ['Prepare -> train-op']);
  });
});
