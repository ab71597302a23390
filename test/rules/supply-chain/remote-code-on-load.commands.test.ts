// Table tests of supply-chain/remote-code-on-load on command lines: model servers (vLLM, SGLang,
// text-generation-inference) started with --trust-remote-code in Dockerfiles and manifests, and the
// environment variables that hand them the flag.

import rule from '../../../src/core/rules/supply-chain/remote-code-on-load';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { PYTHON } from '../../helpers/docker';

const message = (api: string, flag: string, model?: string) => `${api} is given ${flag}, so the Python code${model ? ` of ${model}` : ''} in the repository runs in the server process.`;

const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  selector:
    matchLabels: {app: llm}
  template:
    metadata:
      labels: {app: llm}
    spec:
      containers:
      - name: server
        image: registry.example.com/ml/vllm-openai:0.6.3
${container}`;

const vllmArgs = deployment(`        command: [vllm, serve, example-org/custom-llm]
        args: ["--port", "8000", "--trust-remote-code"]
`);
const envArgs = deployment(`        env:
        - name: VLLM_ADDITIONAL_ARGS
          value: --trust-remote-code --tensor-parallel-size=8
`);

ruleTester(rule, {
  valid: [
    {
      name: 'servers without the flag, and the flag on a command that is no model server',
      files: {
        Dockerfile: `FROM ${PYTHON}
USER 10001
RUN echo --trust-remote-code > /tmp/notes.txt
CMD ["vllm", "serve", "example-org/standard-llm", "--port", "8000"]
`,
        'deploy.yaml': deployment(`        command: [python, -m, vllm.entrypoints.openai.api_server, --model, example-org/standard-llm]
        env:
        - {name: VLLM_ADDITIONAL_ARGS, value: --tensor-parallel-size=8}
        - {name: TRUST_REMOTE_CODE, value: "false"}
`),
      },
    },
  ],
  invalid: [
    {
      name: 'vllm serve in an exec-form CMD',
      files: {
        Dockerfile: `FROM ${PYTHON}
USER 10001
CMD ["vllm", "serve", "example-org/custom-llm", "--trust-remote-code"]
`,
      },
      errors: [{ line: 3, column: 50, message: message('vllm serve', '--trust-remote-code', 'example-org/custom-llm'), severity: 'high' }],
    },
    {
      name: 'python -m vllm.entrypoints.openai.api_server, SGLang and TGI in shell form',
      files: {
        Dockerfile: `FROM ${PYTHON}
USER 10001
RUN python -m vllm.entrypoints.openai.api_server --model=example-org/custom-llm --trust-remote-code --help
RUN python3 -m sglang.launch_server --model-path example-org/moe --trust-remote-code --help
ENTRYPOINT text-generation-launcher --model-id example-org/falcon --trust-remote-code
`,
      },
      errors: [
        { line: 3, column: 81, message: message('python -m vllm.entrypoints.openai.api_server', '--trust-remote-code', 'example-org/custom-llm') },
        { line: 4, column: 66, message: message('python -m sglang.launch_server', '--trust-remote-code', 'example-org/moe') },
        { line: 5, column: 67, message: message('text-generation-launcher', '--trust-remote-code', 'example-org/falcon') },
      ],
    },
    {
      name: 'a Deployment: the flag as an item of args',
      files: { 'deploy.yaml': vllmArgs },
      errors: [{ ...at(vllmArgs, '--trust-remote-code'), message: message('vllm serve', '--trust-remote-code', 'example-org/custom-llm') }],
    },
    {
      name: 'the flag handed through VLLM_ADDITIONAL_ARGS and TRUST_REMOTE_CODE',
      files: { 'deploy.yaml': envArgs, Dockerfile: `FROM ${PYTHON}\nUSER 10001\nENV TRUST_REMOTE_CODE=true\n` },
      errors: [
        { file: 'Dockerfile', line: 3, column: 5, message: message('text-generation-inference', 'TRUST_REMOTE_CODE=true') },
        { file: 'deploy.yaml', ...at(envArgs, '--trust-remote-code --tensor'), message: message('VLLM_ADDITIONAL_ARGS (vLLM arguments)', '--trust-remote-code') },
      ],
    },
  ],
});
