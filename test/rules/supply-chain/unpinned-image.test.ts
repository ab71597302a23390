// Table tests of supply-chain/unpinned-image on Dockerfile FROM instructions.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { ruleTester } from '../../helpers/rule-tester';
import { CUDA, PYTHON, PYTORCH, PYTORCH_DIGEST, crlf } from '../../helpers/docker';

const PIN = 'Pin the image to a digest';

ruleTester(rule, {
  valid: [
    {
      name: 'a PyTorch base pinned by tag and digest',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir transformers==4.44.2\nUSER 10001\n` },
    },
    {
      name: 'multi-stage build: stages built FROM <stage> (any case, with --platform) are not images',
      files: {
        Dockerfile: `FROM --platform=$BUILDPLATFORM ${CUDA} As Builder
RUN pip wheel --wheel-dir /wheels flash-attn==2.6.3
FROM builder AS train
COPY train.py /app/
FROM --platform=linux/amd64 BUILDER as export
RUN python -c "print('export')"
`,
      },
    },
    {
      name: 'a FROM scratch stage has no image to pin',
      files: {
        Dockerfile: `FROM ${PYTHON} AS build
RUN pip install --target /out onnxruntime==1.18.1
FROM scratch
COPY --from=build /out /
`,
      },
    },
    {
      name: 'a global ARG whose default is digest-pinned',
      files: {
        Dockerfile: `ARG CUDA_IMAGE=${CUDA}\nFROM \${CUDA_IMAGE} AS runtime\nUSER 10001\n`,
      },
    },
    {
      name: 'a tag built from an ARG with the digest written in the FROM',
      files: {
        Dockerfile: `ARG TORCH=2.3.1\nFROM pytorch/pytorch:\${TORCH}-cuda12.1-cudnn8-runtime@${PYTORCH_DIGEST}\n`,
      },
    },
    {
      name: 'an image from an ARG without a default cannot be judged',
      files: { Dockerfile: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN pip install mlflow==2.14.1\n' },
    },
    {
      name: 'a stage ARG does not reach FROM (only global ARGs do)',
      files: {
        Dockerfile: `FROM ${PYTHON} AS base\nARG IMAGE=python:3.12\nFROM \${IMAGE}\n`,
      },
    },
    {
      name: 'a CRLF file with pinned images',
      files: { Dockerfile: crlf(`FROM ${PYTORCH} AS train\r\nFROM train\r\nUSER 10001\r\n`) },
    },
    {
      name: 'a backtick-escape file with a pinned image split over lines',
      files: {
        Dockerfile: `# escape=\`\nFROM \`\n  ${PYTHON}\nRUN pip install \`\n    lightgbm==4.5.0\n`,
      },
    },
  ],
  invalid: [
    {
      name: ':latest is medium and the digest goes after the tag',
      files: { Dockerfile: 'FROM pytorch/pytorch:latest\nRUN pip install lightning==2.3.3\n' },
      errors: [
        {
          line: 1,
          column: 6,
          message: 'Image "pytorch/pytorch:latest" uses the :latest tag and no digest, so every build or pod start may run different code.',
          severity: 'medium',
        },
      ],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          output: { Dockerfile: 'FROM pytorch/pytorch:latest@sha256:<digest>\nRUN pip install lightning==2.3.3\n' },
          // The placeholder is not a digest yet, so the image is still reported until it is filled in.
          stillReported: true,
        },
      ],
    },
    {
      name: 'an untagged builder stage (lower-case "as") in a multi-stage build',
      files: {
        Dockerfile: `from python as builder
run pip wheel --wheel-dir /wheels xgboost==2.1.1
FROM ${PYTHON}
COPY --from=builder /wheels /wheels
`,
      },
      errors: [{ line: 1, column: 6, message: /^Image "python" has no tag and no digest/, severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          output: {
            Dockerfile: `from python@sha256:<digest> as builder
run pip wheel --wheel-dir /wheels xgboost==2.1.1
FROM ${PYTHON}
COPY --from=builder /wheels /wheels
`,
          },
          stillReported: true,
        },
      ],
    },
    {
      name: 'tag-only images are low, in every stage but FROM <stage>',
      files: {
        Dockerfile: `FROM --platform=$BUILDPLATFORM tensorflow/tensorflow:2.16.1-gpu AS build
RUN pip install tf-keras==2.16.0
FROM build AS test
FROM --platform=linux/amd64 nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS serve
`,
      },
      errors: [
        {
          line: 1,
          column: 32,
          message: 'Image "tensorflow/tensorflow:2.16.1-gpu" is pinned by tag only; a tag can be moved to different content, a digest cannot.',
          severity: 'low',
        },
        { line: 4, column: 29, message: /^Image "nvidia\/cuda:12\.1\.1-runtime-ubuntu22\.04" is pinned by tag only/, severity: 'low' },
      ],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          output: {
            Dockerfile: `FROM --platform=$BUILDPLATFORM tensorflow/tensorflow:2.16.1-gpu@sha256:<digest> AS build
RUN pip install tf-keras==2.16.0
FROM build AS test
FROM --platform=linux/amd64 nvidia/cuda:12.1.1-runtime-ubuntu22.04 AS serve
`,
          },
          stillReported: true,
        },
      ],
    },
    {
      name: 'FROM ${ARG}: the digest goes into the default of the global ARG',
      files: {
        Dockerfile: `ARG BASE_IMAGE="pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime"
FROM \${BASE_IMAGE}
ARG BASE_IMAGE
RUN echo "built on $BASE_IMAGE"
`,
      },
      errors: [
        {
          line: 2,
          column: 6,
          message: 'Image "${BASE_IMAGE}" (resolved to "pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime") is pinned by tag only; a tag can be moved to different content, a digest cannot.',
          severity: 'low',
        },
      ],
      fixes: [
        {
          kind: 'guided',
          title: 'Pin the image to a digest in the default of ARG BASE_IMAGE',
          output: {
            Dockerfile: `ARG BASE_IMAGE="pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime@sha256:<digest>"
FROM \${BASE_IMAGE}
ARG BASE_IMAGE
RUN echo "built on $BASE_IMAGE"
`,
          },
          stillReported: true,
        },
      ],
    },
    {
      name: '${VAR:-default} without the ARG resolves to the default; no single place to pin',
      files: { Dockerfile: 'FROM ${TF_IMAGE:-tensorflow/tensorflow:latest-gpu}\n' },
      errors: [
        {
          line: 1,
          column: 6,
          message:
            'Image "${TF_IMAGE:-tensorflow/tensorflow:latest-gpu}" (resolved to "tensorflow/tensorflow:latest-gpu") is pinned by tag only; a tag can be moved to different content, a digest cannot.',
          severity: 'low',
        },
      ],
    },
    {
      name: 'a tag assembled from a global ARG is resolved in the message',
      files: { Dockerfile: 'ARG CUDA=12.1.1\nFROM nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu22.04 AS build\n' },
      errors: [{ line: 2, column: 6, message: /\(resolved to "nvidia\/cuda:12\.1\.1-cudnn8-devel-ubuntu22\.04"\) is pinned by tag only/, severity: 'low' }],
    },
    {
      name: 'a malformed digest is not a pin',
      files: { Dockerfile: 'FROM python:3.11-slim@sha256:1234abcd\n' },
      errors: [
        {
          line: 1,
          column: 6,
          message: 'Image "python:3.11-slim@sha256:1234abcd" has a malformed digest, so the pull is not pinned to known content.',
          severity: 'low',
        },
      ],
    },
    {
      name: 'a private registry with a port and no tag',
      files: { Dockerfile: `FROM registry.internal:5000/ml/trainer AS train\nFROM ${PYTHON}\nCOPY --from=train /model /model\n` },
      errors: [{ line: 1, column: 6, message: /^Image "registry\.internal:5000\/ml\/trainer" has no tag and no digest/, severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          output: { Dockerfile: `FROM registry.internal:5000/ml/trainer@sha256:<digest> AS train\nFROM ${PYTHON}\nCOPY --from=train /model /model\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a CRLF file keeps its line breaks',
      files: { Dockerfile: crlf('FROM jupyter/scipy-notebook:2024-05-27\nUSER 10001\n') },
      errors: [{ line: 1, column: 6, message: /^Image "jupyter\/scipy-notebook:2024-05-27" is pinned by tag only/, severity: 'low' }],
      fixes: [{ kind: 'guided', title: PIN, output: { Dockerfile: 'FROM jupyter/scipy-notebook:2024-05-27@sha256:<digest>\r\nUSER 10001\r\n' }, stillReported: true }],
    },
    {
      name: 'a backtick-escape file with the image on a continuation line',
      files: { Dockerfile: '# escape=`\nFROM `\n  mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest\n' },
      errors: [{ line: 3, column: 3, message: /^Image "mcr\.microsoft\.com\/azureml\/openmpi4\.1\.0-ubuntu22\.04:latest" uses the :latest tag/, severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          output: { Dockerfile: '# escape=`\nFROM `\n  mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest@sha256:<digest>\n' },
          stillReported: true,
        },
      ],
    },
    {
      name: 'one digest-pinned and one floating stage report only the floating one',
      files: { Dockerfile: `FROM ${CUDA} AS build\nFROM ghcr.io/mlflow/mlflow\nCOPY --from=build /opt /opt\n` },
      errors: [{ line: 2, column: 6, message: /^Image "ghcr\.io\/mlflow\/mlflow" has no tag and no digest/, severity: 'medium' }],
      fixes: [{ kind: 'guided', title: PIN, output: { Dockerfile: `FROM ${CUDA} AS build\nFROM ghcr.io/mlflow/mlflow@sha256:<digest>\nCOPY --from=build /opt /opt\n` }, stillReported: true }],
    },
    {
      name: 'a FROM variable that no ARG gives a default expands to nothing: an untagged image',
      files: { Dockerfile: 'FROM ${REGISTRY}/ubuntu\nRUN echo one\n\nARG TAG\nFROM alpine$TAG\n' },
      errors: [
        {
          line: 1,
          column: 6,
          message:
            'Image "${REGISTRY}/ubuntu" (REGISTRY is never declared, so without --build-arg it expands to nothing) has no tag and no digest, so every build or pod start may run different code.',
          severity: 'medium',
        },
        {
          line: 5,
          column: 6,
          message: 'Image "alpine$TAG" (ARG TAG has no default, so without --build-arg it expands to nothing) has no tag and no digest, so every build or pod start may run different code.',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'an undefined registry variable before a tagged image leaves it pinned by tag only',
      files: { Dockerfile: 'FROM ${REGISTRY}/ubuntu:22.04\n' },
      errors: [{ line: 1, column: 6, message: /^Image "\$\{REGISTRY\}\/ubuntu:22\.04" \(REGISTRY is never declared, .*\) is pinned by tag only/, severity: 'low' }],
    },
  ],
});
