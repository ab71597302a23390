// Table tests of supply-chain/remote-script-execution on Dockerfile RUN, CMD and ENTRYPOINT.

import rule from '../../../src/core/rules/supply-chain/remote-script-execution';
import { ruleTester } from '../../helpers/rule-tester';
import { CUDA, PYTHON, crlf } from '../../helpers/docker';

const UV = 'https://astral.sh/uv/install.sh';

ruleTester(rule, {
  valid: [
    {
      name: 'a downloaded file that is only unpacked or read is not run',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL -o /tmp/data.sh ${UV} && cat /tmp/data.sh && sh -c 'echo /tmp/data.sh'\n` },
    },
    {
      name: 'download, verify the checksum, then run the file',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN curl -fsSLo /tmp/uv-install.sh ${UV} \\
 && echo "3f1a5c0e9b7d2a4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b9c1d  /tmp/uv-install.sh" | sha256sum -c - \\
 && sh /tmp/uv-install.sh
`,
      },
    },
    {
      name: 'a download piped into tar or a checksum tool is not executed',
      files: {
        Dockerfile: `FROM ${CUDA}
RUN curl -fsSL https://github.com/NVIDIA/nccl/archive/refs/tags/v2.21.5-1.tar.gz | tar -xz -C /opt
RUN wget -qO- https://repo.anaconda.com/miniconda/Miniconda3-py311_24.5.0-0-Linux-x86_64.sh | sha256sum
`,
      },
    },
    {
      name: 'a script saved by a heredoc into a file is not run by that RUN',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN cat <<'EOF' > /usr/local/bin/bootstrap.sh\ncurl -fsSL ${UV} | sh\nEOF\n` },
    },
    {
      name: 'a command after SHELL switches to PowerShell is not POSIX shell',
      files: {
        Dockerfile: `FROM ${PYTHON}
SHELL ["pwsh", "-Command"]
RUN curl.exe -fsSL https://example.com/setup.sh | sh
`,
      },
    },
    {
      name: 'a download substituted as an argument of echo inside sh -c is printed, not run',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN sh -c 'echo "latest MLflow: $(curl -fsSL https://pypi.org/pypi/mlflow/json)"'\n` },
    },
    {
      name: 'a commented-out pipe inside a continuation',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN apt-get update \\
    # && curl -fsSL ${UV} | sh \\
 && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an installer downloaded to a file and run by sh in the next command',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL -o /tmp/uv-install.sh ${UV} && sh /tmp/uv-install.sh --quiet\n` },
      errors: [
        {
          line: 2,
          message: `curl downloads from ${UV} to /tmp/uv-install.sh, which sh then runs with no checksum verified, so whoever controls that server controls this step.`,
        },
      ],
    },
    {
      name: 'a file fetched by wget, made executable, then run directly',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN wget -q https://repo.anaconda.com/miniconda/Miniconda3-py311_24.5.0-0-Linux-x86_64.sh \
 && chmod +x Miniconda3-py311_24.5.0-0-Linux-x86_64.sh \
 && ./Miniconda3-py311_24.5.0-0-Linux-x86_64.sh -b -p /opt/conda
`,
      },
      errors: [
        {
          line: 2,
          message:
            'wget downloads from https://repo.anaconda.com/miniconda/Miniconda3-py311_24.5.0-0-Linux-x86_64.sh to Miniconda3-py311_24.5.0-0-Linux-x86_64.sh, which is then run with no checksum verified, so whoever controls that server controls this step.',
        },
      ],
    },
    {
      name: 'curl piped into bash',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash\n` },
      errors: [
        {
          line: 2,
          column: 56,
          message: 'Output of curl from https://deb.nodesource.com/setup_20.x is executed by bash without any integrity check, so whoever controls that server controls this step.',
          severity: 'high',
        },
      ],
    },
    {
      name: 'through tee, under sudo, with shell arguments',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN curl -fsSL ${UV} | tee /tmp/install.sh | sudo -E sh -s -- --no-modify-path\n` },
      errors: [{ line: 2, column: 72, message: `Output of curl from ${UV} is executed by sh without any integrity check, so whoever controls that server controls this step.` }],
    },
    {
      name: 'process substitution: bash <(curl …)',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN bash <(curl -s https://raw.githubusercontent.com/ray-project/ray/master/ci/env/install-bazel.sh)\n` },
      errors: [{ line: 2, column: 5, message: /^Output of curl from https:\/\/raw\.githubusercontent\.com\/.*install-bazel\.sh is executed by bash/ }],
    },
    {
      name: 'command substitution as the sh -c script',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"\n` },
      errors: [{ line: 2, column: 5, message: /^Output of curl from https:\/\/raw\.githubusercontent\.com\/ohmyzsh\/.* is executed by sh / }],
    },
    {
      name: 'a single-quoted sh -c script that evals a download',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN sh -c 'eval "$(curl -fsSL https://get.example.com/env.sh)"'\n` },
      errors: [
        { line: 2, column: 12, message: 'Output of curl from https://get.example.com/env.sh is executed by eval without any integrity check, so whoever controls that server controls this step.' },
      ],
    },
    {
      name: 'eval of wget output and python reading a script from stdin',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN eval "$(wget -qO- https://get.example.com/env.sh)"
RUN wget -qO- https://install.python-poetry.org | python3 -
`,
      },
      errors: [
        { line: 2, column: 5, message: /^Output of wget from https:\/\/get\.example\.com\/env\.sh is executed by eval / },
        { line: 3, column: 51, message: /^Output of wget from https:\/\/install\.python-poetry\.org is executed by python3 / },
      ],
    },
    {
      name: 'a RUN heredoc script',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN <<EOF\nset -eux\ncurl -LsSf ${UV} | sh\nEOF\n` },
      errors: [{ line: 4, column: 46, message: `Output of curl from ${UV} is executed by sh without any integrity check, so whoever controls that server controls this step.` }],
    },
    {
      name: 'sh -c in exec form, at container start',
      files: { Dockerfile: `FROM ${PYTHON}\nUSER 10001\nENTRYPOINT ["/bin/bash", "-c", "curl -fsSL https://models.example.com/bootstrap.sh | bash && exec python serve.py"]\n` },
      errors: [{ line: 3, column: 86, message: /^Output of curl from https:\/\/models\.example\.com\/bootstrap\.sh is executed by bash / }],
    },
    {
      name: 'exec form whose sh -c script is a command substitution',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN ["bash", "-c", "$(curl -fsSL https://get.example.com/setup.sh)"]\n` },
      errors: [{ line: 2, column: 7, message: /^Output of curl from https:\/\/get\.example\.com\/setup\.sh is executed by bash / }],
    },
    {
      name: 'the installer URL from an ARG, after a comment inside the continuation',
      files: {
        Dockerfile: `FROM ${CUDA}
ARG MINICONDA_URL=https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh
RUN apt-get update \\
    # Miniconda brings its own Python
 && curl -fsSL \${MINICONDA_URL} | bash -s -- -b -p /opt/conda
`,
      },
      errors: [
        {
          line: 5,
          column: 35,
          message:
            'Output of curl from https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh is executed by bash without any integrity check, so whoever controls that server controls this step.',
        },
      ],
    },
    {
      name: 'inside a case arm, in a CRLF file',
      files: {
        Dockerfile: crlf(`FROM ${PYTHON}
RUN case "$(uname -m)" in \\
      x86_64) curl -fsSL ${UV} | sh ;; \\
      *) pip install uv==0.4.18 ;; \\
    esac
`),
      },
      errors: [{ line: 3, column: 60, message: /^Output of curl from https:\/\/astral\.sh\/uv\/install\.sh is executed by sh / }],
    },
  ],
});
