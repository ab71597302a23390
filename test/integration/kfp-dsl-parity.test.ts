// The KFP DSL and the IR the SDK compiles from it give the same findings: the same rules fire on
// the component in Python as on its compiled executor, and no rule fires on only one of them.

import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import { createEngine } from '../../src/core';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';
import { kfpLightweight } from '../helpers/kfp-ir';
import { indexFiles } from '../helpers/rule-tester';

const DSL = `from kfp import dsl

@dsl.component(base_image="python:3.11", packages_to_install=["pandas"])
def train(epochs: int) -> str:
    return "ok"

@dsl.pipeline(name="train")
def pipeline():
    train(epochs=3)
`;

/** What kfp 2.7.0 compiles the component above to. */
const IR = kfpLightweight('train', [
  "\\ python3 -m pip install --quiet --no-warn-script-location 'kfp==2.7.0'\\",
  "\\ '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<\\\"3.9\\\"'  &&\\",
  `\\  python3 -m pip install --quiet --no-warn-script-location 'pandas' && \\"$0\\" \\"$@\\"\\n"`,
]);

async function ruleIds(path: string, text: string): Promise<string[]> {
  const engine = createEngine();
  const config = defaultConfig();
  const files = { [path]: text };
  const { index } = await indexFiles(engine, files, config, new MemoryWorkspaceIO(files));
  const { findings } = await engine.analyze(index, { config, io: new MemoryWorkspaceIO(files) });
  return [...new Set(findings.map((f) => f.ruleId))].sort();
}

describe('KFP DSL and compiled IR parity', () => {
  it('reports the same rules on a component in Python and on the executor it compiles to', async () => {
    const fromDsl = await ruleIds('pipelines/train.py', DSL);
    const fromIr = await ruleIds('pipelines/train.yaml', IR);
    assert.ok(fromIr.includes('supply-chain/unpinned-image') && fromIr.includes('supply-chain/unpinned-package'), `the IR's findings: ${fromIr.join(', ')}`);
    assert.deepEqual(fromDsl, fromIr, `DSL: ${fromDsl.join(', ')}`);
  });
});
