// Table tests of container/missing-resource-limits on KFP component text a Python file loads: the
// pipeline's tasks set the limits, so the finding is at the task call, as for a decorated component.

import rule from '../../../src/core/rules/container/missing-resource-limits';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const message = (name: string) => `Container "${name}" has no cpu or memory limit, so it can starve the node's other workloads.`;
const pipeline = (task: string) => `from kfp import components, dsl

train_op = components.load_component_from_text("""
name: Train
implementation:
  container:
    image: python:3.11
    command: [python, -m, train]
""")

@dsl.pipeline(name="p")
def p():
    ${task}
`;
const unlimited = pipeline('train_op()');

ruleTester(rule, {
  valid: [
    { name: 'the task sets cpu and memory limits', files: { 'pipeline.py': pipeline('train_op().set_cpu_limit("2").set_memory_limit("4G")') } },
    { name: 'loaded text no pipeline of the file uses is not judged', files: { 'pipeline.py': unlimited.replace(/@dsl\.pipeline[\s\S]*$/, '') } },
  ],
  invalid: [
    {
      name: 'a task of inline component text without limits: shown at the task call',
      files: { 'pipeline.py': unlimited },
      errors: [{ ...at(unlimited, 'train_op()'), message: message('Train') }],
    },
    {
      name: 'a memory limit alone is not enough',
      files: { 'pipeline.py': pipeline('train_op().set_memory_limit("4G")') },
      errors: [{ line: 13, column: 5, message: 'Container "Train" has no cpu limit, so it can starve the node\'s other workloads.' }],
    },
  ],
});
