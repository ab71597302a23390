// Table tests of supply-chain/extra-index-url on Dockerfile RUN commands and ENV settings.

import rule from '../../../src/core/rules/supply-chain/extra-index-url';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const SINGLE_INDEX = 'Serve every package from a single index that proxies PyPI (no edit; see the rule documentation)';
const explain = [{ kind: 'guided' as const, title: SINGLE_INDEX, output: {} }];
const message = (url: string) => `Extra package index "${url}" is searched alongside the main index, so a same-named package with a higher version on either index wins.`;

ruleTester(rule, {
  valid: [
    {
      name: 'one index that proxies PyPI',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN pip install --index-url https://pypi.corp.example/simple corp-features==1.2.0\n` },
    },
    {
      name: 'the index set once through ENV, inline and as -i',
      files: {
        Dockerfile: `FROM ${PYTHON}
ENV PIP_INDEX_URL=https://pypi.corp.example/simple
RUN pip install --index-url=https://pypi.corp.example/simple feast==0.40.1 && pip install -i https://pypi.corp.example/simple evidently==0.4.33
`,
      },
    },
    {
      name: 'conda channels and pip --find-links are not extra pip indexes',
      files: {
        Dockerfile: `FROM ${PYTORCH}
RUN conda install -y -c conda-forge -c nvidia cuda-nvcc=12.1.105
RUN pip install --no-index --find-links=https://data.pyg.org/whl/torch-2.3.0+cu121.html torch-scatter==2.1.2
`,
      },
    },
    {
      name: 'an extra index written to a file, not used by the command',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN echo "--extra-index-url https://pypi.corp.example/simple" >> /tmp/notes.txt\n` },
    },
  ],
  invalid: [
    {
      name: 'the PyTorch CUDA wheel index added to PyPI',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN pip install --extra-index-url https://download.pytorch.org/whl/cu121 torch==2.3.1\n` },
      errors: [{ line: 2, column: 35, message: message('https://download.pytorch.org/whl/cu121'), severity: 'high' }],
      fixes: explain,
    },
    {
      name: 'an inline --extra-index-url=URL is located on the URL',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN pip install --extra-index-url=https://pypi.corp.example/simple corp-features==1.2.0\n` },
      errors: [{ line: 2, column: 35, message: message('https://pypi.corp.example/simple') }],
      fixes: explain,
    },
    {
      name: 'a quoted URL is located inside its quotes',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN uv pip install --system --extra-index-url "https://pypi.corp.example/simple" corp-features==1.2.0\n` },
      errors: [{ line: 2, column: 48, message: message('https://pypi.corp.example/simple') }],
      fixes: explain,
    },
    {
      name: 'PIP_EXTRA_INDEX_URL in ENV, in a multi-stage build',
      files: {
        Dockerfile: `FROM ${PYTHON} AS build
RUN pip wheel --wheel-dir /wheels corp-features==1.2.0
FROM build AS train
ENV PIP_EXTRA_INDEX_URL=https://pypi.corp.example/simple
RUN pip install corp-training==0.9.0
`,
      },
      errors: [{ line: 4, column: 25, message: message('https://pypi.corp.example/simple'), severity: 'high' }],
      fixes: explain,
    },
    {
      name: 'the URL comes from an ARG',
      files: {
        Dockerfile: `FROM ${PYTHON}
ARG EXTRA_INDEX=https://pypi.corp.example/simple
RUN pip install --extra-index-url \${EXTRA_INDEX} corp-features==1.2.0
`,
      },
      errors: [{ line: 3, column: 35, message: message('https://pypi.corp.example/simple') }],
      fixes: explain,
    },
    {
      name: 'sh -c inside exec form, with exact offsets',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN ["/bin/sh", "-c", "pip install --extra-index-url https://pypi.corp.example/simple corp-features==1.2.0"]\n` },
      errors: [{ line: 2, column: 54, message: message('https://pypi.corp.example/simple') }],
      fixes: explain,
    },
    {
      name: 'a CRLF file with the option on a continuation line',
      files: {
        Dockerfile: crlf(`FROM ${PYTHON}
RUN pip install \\
    --extra-index-url https://pypi.corp.example/simple \\
    corp-features==1.2.0
`),
      },
      errors: [{ line: 3, column: 23, message: message('https://pypi.corp.example/simple') }],
      fixes: explain,
    },
  ],
});
