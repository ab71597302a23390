// Table tests of supply-chain/unpinned-image on the KFP DSL: component base and target images
// through every decorator and import form, module constants and f-strings, container components,
// the SDK's default image, and a file with a syntax error while it is being typed.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const tagOnly = (image: string) => `Image "${image}" is pinned by tag only; a tag can be moved to different content, a digest cannot.`;
const DIGEST = '@sha256:' + 'a'.repeat(64);
const FIX = 'Pin the image to a digest';

const literal = `from kfp import dsl

@dsl.component(base_image="python:3.12-slim")
def train(epochs: int) -> str:
    return "ok"
`;
const viaConstant = `from kfp import dsl as d

REGISTRY = "registry.example.com/ml"
BASE = f"{REGISTRY}/trainer:1.4"

@d.component(base_image=BASE, packages_to_install=[])
def train():
    pass
`;
const container = `from kfp import dsl

@dsl.container_component
def fetch(url: str):
    return dsl.ContainerSpec(image="alpine:3.20", command=["wget"], args=[url])
`;
const midEdit = `from kfp.dsl import component, pipeline

@component(base_image="pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime")
def train():
    x = (

@pipeline
def p(
`;

ruleTester(rule, {
  valid: [
    { name: 'base image pinned by digest', files: { 'pipeline.py': literal.replace('python:3.12-slim', `python:3.12-slim${DIGEST}`) } },
    {
      name: 'a containerized component runs its digest-pinned target image',
      files: {
        'pipeline.py': `from kfp import dsl\n\n@dsl.component(base_image="python:3.12${DIGEST}", target_image="registry.example.com/train@sha256:${'b'.repeat(64)}")\ndef train():\n    pass\n`,
      },
    },
    {
      name: 'a decorator named component from another library is not KFP',
      files: { 'tasks.py': 'import torch\nfrom celery import shared_task as component\n\n@component(base_image="python:3.12")\ndef train():\n    pass\n' },
    },
    {
      name: 'an image that is not known statically is not guessed',
      files: { 'pipeline.py': 'import os\nfrom kfp import dsl\n\n@dsl.component(base_image=os.environ["IMAGE"])\ndef train():\n    pass\n' },
    },
  ],
  invalid: [
    {
      name: 'base image literal in @dsl.component(...)',
      files: { 'pipeline.py': literal },
      errors: [{ ...at(literal, 'python:3.12-slim'), message: tagOnly('python:3.12-slim'), severity: 'low' }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': literal.replace('python:3.12-slim', 'python:3.12-slim@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'decorator without arguments runs the SDK default image',
      files: { 'pipeline.py': 'from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n' },
      errors: [{ line: 3, column: 2, message: 'Image "KFP default base image" (resolved to "python:3.11") is pinned by tag only; a tag can be moved to different content, a digest cannot.' }],
    },
    {
      name: 'alias and module constants built with an f-string: reported where the value is written',
      files: { 'pipeline.py': viaConstant },
      errors: [{ line: 4, column: 8, message: tagOnly('registry.example.com/ml/trainer:1.4') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': viaConstant.replace('trainer:1.4', 'trainer:1.4@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'from kfp.dsl import component, target_image replaces the base image',
      files: { 'pipeline.py': 'from kfp.dsl import component\n\n@component(base_image="python:3.12' + DIGEST + '", target_image="registry.example.com/train:latest")\ndef train():\n    pass\n' },
      errors: [
        { line: 3, column: 124, message: 'Image "registry.example.com/train:latest" uses the :latest tag and no digest, so every build or pod start may run different code.', severity: 'medium' },
      ],
      fixes: [
        {
          kind: 'guided',
          title: FIX,
          output: {
            'pipeline.py':
              'from kfp.dsl import component\n\n@component(base_image="python:3.12' + DIGEST + '", target_image="registry.example.com/train:latest@sha256:<digest>")\ndef train():\n    pass\n',
          },
          stillReported: true,
        },
      ],
    },
    {
      name: 'container component image in dsl.ContainerSpec',
      files: { 'pipeline.py': container },
      errors: [{ ...at(container, 'alpine:3.20'), message: tagOnly('alpine:3.20') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': container.replace('alpine:3.20', 'alpine:3.20@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'kfp.v2 spelling of the decorator',
      files: { 'pipeline.py': 'from kfp.v2 import dsl\n\n@dsl.component(base_image="tensorflow/tensorflow")\ndef train():\n    pass\n' },
      errors: [{ line: 3, column: 28, message: 'Image "tensorflow/tensorflow" has no tag and no digest, so every build or pod start may run different code.', severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: FIX,
          output: { 'pipeline.py': 'from kfp.v2 import dsl\n\n@dsl.component(base_image="tensorflow/tensorflow@sha256:<digest>")\ndef train():\n    pass\n' },
          stillReported: true,
        },
      ],
    },
    {
      name: 'an image joined from a name: reported with what is written, and no digest placed after the name',
      files: { 'pipeline.py': 'from kfp import dsl\n\nTAG = "2.1"\nIMAGE = "registry.example.com/train:" + TAG\n\n@dsl.component(base_image=IMAGE)\ndef train():\n    pass\n' },
      errors: [
        {
          line: 4,
          column: 9,
          message: 'Image ""registry.example.com/train:" + TAG" (resolved to "registry.example.com/train:2.1") is pinned by tag only; a tag can be moved to different content, a digest cannot.',
        },
      ],
    },
    {
      name: 'a file with a syntax error mid-edit keeps its component',
      files: { 'pipeline.py': midEdit },
      errors: [{ ...at(midEdit, 'pytorch/pytorch'), message: tagOnly('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime') }],
      fixes: [{ kind: 'guided', title: FIX, output: { 'pipeline.py': midEdit.replace('cudnn8-runtime', 'cudnn8-runtime@sha256:<digest>') }, stillReported: true }],
    },
  ],
});
