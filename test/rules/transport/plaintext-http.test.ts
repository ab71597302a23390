// Table tests of transport/plaintext-http on Dockerfile settings, commands and ADD sources.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const HTTPS = 'Use https://';
const message = (role: string, url: string) => `The ${role} ${url} is reached over plain HTTP, so its content and credentials can be read and altered in transit.`;

ruleTester(rule, {
  valid: [
    {
      name: 'https everywhere',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV MLFLOW_TRACKING_URI=https://mlflow.example.com MLFLOW_S3_ENDPOINT_URL=https://minio.example.com:9000
RUN pip install -i https://pypi.corp.example/simple corp-features==1.2.0 \\
 && curl -fsSL https://data.example.com/churn/train.csv -o /data/train.csv
`,
      },
    },
    {
      name: 'loopback addresses',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV MLFLOW_TRACKING_URI=http://localhost:5000
USER 10001
HEALTHCHECK CMD curl -fsS http://127.0.0.1:8080/health || exit 1
CMD ["sh", "-c", "python serve.py --mlflow http://[::1]:5000"]
`,
      },
    },
    {
      name: 'an http URL in a comment or in a setting that is not an endpoint',
      files: {
        Dockerfile: `FROM ${PYTHON}
# Docs: http://mlflow.example.com/docs
ENV HTTP_PROXY_NOTE="see http://wiki.example.com"
LABEL org.opencontainers.image.url=http://ml.example.com
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a tracking server URI in ENV',
      files: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_TRACKING_URI=http://mlflow.example.com:5000\n` },
      errors: [{ line: 2, column: 25, message: message('tracking server', 'http://mlflow.example.com:5000'), severity: 'medium' }],
      fixes: [{ kind: 'review', title: HTTPS, output: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_TRACKING_URI=https://mlflow.example.com:5000\n` } }],
    },
    {
      name: 'cluster-internal hosts are low',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV MLFLOW_TRACKING_URI=http://mlflow.mlflow.svc.cluster.local:5000
ENV AWS_ENDPOINT_URL=http://minio:9000
`,
      },
      errors: [
        { line: 2, column: 25, message: message('tracking server', 'http://mlflow.mlflow.svc.cluster.local:5000'), severity: 'low' },
        { line: 3, column: 22, message: message('artifact store', 'http://minio:9000'), severity: 'low' },
      ],
      fixes: [
        { kind: 'review', title: HTTPS, output: { Dockerfile: `FROM ${PYTHON}\nENV MLFLOW_TRACKING_URI=https://mlflow.mlflow.svc.cluster.local:5000\nENV AWS_ENDPOINT_URL=http://minio:9000\n` } },
      ],
    },
    {
      name: 'a package index given with -i, and inline with --index-url=',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN pip install -i http://pypi.corp.example/simple corp-features==1.2.0
RUN pip install --index-url=http://pypi.corp.example/simple corp-training==0.9.0
`,
      },
      errors: [
        { line: 2, column: 20, message: message('package index', 'http://pypi.corp.example/simple') },
        { line: 3, column: 29, message: message('package index', 'http://pypi.corp.example/simple') },
      ],
      fixes: [
        {
          kind: 'review',
          title: HTTPS,
          output: {
            Dockerfile: `FROM ${PYTHON}
RUN pip install -i https://pypi.corp.example/simple corp-features==1.2.0
RUN pip install --index-url=http://pypi.corp.example/simple corp-training==0.9.0
`,
          },
        },
      ],
    },
    {
      name: 'a quoted download URL is fixed inside its quotes',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL "http://data.example.com/churn/train.csv" -o /data/train.csv\n` },
      errors: [{ line: 2, column: 17, message: message('download', 'http://data.example.com/churn/train.csv') }],
      fixes: [{ kind: 'review', title: HTTPS, output: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL "https://data.example.com/churn/train.csv" -o /data/train.csv\n` } }],
    },
    {
      name: 'an ADD source',
      files: { Dockerfile: `FROM ${PYTORCH}\nADD http://models.example.com/bert/config.json /models/bert/\n` },
      errors: [{ line: 2, column: 5, message: message('ADD source', 'http://models.example.com/bert/config.json') }],
      fixes: [{ kind: 'review', title: HTTPS, output: { Dockerfile: `FROM ${PYTORCH}\nADD https://models.example.com/bert/config.json /models/bert/\n` } }],
    },
    {
      name: 'a URL in an ARG is reported where it is written and where it is used',
      files: { Dockerfile: `FROM ${PYTHON}\nARG DATA_URL=http://data.example.com/churn/train.parquet\nRUN wget -q \${DATA_URL} -O /data/train.parquet\n` },
      errors: [
        { line: 2, column: 14, message: message('data dependency', 'http://data.example.com/churn/train.parquet') },
        { line: 3, column: 13, message: message('download', 'http://data.example.com/churn/train.parquet') },
      ],
      fixes: [
        {
          kind: 'review',
          title: HTTPS,
          output: { Dockerfile: `FROM ${PYTHON}\nARG DATA_URL=https://data.example.com/churn/train.parquet\nRUN wget -q \${DATA_URL} -O /data/train.parquet\n` },
        },
      ],
    },
    {
      name: 'sh -c in an exec-form CMD, in a CRLF file',
      files: { Dockerfile: crlf(`FROM ${PYTHON}\nUSER 10001\nCMD ["sh", "-c", "curl -fsSL -o /tmp/m.onnx http://models.example.com/m.onnx && python serve.py"]\n`) },
      errors: [{ line: 3, column: 45, message: message('download', 'http://models.example.com/m.onnx') }],
      fixes: [
        {
          kind: 'review',
          title: HTTPS,
          output: { Dockerfile: crlf(`FROM ${PYTHON}\nUSER 10001\nCMD ["sh", "-c", "curl -fsSL -o /tmp/m.onnx https://models.example.com/m.onnx && python serve.py"]\n`) },
        },
      ],
    },
    {
      name: 'a conda channel over HTTP',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN conda install -y -c http://conda.corp.example/ml corp-features=1.2.0\n` },
      errors: [{ line: 2, column: 25, message: message('package index', 'http://conda.corp.example/ml') }],
      fixes: [{ kind: 'review', title: HTTPS, output: { Dockerfile: `FROM ${PYTHON}\nRUN conda install -y -c https://conda.corp.example/ml corp-features=1.2.0\n` } }],
    },
  ],
});
