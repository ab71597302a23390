// Table tests of container/missing-resource-limits on the KFP DSL: limits are set on the tasks of
// a `@dsl.pipeline`, so a component counts as limited only when every task of it sets cpu and
// memory limits (literals, constants or pipeline parameters); a component compiled on its own
// has none. Decorator forms, aliases and a file being typed.

import rule from '../../../src/core/rules/container/missing-resource-limits';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const message = (name: string) => `Container "${name}" has no cpu or memory limit, so it can starve the node's other workloads.`;

const limited = `from kfp import dsl

CPU = "2"

@dsl.component
def train(epochs: int) -> str:
    return "ok"

@dsl.pipeline(name="p")
def p(memory: str = "4G"):
    t = train(epochs=1)
    t.set_cpu_limit(CPU)
    t.set_memory_limit(memory)
`;
const oneTaskUnlimited = `import kfp.dsl as d

@d.component()
def train(epochs: int) -> str:
    return "ok"

@d.pipeline
def p():
    train(epochs=1).set_cpu_limit("1").set_memory_limit("1G")
    train(epochs=2)
`;
const compiledAlone = `from kfp import compiler, dsl

@dsl.container_component
def echo():
    return dsl.ContainerSpec(image="alpine:3.20", command=["echo", "hi"])

if __name__ == "__main__":
    compiler.Compiler().compile(echo, package_path="echo.yaml")
`;
const midEdit = `from kfp.dsl import component, pipeline

@component
def train():
    pass

@pipeline
def p():
    train().set_cpu_limit("1")
    x = (
`;

ruleTester(rule, {
  valid: [
    { name: 'cpu and memory limits from a constant and a pipeline parameter on every task', files: { 'pipeline.py': limited } },
    { name: 'a component no pipeline of the file uses is not judged', files: { 'pipeline.py': 'from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n' } },
  ],
  invalid: [
    {
      name: 'one of two tasks of a component without limits: shown at that task (import kfp.dsl as d)',
      files: { 'pipeline.py': oneTaskUnlimited },
      errors: [{ ...at(oneTaskUnlimited, 'train(epochs=2)'), message: message('train'), severity: 'info' }],
    },
    {
      name: 'a component compiled on its own: shown where the compiler is given it',
      files: { 'pipeline.py': compiledAlone },
      errors: [{ ...at(compiledAlone, 'echo, package_path'), message: message('echo') }],
    },
    {
      name: 'a memory limit missing in a file with a syntax error mid-edit',
      files: { 'pipeline.py': midEdit },
      errors: [{ ...at(midEdit, 'train().set'), message: 'Container "train" has no memory limit, so it can starve the node\'s other workloads.' }],
    },
  ],
});
