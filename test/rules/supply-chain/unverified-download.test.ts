// Table tests of supply-chain/unverified-download on Dockerfile ADD, RUN and CMD.

import rule from '../../../src/core/rules/supply-chain/unverified-download';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const CHECKSUM = 'Verify the download with ADD --checksum';
const SHA = '9f2b1c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef';
const HF = 'https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/model.safetensors';

ruleTester(rule, {
  valid: [
    {
      name: 'a licence and a version lookup are fetched for what they say, not as content',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN curl -fsSLO https://raw.githubusercontent.com/kserve/modelmesh/main/LICENSE \
 && curl -fsSL -o /tmp/stable.txt https://dl.k8s.io/release/stable.txt \
 && wget -q https://downloads.example.com/models/resnet50.pt.sha256
`,
      },
    },
    {
      name: 'ADD --checksum of a model file',
      files: { Dockerfile: `FROM ${PYTORCH}\nADD --checksum=sha256:${SHA} ${HF} /models/minilm/\n` },
    },
    {
      name: 'curl -o then sha256sum -c in the same RUN',
      files: {
        Dockerfile: `FROM ${PYTORCH}
RUN curl -fsSL -o /models/model.safetensors ${HF} \\
 && echo "${SHA}  /models/model.safetensors" | sha256sum -c -
`,
      },
    },
    {
      name: 'an archive checked with gpg --verify, and one compared with sha256sum | grep',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN wget -q https://downloads.example.com/onnx/onnxruntime-linux-x64-1.18.1.tgz https://downloads.example.com/onnx/onnxruntime-linux-x64-1.18.1.tgz.asc \\
 && gpg --verify onnxruntime-linux-x64-1.18.1.tgz.asc onnxruntime-linux-x64-1.18.1.tgz
RUN curl -fsSLO https://downloads.example.com/data/imagenet-labels.tar.gz && sha256sum imagenet-labels.tar.gz | grep ${SHA}
`,
      },
    },
    {
      name: 'a Hugging Face download pinned to a commit',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN huggingface-cli download sentence-transformers/all-MiniLM-L6-v2 --revision 8b3219a92973c328a8e22fadcfa821b5dc75636a --local-dir /models/minilm\n` },
    },
    {
      name: 'a download that is not a model, dataset, archive or executable, and local ADD sources',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN curl -fsSLo /etc/serving/config.yaml https://config.example.com/serving/config.yaml
ADD model/ /models/
COPY weights.safetensors /models/
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a binary fetched with curl -LO and made executable with chmod +x',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN curl -LO "https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl" && chmod +x kubectl && mv kubectl /usr/local/bin/
`,
      },
      errors: [
        {
          line: 2,
          message: 'curl downloads an executable from https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl without verifying a checksum, so a replaced file is accepted silently.',
          severity: 'medium',
        },
      ],
    },
    {
      name: 'a binary written straight into /usr/local/bin, and one installed with install -m 0755',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN curl -fsSL -o /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.2/yq_linux_amd64
RUN wget -q https://github.com/argoproj/argo-workflows/releases/download/v3.5.8/argo-linux-amd64 && install -m 0755 argo-linux-amd64 /usr/local/bin/argo
`,
      },
      errors: [
        { line: 2, message: /^curl downloads an executable from https:\/\/github\.com\/mikefarah\/yq/ },
        { line: 3, message: /^wget downloads an executable from https:\/\/github\.com\/argoproj/ },
      ],
    },
    {
      name: 'ADD of a model file: high, with the ADD --checksum fix',
      files: { Dockerfile: `FROM ${PYTORCH}\nADD https://models.example.com/releases/bert-base/pytorch_model.bin /models/bert/\n` },
      errors: [
        {
          line: 2,
          column: 5,
          message: 'ADD downloads a model file from https://models.example.com/releases/bert-base/pytorch_model.bin without verifying a checksum, so a replaced file is accepted silently.',
          severity: 'high',
        },
      ],
      fixes: [
        {
          kind: 'guided',
          title: CHECKSUM,
          output: { Dockerfile: `FROM ${PYTORCH}\nADD --checksum=sha256:<sha256-of-the-file> https://models.example.com/releases/bert-base/pytorch_model.bin /models/bert/\n` },
        },
      ],
    },
    {
      name: 'ADD in exec form of a dataset is medium; other flags stay',
      files: { Dockerfile: `FROM ${PYTHON}\nADD --chown=10001:10001 ["https://data.example.com/churn/train.parquet", "/data/"]\n` },
      errors: [{ line: 2, column: 27, message: /^ADD downloads a dataset from https:\/\/data\.example\.com\/churn\/train\.parquet without verifying/, severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: CHECKSUM,
          output: { Dockerfile: `FROM ${PYTHON}\nADD --checksum=sha256:<sha256-of-the-file> --chown=10001:10001 ["https://data.example.com/churn/train.parquet", "/data/"]\n` },
        },
      ],
    },
    {
      name: 'ADD exec form over two lines, in a CRLF file',
      files: { Dockerfile: crlf(`FROM ${PYTHON}\nADD ["https://downloads.example.com/spark/spark-3.5.1-bin-hadoop3.tgz", \\\n     "/opt/"]\n`) },
      errors: [{ line: 2, column: 7, message: /^ADD downloads an archive from https:\/\/downloads\.example\.com\/spark\/spark-3\.5\.1-bin-hadoop3\.tgz/, severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: CHECKSUM,
          output: {
            Dockerfile: crlf(`FROM ${PYTHON}\nADD --checksum=sha256:<sha256-of-the-file> ["https://downloads.example.com/spark/spark-3.5.1-bin-hadoop3.tgz", \\\n     "/opt/"]\n`),
          },
        },
      ],
    },
    {
      name: 'RUN curl of a model file has no automatic fix',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN curl -fsSL -o /models/model.safetensors ${HF}\n` },
      errors: [{ line: 2, column: 45, message: `curl downloads a model file from ${HF} without verifying a checksum, so a replaced file is accepted silently.`, severity: 'high' }],
    },
    {
      name: 'a dataset and an archive, checked only in another RUN or not compared',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN wget -q https://data.example.com/churn/train.csv -O /data/train.csv
RUN echo "${SHA}  /data/train.csv" | sha256sum -c -
RUN curl -LO https://developer.download.nvidia.com/compute/cudnn/redist/cudnn-linux-x86_64-9.2.1.18_cuda12-archive.tar.xz && sha256sum cudnn-*.tar.xz
`,
      },
      errors: [
        { line: 2, column: 13, message: /^wget downloads a dataset from https:\/\/data\.example\.com\/churn\/train\.csv/, severity: 'medium' },
        { line: 4, column: 14, message: /^curl downloads an archive from https:\/\/developer\.download\.nvidia\.com\//, severity: 'medium' },
      ],
    },
    {
      name: 'huggingface-cli on a moving branch',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN huggingface-cli download meta-llama/Meta-Llama-3-8B --revision main --local-dir /models/llama\n` },
      errors: [
        {
          line: 2,
          column: 30,
          message: 'huggingface-cli downloads a model file from hf://meta-llama/Meta-Llama-3-8B without verifying a checksum, so a replaced file is accepted silently.',
          severity: 'high',
        },
      ],
    },
    {
      name: 'the URL from an ENV, at container start through sh -c in exec form',
      files: {
        Dockerfile: `FROM ${PYTORCH}
ENV MODEL_URL=https://models.example.com/resnet50/model.onnx
USER 10001
CMD ["sh", "-c", "wget -q $MODEL_URL -O /tmp/model.onnx && exec python serve.py"]
`,
      },
      errors: [{ line: 4, column: 27, message: /^wget downloads a model file from https:\/\/models\.example\.com\/resnet50\/model\.onnx/, severity: 'high' }],
    },
  ],
});
