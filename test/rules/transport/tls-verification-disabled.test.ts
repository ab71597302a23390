// Table tests of transport/tls-verification-disabled on Dockerfile commands and settings.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const REMOVE = 'Remove the setting that disables TLS verification';
const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;

ruleTester(rule, {
  valid: [
    {
      name: 'verified downloads, a private CA bundle and an https index',
      files: {
        Dockerfile: `FROM ${PYTHON}
COPY corp-ca.pem /etc/ssl/certs/corp-ca.pem
RUN curl -fsSL --cacert /etc/ssl/certs/corp-ca.pem https://artifacts.corp.example/models/resnet50.onnx -o /models/resnet50.onnx
RUN pip install --index-url https://pypi.corp.example/simple --cert /etc/ssl/certs/corp-ca.pem corp-features==1.2.0
RUN wget -q https://data.example.com/churn/train.csv -O /data/train.csv
`,
      },
    },
    {
      name: 'settings that keep verification on',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV PYTHONHTTPSVERIFY=1 NODE_TLS_REJECT_UNAUTHORIZED=1 MLFLOW_TRACKING_INSECURE_TLS=false NPM_CONFIG_STRICT_SSL=true
RUN git clone https://github.com/example-org/feature-store.git
`,
      },
    },
    {
      name: 'curl options that only look like -k',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL -K /etc/curlrc https://artifacts.corp.example/index.json -o /tmp/index.json\n` },
    },
  ],
  invalid: [
    {
      name: 'curl -k',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -k https://artifacts.corp.example/models/resnet50.onnx -o /models/resnet50.onnx\n` },
      errors: [{ line: 2, column: 10, message: message('curl -k'), severity: 'high' }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nRUN curl https://artifacts.corp.example/models/resnet50.onnx -o /models/resnet50.onnx\n` } }],
    },
    {
      name: 'k inside combined short options',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSLk https://downloads.example.com/tools/install.sh -o /tmp/install.sh\n` },
      errors: [{ line: 2, column: 10, message: message('curl -fsSLk (-k)') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL https://downloads.example.com/tools/install.sh -o /tmp/install.sh\n` } }],
    },
    {
      name: 'wget --no-check-certificate under sudo',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN sudo wget --no-check-certificate -q https://data.example.com/churn/train.csv -O /data/train.csv\n` },
      errors: [{ line: 2, column: 15, message: message('wget --no-check-certificate') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nRUN sudo wget -q https://data.example.com/churn/train.csv -O /data/train.csv\n` } }],
    },
    {
      name: 'pip --trusted-host with its value, and the inline form',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN pip install --trusted-host pypi.corp.example -i https://pypi.corp.example/simple corp-features==1.2.0
RUN pip install --trusted-host=pypi.corp.example corp-training==0.9.0
`,
      },
      errors: [
        { line: 2, column: 17, message: message('pip --trusted-host pypi.corp.example') },
        { line: 3, column: 17, message: message('pip --trusted-host pypi.corp.example') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${PYTHON}
RUN pip install -i https://pypi.corp.example/simple corp-features==1.2.0
RUN pip install --trusted-host=pypi.corp.example corp-training==0.9.0
`,
          },
        },
      ],
    },
    {
      name: 'the option on its own continuation line of a CRLF file',
      files: {
        Dockerfile: crlf(`FROM ${PYTHON}
RUN pip install \\
    --trusted-host pypi.corp.example \\
    corp-features==1.2.0
`),
      },
      errors: [{ line: 3, column: 5, message: message('pip --trusted-host pypi.corp.example') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: crlf(`FROM ${PYTHON}\nRUN pip install \\\n    corp-features==1.2.0\n`) } }],
    },
    {
      name: 'git -c http.sslVerify=false and aws --no-verify-ssl',
      files: {
        Dockerfile: `FROM ${PYTORCH}
RUN git -c http.sslVerify=false clone https://git.corp.example/ml/feature-store.git
RUN aws s3 cp --no-verify-ssl s3://models/churn/model.pt /models/model.pt
`,
      },
      errors: [
        { line: 2, column: 9, message: message('git -c http.sslVerify=false') },
        { line: 3, column: 15, message: message('aws --no-verify-ssl') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${PYTORCH}
RUN git clone https://git.corp.example/ml/feature-store.git
RUN aws s3 cp --no-verify-ssl s3://models/churn/model.pt /models/model.pt
`,
          },
        },
      ],
    },
    {
      name: 'environment settings and prefixes have no removal fix',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV PIP_TRUSTED_HOST=pypi.corp.example MLFLOW_TRACKING_INSECURE_TLS=true
ARG PYTHONHTTPSVERIFY=0
RUN GIT_SSL_NO_VERIFY=1 git clone https://git.corp.example/ml/feature-store.git \\
 && conda config --set ssl_verify false
`,
      },
      errors: [
        { line: 2, column: 5, message: message('PIP_TRUSTED_HOST=pypi.corp.example') },
        { line: 2, column: 40, message: message('MLFLOW_TRACKING_INSECURE_TLS=true') },
        { line: 3, column: 5, message: message('PYTHONHTTPSVERIFY=0') },
        { line: 4, column: 5, message: message('GIT_SSL_NO_VERIFY=1') },
        { line: 5, column: 5, message: message('conda config ssl_verify false') },
      ],
    },
    {
      name: 'exec-form HEALTHCHECK and CMD arguments',
      files: {
        Dockerfile: `FROM ${PYTHON}
USER 10001
HEALTHCHECK --interval=30s CMD ["curl", "-fk", "https://model-server.example.com:8443/health"]
CMD ["curl", "-k", "https://model-server.example.com:8443/warmup"]
`,
      },
      errors: [
        { line: 3, column: 42, message: message('curl -fk (-k)') },
        { line: 4, column: 15, message: message('curl -k') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${PYTHON}
USER 10001
HEALTHCHECK --interval=30s CMD ["curl", "-f", "https://model-server.example.com:8443/health"]
CMD ["curl", "-k", "https://model-server.example.com:8443/warmup"]
`,
          },
        },
      ],
    },
    {
      name: 'sh -c inside an exec-form ENTRYPOINT, with exact offsets',
      files: { Dockerfile: `FROM ${PYTHON}\nENTRYPOINT ["sh", "-c", "wget --no-check-certificate -q https://models.example.com/latest.onnx -O /tmp/m.onnx && exec python serve.py"]\n` },
      errors: [{ line: 2, column: 31, message: message('wget --no-check-certificate') }],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: { Dockerfile: `FROM ${PYTHON}\nENTRYPOINT ["sh", "-c", "wget -q https://models.example.com/latest.onnx -O /tmp/m.onnx && exec python serve.py"]\n` },
        },
      ],
    },
    {
      name: 'a RUN heredoc',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN <<EOF\nset -e\ncurl --insecure -fsSLo /tmp/labels.json https://data.example.com/labels.json\nEOF\n` },
      errors: [{ line: 4, column: 6, message: message('curl --insecure') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nRUN <<EOF\nset -e\ncurl -fsSLo /tmp/labels.json https://data.example.com/labels.json\nEOF\n` } }],
    },
  ],
});
