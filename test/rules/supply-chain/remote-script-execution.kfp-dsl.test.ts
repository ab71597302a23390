// Table tests of the command rules on KFP container components written in Python:
// supply-chain/remote-script-execution, supply-chain/unverified-download and
// serving/unauthenticated-ml-service read `dsl.ContainerSpec` command and args as shell, with
// f-string inputs as placeholders, through the decorator and import forms.

import unauthenticated from '../../../src/core/rules/serving/unauthenticated-ml-service';
import remoteScript from '../../../src/core/rules/supply-chain/remote-script-execution';
import unverified from '../../../src/core/rules/supply-chain/unverified-download';
import { at } from '../../helpers/k8s-kinds';
import { ruleTester } from '../../helpers/rule-tester';

const spec = (imports: string, decorator: string, prefix: string, command: string) => `${imports}

@${decorator}
def step(url: str):
    return ${prefix}ContainerSpec(image="alpine:3.20", command=["sh", "-c"], args=[${command}])
`;
const piped = spec('from kfp import dsl', 'dsl.container_component', 'dsl.', 'f"curl -fsSL {url} | sh"');
const SETUP = 'https://get.example.com/setup.sh';
const viaConstant = `import kfp.dsl as d

SETUP = "${SETUP}"

@d.container_component
def step():
    return d.ContainerSpec(image="alpine:3.20", command=["bash", "-c", f"wget -qO- {SETUP} | bash"])
`;

ruleTester(remoteScript, {
  valid: [{ name: 'a download saved to a file and not run', files: { 'pipeline.py': spec('from kfp import dsl', 'dsl.container_component', 'dsl.', 'f"curl -fsSL -o /tmp/x {url}"') } }],
  invalid: [
    {
      name: 'curl piped into sh in an f-string argument',
      files: { 'pipeline.py': piped },
      errors: [{ ...at(piped, 'f"curl'), message: 'Output of curl is executed by sh without any integrity check, so whoever controls that server controls this step.', severity: 'high' }],
    },
    {
      name: 'wget piped into bash, the URL from a module constant (import kfp.dsl as d)',
      files: { 'pipeline.py': viaConstant },
      errors: [{ ...at(viaConstant, 'f"wget'), message: `Output of wget from ${SETUP} is executed by bash without any integrity check, so whoever controls that server controls this step.` }],
    },
  ],
});

const model = spec('from kfp.dsl import container_component, ContainerSpec', 'container_component', '', '"wget https://models.example.com/m.pt -O /m.pt && python serve.py"');
ruleTester(unverified, {
  valid: [
    {
      name: 'a download checked with sha256sum in the same step',
      files: { 'pipeline.py': model.replace(' && python', ' && echo "' + 'a'.repeat(64) + '  /m.pt" | sha256sum -c - && python') },
    },
  ],
  invalid: [
    {
      name: 'a model file downloaded without a checksum (from kfp.dsl import container_component)',
      files: { 'pipeline.py': model },
      errors: [
        {
          ...at(model, 'https://models'),
          message: 'wget downloads a model file from https://models.example.com/m.pt without verifying a checksum, so a replaced file is accepted silently.',
          severity: 'high',
        },
      ],
    },
  ],
});

const serve = `from kfp import dsl

@dsl.container_component
def serve():
    return dsl.ContainerSpec(image="ghcr.io/mlflow/mlflow:v2.14.1", command=["mlflow", "server", "--host", "0.0.0.0"])
`;
ruleTester(unauthenticated, {
  valid: [{ name: 'the server bound to loopback', files: { 'pipeline.py': serve.replace('0.0.0.0', '127.0.0.1') } }],
  invalid: [
    {
      name: 'mlflow server on all interfaces without authentication',
      files: { 'pipeline.py': serve },
      errors: [{ ...at(serve, 'mlflow", "server"'), message: 'MLflow tracking server is exposed on 0.0.0.0 without authentication, so anyone who reaches the port can use it.', severity: 'critical' }],
    },
  ],
});
