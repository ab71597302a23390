// Table tests of supply-chain/unpinned-image on KFP components a Python file loads from YAML text:
// v1 and IR-style specs, the import forms and aliases, a module constant, an f-string with a
// constant, a string with escapes; each finding lands inside the Python string where the image is written.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const tagOnly = (image: string) => `Image "${image}" is pinned by tag only; a tag can be moved to different content, a digest cannot.`;
const DIGEST = '@sha256:' + 'a'.repeat(64);
const FIX = 'Pin the image to a digest';

const v1 = `from kfp import components, dsl

train_op = components.load_component_from_text("""
name: Train
implementation:
  container:
    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime
    command: [python, -m, train]
""")

@dsl.pipeline(name="p")
def p():
    train_op()
`;
const viaConstant = `import kfp

SPEC = '''
    name: Score
    implementation:
      container:
        image: registry.example.com/ml/score:2.0
'''

score_op = kfp.components.load_component_from_text(SPEC)
`;
const aliased = `from kfp.components import load_component_from_text as load

op = load(text="""name: Fetch
implementation: {container: {image: "alpine:3.20", command: [sh, -c, "echo hi"]}}
""")
`;
const formatted = `from kfp import components

REGISTRY = "registry.example.com/ml"
op = components.load_component_from_text(f"""
name: Train
implementation:
  container:
    image: {REGISTRY}/trainer:1.4
""")
`;
const escaped = `from kfp import components

op = components.load_component_from_text("name: Echo\\nimplementation:\\n  container:\\n    image: \\"busybox:1.36\\"\\n")
`;
const ir = `from kfp import components

op = components.load_component_from_text("""
components:
  comp-train:
    executorLabel: exec-train
deploymentSpec:
  executors:
    exec-train:
      container:
        image: python:3.12-slim
        command: [python, train.py]
pipelineInfo:
  name: train
root:
  dag:
    tasks:
      train:
        componentRef: {name: comp-train}
schemaVersion: 2.1.0
""")
`;

ruleTester(rule, {
  valid: [
    { name: 'inline component pinned by digest', files: { 'pipeline.py': v1.replace('cudnn8-runtime', `cudnn8-runtime${DIGEST}`) } },
    {
      name: 'a load_component_from_text of another library is not a KFP component',
      files: { 'pipeline.py': 'import torch\nfrom mylib import load_component_from_text\n\nop = load_component_from_text("""\nname: T\nimplementation:\n  container:\n    image: alpine:3.20\n""")\n' },
    },
    {
      name: 'component text that is not known statically is not guessed',
      files: { 'pipeline.py': 'import os\nfrom kfp import components\n\nop = components.load_component_from_text(os.environ["SPEC"])\n' },
    },
  ],
  invalid: [
    {
      name: 'v1 component text in a triple-quoted literal (from kfp import components)',
      files: { 'pipeline.py': v1 },
      errors: [{ ...at(v1, 'pytorch/pytorch:2.3.1'), message: tagOnly('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime'), severity: 'low' }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': v1.replace('cudnn8-runtime', 'cudnn8-runtime@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'indented text in a module constant (import kfp)',
      files: { 'pipeline.py': viaConstant },
      errors: [{ ...at(viaConstant, 'registry.example.com'), message: tagOnly('registry.example.com/ml/score:2.0') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': viaConstant.replace('score:2.0', 'score:2.0@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'the loader imported under an alias, text by keyword, content on the line of the quotes',
      files: { 'pipeline.py': aliased },
      errors: [{ ...at(aliased, 'alpine:3.20'), message: tagOnly('alpine:3.20') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': aliased.replace('alpine:3.20', 'alpine:3.20@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'an f-string with a constant: reported from the replacement to the literal tag',
      files: { 'pipeline.py': formatted },
      errors: [{ ...at(formatted, '{REGISTRY}/trainer'), message: tagOnly('registry.example.com/ml/trainer:1.4') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': formatted.replace('trainer:1.4', 'trainer:1.4@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'a string with escapes: the image is found where it is written between the escapes',
      files: { 'pipeline.py': escaped },
      errors: [{ ...at(escaped, 'busybox:1.36'), message: tagOnly('busybox:1.36') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': escaped.replace('busybox:1.36', 'busybox:1.36@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'IR-style component text',
      files: { 'pipeline.py': ir },
      errors: [{ ...at(ir, 'python:3.12-slim'), message: tagOnly('python:3.12-slim') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': ir.replace('python:3.12-slim', 'python:3.12-slim@sha256:<digest>') }, stillReported: true }],
    },
  ],
});
