// Table tests of transport/tls-verification-disabled on package managers and git: npm's strict-ssl
// in every spelling (and a package install that only names it), GIT_SSL_NO_VERIFY whatever its
// value, yum/dnf sslverify through --setopt, pip options written before the subcommand.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON } from '../../helpers/docker';

const REMOVE = 'Remove the setting that disables TLS verification';
const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;
const ROCKY = 'rockylinux:9.3@sha256:d7be1c094cc5845ee815d4632fe377514ee6ebcf8efaed6892889657e5ddaaa6';

ruleTester(rule, {
  valid: [
    {
      name: 'a package called strict-ssl installed, npm settings that keep TLS on, sslverify on',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN npm install strict-ssl false
RUN npm config set strict-ssl true && npm config set registry https://registry.npmjs.org/
RUN yum --setopt=sslverify=1 --setopt=tsflags=nodocs install -y git
RUN pip --proxy http://proxy.corp.example:3128 install corp-features==1.2.0
`,
      },
    },
  ],
  invalid: [
    {
      name: 'NPM_CONFIG_STRICT_SSL as ENV, ARG and a command prefix',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV NPM_CONFIG_STRICT_SSL=false
ARG npm_config_strict_ssl=false
RUN NPM_CONFIG_STRICT_SSL=false npm ci
`,
      },
      errors: [
        { line: 2, column: 5, message: message('NPM_CONFIG_STRICT_SSL=false'), severity: 'high' },
        { line: 3, column: 5, message: message('npm_config_strict_ssl=false') },
        { line: 4, column: 5, message: message('NPM_CONFIG_STRICT_SSL=false') },
      ],
    },
    {
      name: 'npm config set strict-ssl in the key=value and the two-word forms, yarn, and the flags',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN npm config set strict-ssl=false
RUN npm config set strict-ssl false -g
RUN yarn config set strict-ssl false
RUN npm install --no-strict-ssl
`,
      },
      errors: [
        { line: 2, column: 5, message: message('npm config set strict-ssl false') },
        { line: 3, column: 5, message: message('npm config set strict-ssl false') },
        { line: 4, column: 5, message: message('yarn config set strict-ssl false') },
        { line: 5, column: 17, message: message('npm --no-strict-ssl') },
      ],
      fixes: [],
    },
    {
      name: 'npm --no-strict-ssl on an install is removed by the fix',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN npm install --no-strict-ssl\n` },
      errors: [{ line: 2, column: 17, message: message('npm --no-strict-ssl') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nRUN npm install\n` } }],
    },
    {
      name: 'GIT_SSL_NO_VERIFY set to 0, false or empty still turns verification off',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV GIT_SSL_NO_VERIFY=false
RUN GIT_SSL_NO_VERIFY=0 git clone https://git.corp.example/ml/features.git
`,
      },
      errors: [
        { line: 2, column: 5, message: message('GIT_SSL_NO_VERIFY=false') },
        { line: 3, column: 5, message: message('GIT_SSL_NO_VERIFY=0') },
      ],
    },
    {
      name: 'yum and dnf sslverify off through --setopt, for all or one repository',
      files: {
        Dockerfile: `FROM ${ROCKY}
RUN yum --setopt=sslverify=0 install -y git-2.39.3
RUN dnf install -y --setopt corp.sslverify=false python3.11
RUN dnf config-manager --save --setopt=*.sslverify=no
`,
      },
      errors: [
        { line: 2, column: 9, message: message('yum --setopt=sslverify=0') },
        { line: 3, column: 20, message: message('dnf --setopt=corp.sslverify=false') },
        { line: 4, column: 31, message: message('dnf --setopt=*.sslverify=no') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${ROCKY}
RUN yum install -y git-2.39.3
RUN dnf install -y --setopt corp.sslverify=false python3.11
RUN dnf config-manager --save --setopt=*.sslverify=no
`,
          },
        },
      ],
    },
    {
      name: 'pip --trusted-host written before the install subcommand, and pip config',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN pip --trusted-host pypi.corp.example install -i https://pypi.corp.example/simple corp-features==1.2.0
RUN python -m pip --trusted-host=pypi.corp.example install corp-training==0.9.0
RUN pip config set global.trusted-host pypi.corp.example
`,
      },
      errors: [
        { line: 2, column: 9, message: message('pip --trusted-host pypi.corp.example') },
        { line: 3, column: 19, message: message('pip --trusted-host pypi.corp.example') },
        { line: 4, column: 5, message: message('pip config set global.trusted-host pypi.corp.example') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${PYTHON}
RUN pip install -i https://pypi.corp.example/simple corp-features==1.2.0
RUN python -m pip --trusted-host=pypi.corp.example install corp-training==0.9.0
RUN pip config set global.trusted-host pypi.corp.example
`,
          },
        },
      ],
    },
  ],
});
