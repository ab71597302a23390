// Table tests of container/runs-as-root where the Dockerfile sets no USER and its base image
// decides: documented non-root images, images built by another Dockerfile of the workspace,
// `.mlsec.yaml` entries, and base images whose default user is not known (low severity).

import rule from '../../../src/core/rules/container/runs-as-root';
import { ruleTester } from '../../helpers/rule-tester';
import { defaultConfig, type MlsecConfig } from '../../../src/core/config';
import { PYTHON } from '../../helpers/docker';

const ADD_USER = 'Add USER 10001 at the end of the final stage';
const NO_USER = 'The final stage sets no USER, so the container runs as root and a compromise of the process owns the container.';
const builtBy = (evidence: string) => `The final stage sets no USER, so the container runs as root and a compromise of the process owns the container (${evidence}).`;
const unknown = (evidence: string) => `The final stage sets no USER and ${evidence}, so the container runs as root unless that image sets a non-root USER.`;

const serve = (from: string) => `FROM ${from}\nCOPY serve.py /app/\nCMD ["python", "/app/serve.py"]\n`;
const withUsers = (users: Record<string, string>): Partial<MlsecConfig> => ({ rules: { ...defaultConfig().rules, 'container/runs-as-root': { options: { baseImageUsers: users } } } });

ruleTester(rule, {
  valid: [
    { name: 'rayproject/ray runs as the user ray', files: { Dockerfile: serve('rayproject/ray:2.31.0-py310-gpu') } },
    { name: 'rayproject/ray-ml through a global ARG', files: { Dockerfile: `ARG RAY=rayproject/ray-ml:2.9.3\nFROM \${RAY}\nCOPY job.py /home/ray/\n` } },
    { name: 'locustio/locust runs as the user locust', files: { Dockerfile: `FROM locustio/locust:2.29.0\nCOPY locustfile.py /mnt/locust/\n` } },
    { name: 'seldonio/mlserver runs as uid 1000', files: { 'serving/Dockerfile': serve('docker.io/seldonio/mlserver:1.6.0-slim') } },
    { name: 'a Jupyter docker stack on quay.io runs as jovyan', files: { Dockerfile: serve('quay.io/jupyter/scipy-notebook:2024-07-29') } },
    { name: 'pytorch/torchserve runs as model-server', files: { Dockerfile: serve('pytorch/torchserve:0.11.0-gpu') } },
    {
      name: 'an image built by base/Dockerfile, which ends with a non-root USER',
      files: {
        'images/serve/Dockerfile': serve('ghcr.io/acme/ml/base:1.4.0'),
        'images/base/Dockerfile': `FROM ${PYTHON}\nRUN useradd --uid 1000 ml\nUSER ml\n`,
      },
    },
    {
      name: 'an image built by Dockerfile.runtime through the ARG default of the FROM (Kubeflow notebook style)',
      files: {
        'docker/Dockerfile.trainer': `ARG BASE_IMG=registry.example.com/ml/runtime:v2\nFROM $BASE_IMG\nCOPY train.py /app/\n`,
        'docker/Dockerfile.runtime': `FROM ${PYTHON}\nUSER 10001:10001\n`,
      },
    },
    {
      name: 'two levels: serve builds on base, which builds on a documented non-root image',
      files: {
        'serve/Dockerfile': serve('acme/base:latest'),
        'base/Dockerfile': `FROM seldonio/mlserver:1.6.0\nCOPY requirements.txt .\n`,
      },
    },
    {
      name: 'a configured default user for a private base image',
      files: { Dockerfile: serve('registry.example.com/ml/runtime:3.1') },
      config: withUsers({ 'registry.example.com/ml/runtime': 'app' }),
    },
  ],
  invalid: [
    {
      name: 'an image built by a workspace Dockerfile that switches to root',
      files: {
        'images/app/Dockerfile': serve('ghcr.io/acme/ml/base:1.4.0'),
        'images/base/Dockerfile': `FROM ${PYTHON}\nUSER 1000\nRUN pip download -d /wheels onnx==1.16.1\nUSER root\n`,
      },
      errors: [
        { file: 'images/app/Dockerfile', line: 1, column: 1, message: builtBy('ghcr.io/acme/ml/base:1.4.0 is built by images/base/Dockerfile, which ends with USER root'), severity: 'medium' },
        { file: 'images/base/Dockerfile', line: 4, column: 6, message: /switches to USER root/ },
      ],
      fixes: [{ kind: 'review', title: ADD_USER, output: { 'images/app/Dockerfile': `${serve('ghcr.io/acme/ml/base:1.4.0')}USER 10001\n` } }],
    },
    {
      name: 'an image built by a workspace Dockerfile with no USER on an official image',
      files: {
        'app/Dockerfile': serve('acme/base:latest'),
        'base/Dockerfile': `FROM ${PYTHON}\nRUN pip install --no-cache-dir numpy==2.0.1\n`,
      },
      errors: [
        { file: 'app/Dockerfile', line: 1, message: builtBy(`acme/base:latest is built by base/Dockerfile, which sets no USER (python:3.11-slim runs as root)`), severity: 'medium' },
        { file: 'base/Dockerfile', line: 1, message: NO_USER, severity: 'medium' },
      ],
      fixes: [{ kind: 'review', title: ADD_USER, output: { 'app/Dockerfile': `${serve('acme/base:latest')}USER 10001\n` } }],
    },
    {
      name: 'a private base image whose default user is not known: low, and the message says so',
      files: { Dockerfile: serve('registry.example.com/ml/runtime:3.1') },
      errors: [{ line: 1, column: 1, message: unknown('the default user of registry.example.com/ml/runtime:3.1 is not known'), severity: 'low' }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `${serve('registry.example.com/ml/runtime:3.1')}USER 10001\n` } }],
    },
    {
      name: 'a base image from an ARG without a default is not resolved: low',
      files: { Dockerfile: `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nCMD ["python", "app.py"]\n` },
      errors: [{ line: 2, column: 1, message: unknown('the base image ${BASE_IMAGE} is not resolved'), severity: 'low' }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `ARG BASE_IMAGE\nFROM \${BASE_IMAGE}\nCMD ["python", "app.py"]\nUSER 10001\n` } }],
    },
    {
      name: 'two workspace Dockerfiles could build the image: not guessed',
      files: {
        'app/Dockerfile': serve('acme/base:latest'),
        'gpu/base/Dockerfile': `FROM ${PYTHON}\nUSER 1000\n`,
        'cpu/base/Dockerfile': `FROM ${PYTHON}\nUSER root\n`,
      },
      errors: [
        { file: 'app/Dockerfile', line: 1, message: unknown('the default user of acme/base:latest is not known'), severity: 'low' },
        { file: 'cpu/base/Dockerfile', line: 2, message: /switches to USER root/ },
      ],
      fixes: [{ kind: 'review', title: ADD_USER, output: { 'app/Dockerfile': `${serve('acme/base:latest')}USER 10001\n` } }],
    },
    {
      name: 'a configured root user wins over the table',
      files: { Dockerfile: serve('rayproject/ray:2.31.0') },
      config: withUsers({ 'rayproject/ray': 'root' }),
      errors: [{ line: 1, column: 1, message: NO_USER, severity: 'medium' }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `${serve('rayproject/ray:2.31.0')}USER 10001\n` } }],
    },
    {
      name: 'a distroless image without the nonroot tag runs as root',
      files: { Dockerfile: serve('gcr.io/distroless/python3-debian12:latest') },
      errors: [{ line: 1, column: 1, message: NO_USER, severity: 'medium' }],
      fixes: [{ kind: 'review', title: ADD_USER, output: { Dockerfile: `${serve('gcr.io/distroless/python3-debian12:latest')}USER 10001\n` } }],
    },
  ],
});
