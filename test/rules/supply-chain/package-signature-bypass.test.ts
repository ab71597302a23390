// Table tests of supply-chain/package-signature-bypass on Dockerfile commands: apt, rpm, yum/dnf,
// zypper and apk options that skip signature checks, and repository definitions written by echo;
// every removal fix is applied and the Dockerfile re-analysed.

import rule from '../../../src/core/rules/supply-chain/package-signature-bypass';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON } from '../../helpers/docker';

const REMOVE = 'Remove the option that skips signature checks';
const message = (what: string) => `${what} installs packages without checking their signatures, so a mirror or anyone on the network path can substitute a modified package.`;
const ROCKY = 'rockylinux:9.3@sha256:d7be1c094cc5845ee815d4632fe377514ee6ebcf8efaed6892889657e5ddaaa6';
const ALPINE = 'alpine:3.20@sha256:77726ef6b57ddf65bb551896826ec38bc3e53f75cdde31354fbffb4f25238ebd';

ruleTester(rule, {
  valid: [
    {
      name: 'signed installs, a signed-by source line and gpgcheck=1',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1=12.2.0-14
RUN echo "deb [signed-by=/usr/share/keyrings/nvidia.gpg] https://developer.download.nvidia.com/compute/cuda/repos/debian12/x86_64/ /" > /etc/apt/sources.list.d/cuda.list
RUN echo -e "[corp]\\nbaseurl=https://rpm.corp.example/el9\\ngpgcheck=1" > /etc/yum.repos.d/corp.repo
RUN apt-get -o Acquire::Retries=3 install -y curl=7.88.1-10
RUN echo --allow-unauthenticated
`,
      },
    },
  ],
  invalid: [
    {
      name: 'apt-get --allow-unauthenticated, with its removal',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN apt-get update && apt-get install -y --allow-unauthenticated libgomp1=12.2.0-14\n` },
      errors: [{ line: 2, column: 42, message: message('apt-get --allow-unauthenticated'), severity: 'high' }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${PYTHON}\nRUN apt-get update && apt-get install -y libgomp1=12.2.0-14\n` } }],
    },
    {
      name: 'apt update --allow-insecure-repositories and -o APT::Get::AllowUnauthenticated=true',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN apt update --allow-insecure-repositories
RUN apt-get -o APT::Get::AllowUnauthenticated=true install -y libgomp1=12.2.0-14
`,
      },
      errors: [
        { line: 2, column: 16, message: message('apt --allow-insecure-repositories') },
        { line: 3, column: 13, message: message('apt-get -o APT::Get::AllowUnauthenticated=true') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${PYTHON}
RUN apt update
RUN apt-get -o APT::Get::AllowUnauthenticated=true install -y libgomp1=12.2.0-14
`,
          },
        },
      ],
    },
    {
      name: 'a [trusted=yes] source line and a gpgcheck=0 repository written by echo: no removal',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN echo "deb [trusted=yes] http://apt.corp.example/debian bookworm main" > /etc/apt/sources.list.d/corp.list
RUN printf '[corp]\\nbaseurl=https://rpm.corp.example/el9\\ngpgcheck=0\\n' > /etc/yum.repos.d/corp.repo
`,
      },
      errors: [
        { line: 2, column: 10, message: message('echo of a sources.list entry marked [trusted=yes]') },
        { line: 3, column: 12, message: message('printf of a repository definition with gpgcheck=0') },
      ],
    },
    {
      name: 'rpm --nosignature --nodigest, dnf --nogpgcheck and --setopt=gpgcheck=0',
      files: {
        Dockerfile: `FROM ${ROCKY}
RUN rpm -i --nosignature /tmp/cuda-repo.rpm
RUN rpm -U --nodigest /tmp/cuda-driver.rpm
RUN dnf install -y --nogpgcheck python3.11
RUN yum --setopt=corp.gpgcheck=0 install -y corp-cuda-12.1
`,
      },
      errors: [
        { line: 2, column: 12, message: message('rpm --nosignature') },
        { line: 3, column: 12, message: message('rpm --nodigest') },
        { line: 4, column: 20, message: message('dnf --nogpgcheck') },
        { line: 5, column: 9, message: message('yum --setopt=corp.gpgcheck=0') },
      ],
      fixes: [
        {
          kind: 'review',
          title: REMOVE,
          output: {
            Dockerfile: `FROM ${ROCKY}
RUN rpm -i /tmp/cuda-repo.rpm
RUN rpm -U --nodigest /tmp/cuda-driver.rpm
RUN dnf install -y --nogpgcheck python3.11
RUN yum --setopt=corp.gpgcheck=0 install -y corp-cuda-12.1
`,
          },
        },
      ],
    },
    {
      name: 'apk add --allow-untrusted',
      files: { Dockerfile: `FROM ${ALPINE}\nRUN apk add --no-cache --allow-untrusted /tmp/glibc-2.35-r1.apk\n` },
      errors: [{ line: 2, column: 24, message: message('apk --allow-untrusted') }],
      fixes: [{ kind: 'review', title: REMOVE, output: { Dockerfile: `FROM ${ALPINE}\nRUN apk add --no-cache /tmp/glibc-2.35-r1.apk\n` } }],
    },
  ],
});
