// Table tests of secrets/credential-file-in-image: credential files copied from the build context
// by name and by content, certificates and examples left alone, and builder stages graded lower.

import rule from '../../../src/core/rules/secrets/credential-file-in-image';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON } from '../../helpers/docker';

const FIX = [{ kind: 'guided' as const, title: 'Mount the credential with RUN --mount=type=secret and list the file in .dockerignore (no edit; see the rule documentation)', output: {} }];
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQsw\n-----END CERTIFICATE-----\n';
const SA =
  '{\n  "type": "service_account",\n  "project_id": "ml-prod",\n  "private_key_id": "0123",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "trainer@ml-prod.iam.gserviceaccount.com"\n}\n';
const image = (what: string, src: string, keyword = 'COPY') => `${keyword} puts ${what} ("${src}") into the image, where anyone who can pull the image reads it.`;

ruleTester(rule, {
  valid: [
    {
      name: 'code, requirements and an example environment file',
      files: { Dockerfile: `FROM ${PYTHON}\nCOPY requirements.txt .env.example /app/\nCOPY src/ /app/src/\n` },
    },
    {
      name: 'a CA certificate named .pem and a JSON config named key.json that holds no key',
      files: { Dockerfile: `FROM ${PYTHON}\nCOPY certs/corp-ca.pem /usr/local/share/ca-certificates/\nCOPY key.json /app/\n`, 'certs/corp-ca.pem': CERT, 'key.json': '{"label_map": {"0": "cat"}}\n' },
    },
    {
      name: 'an .npmrc without a token, and a copy from another stage',
      files: {
        Dockerfile: `FROM ${PYTHON} AS build\nRUN pip wheel -w /wheels .\nFROM ${PYTHON}\nCOPY .npmrc /app/\nCOPY --from=build /wheels /wheels\n`,
        '.npmrc': 'registry=https://registry.npmjs.org/\n',
      },
    },
    {
      name: 'the key handed to the build as a secret mount',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN --mount=type=secret,id=gcp_key,target=/run/secrets/key.json python download_model.py\n` },
    },
  ],
  invalid: [
    {
      name: 'credential files by name, with or without a workspace copy',
      files: {
        Dockerfile: `FROM ${PYTHON}\nCOPY .env /app/.env\nCOPY id_rsa /root/.ssh/id_rsa\nADD .netrc /root/\nCOPY ["gcp-sa.json", "/secrets/"]\nCOPY .aws/credentials /root/.aws/credentials\nCOPY kubeconfig /root/.kube/config\n`,
        '.env': 'HF_TOKEN=hf_xxx\n',
      },
      errors: [
        { line: 2, column: 6, message: image('an environment file with the project’s secrets', '.env'), severity: 'high' },
        { line: 3, column: 6, message: image('an SSH private key', 'id_rsa') },
        { line: 4, column: 5, message: image('a .netrc with login passwords', '.netrc', 'ADD') },
        { line: 5, column: 8, message: image('a cloud service-account key', 'gcp-sa.json') },
        { line: 6, column: 6, message: image('AWS credentials', '.aws/credentials') },
        { line: 7, column: 6, message: image('a kubeconfig with cluster credentials', 'kubeconfig') },
      ],
      fixes: FIX,
    },
    {
      name: 'files whose content is a private key or a service-account key, whatever their names',
      files: { 'serve/Dockerfile': `FROM ${PYTHON}\nCOPY ../deploy/tls.pem config/model.json /app/\n`, 'deploy/tls.pem': KEY, 'serve/config/model.json': SA },
      errors: [
        { line: 2, column: 6, message: image('a private key', '../deploy/tls.pem') },
        { line: 2, column: 24, message: image('a cloud service-account key', 'config/model.json') },
      ],
      fixes: FIX,
    },
    {
      name: 'an .npmrc or .pypirc holding a token',
      files: {
        Dockerfile: `FROM ${PYTHON}\nCOPY .npmrc .pypirc /root/\n`,
        '.npmrc': '//registry.npmjs.org/:_authToken=npm_0123456789abcdef\n',
        '.pypirc': '[pypi]\nusername = __token__\npassword = pypi-AgEIcHlwaS5vcmc\n',
      },
      errors: [
        { line: 2, column: 6, message: image('a package registry config with a token', '.npmrc') },
        { line: 2, column: 13, message: image('a package registry config with a token', '.pypirc') },
      ],
      fixes: FIX,
    },
    {
      name: 'a builder stage the final image does not build on is low; a stage it builds on is in the image',
      files: {
        Dockerfile: `FROM ${PYTHON} AS fetch\nCOPY id_ed25519 /root/.ssh/\nRUN git clone git@github.com:org/weights.git /w\nFROM ${PYTHON} AS base\nCOPY .env.production /app/\nFROM base\nCOPY --from=fetch /w /models\n`,
      },
      errors: [
        {
          line: 2,
          column: 6,
          message:
            'COPY puts an SSH private key ("id_ed25519") into build stage "fetch", which the final image does not build on: it stays in that stage’s layers (build cache, a --target build) and reaches the image only if copied out.',
          severity: 'low',
        },
        { line: 5, column: 6, message: image('an environment file with the project’s secrets', '.env.production'), severity: 'high' },
      ],
      fixes: FIX,
    },
  ],
});
