// Table tests of supply-chain/unpinned-package on Dockerfile RUN commands.

import rule from '../../../src/core/rules/supply-chain/unpinned-package';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON, PYTORCH, crlf } from '../../helpers/docker';

const pinTitle = (name: string) => `Pin ${name} to an exact version`;

ruleTester(rule, {
  valid: [
    {
      name: 'every package pinned with ==, quoted or not',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir torchvision==0.18.1 transformers==4.44.2 "accelerate==0.33.0"\n` },
    },
    {
      name: 'a requirements file installed with --require-hashes',
      files: { Dockerfile: `FROM ${PYTHON}\nCOPY requirements.txt .\nRUN pip install --no-deps -r requirements.txt --require-hashes\n` },
    },
    {
      name: 'versions from a stage ARG, a redeclared global ARG and an ENV',
      files: {
        Dockerfile: `ARG TORCH_VERSION=2.3.1
FROM ${PYTHON}
ARG TORCH_VERSION
ARG TRANSFORMERS_VERSION=4.44.2
ENV MLFLOW_VERSION=2.14.1
RUN pip install torch==\${TORCH_VERSION} "transformers==$TRANSFORMERS_VERSION" mlflow==\${MLFLOW_VERSION}
`,
      },
    },
    {
      name: 'a version from an ARG with no value is unknown, not unpinned',
      files: { Dockerfile: `FROM ${PYTHON}\nARG RAY_VERSION\nRUN pip install "ray[serve]==\${RAY_VERSION}"\n` },
    },
    {
      name: 'installer bootstrap packages, local paths, wheels and editable installs',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN python -m pip install --upgrade pip setuptools wheel
COPY --from=build /wheels /wheels
RUN pip install --no-index --find-links=/wheels /wheels/*.whl && pip install -e .
`,
      },
    },
    {
      name: 'conda with exact versions (python itself is exempt)',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN conda install -y -c pytorch -c nvidia pytorch=2.3.1 pytorch-cuda=12.1 python=3.11\n` },
    },
    {
      name: 'system packages are not Python packages',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN apt-get update && apt-get install -y --no-install-recommends libgomp1 git\n` },
    },
    {
      name: 'exec form and heredoc with pinned packages',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN ["pip", "install", "--no-cache-dir", "scikit-learn==1.5.1"]
RUN <<EOF
pip install jupyterlab==4.2.4
EOF
`,
      },
    },
    {
      name: 'RUN after SHELL switches to PowerShell is not read as POSIX shell',
      files: {
        Dockerfile: `# escape=\`
FROM ${PYTHON}
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
RUN pip install torch ; Write-Host done
`,
      },
    },
  ],
  invalid: [
    {
      name: '~= is described as a compatible release (patch updates only), not as any future release',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir 'lightgbm~=3.3.0'\nRUN pip install 'xgboost~=2.1'\nRUN pip install 'numpy>=1.26,<2'\n` },
      errors: [
        {
          line: 2,
          message: 'pip installs "lightgbm~=3.3.0" without an exact version (==), so any 3.3.* release from 3.3.0 on is accepted (a compatible release: patch updates only).',
          severity: 'medium',
        },
        { line: 3, message: 'pip installs "xgboost~=2.1" without an exact version (==), so any 2.* release from 2.1 on is accepted (a compatible release: minor and patch updates).' },
        { line: 4, message: 'pip installs "numpy>=1.26,<2" without an exact version (==), so any release within the bounds is accepted.' },
      ],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('lightgbm'),
          output: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir 'lightgbm==<version>'\nRUN pip install 'xgboost~=2.1'\nRUN pip install 'numpy>=1.26,<2'\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'one command installing several unpinned packages is one finding, with one fix pinning them all',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir 'lightgbm~=3.3.0' xgboost==2.1.1 'numpy>=1.26,<2' pandas\n` },
      errors: [
        {
          line: 2,
          column: 32,
          message: 'pip installs 3 packages without an exact version (==): "lightgbm~=3.3.0", "numpy>=1.26,<2", "pandas"; each takes whatever release its constraint allows.',
          severity: 'medium',
        },
      ],
      fixes: [
        {
          kind: 'guided',
          title: 'Pin the 3 packages to exact versions',
          output: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir 'lightgbm==<version>' xgboost==2.1.1 'numpy==<version>' 'pandas==<version>'\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'the placeholder the guided fix leaves is still unpinned, and no fix is offered again',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir 'torch==<version>' transformers==4.44.2\n` },
      errors: [{ line: 2, message: /^pip installs "torch==<version>": the version is still a placeholder/, severity: 'medium' }],
    },
    {
      name: 'a bare name among pinned ones',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir torch transformers==4.44.2\n` },
      errors: [{ line: 2, column: 32, message: 'pip installs "torch" without an exact version (==), so any future release is accepted.', severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('torch'),
          output: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install --no-cache-dir 'torch==<version>' transformers==4.44.2\n` },
          // The placeholder is not a version, so the package stays reported until it is filled in.
          stillReported: true,
        },
      ],
    },
    {
      name: 'extras and quotes are kept when pinning',
      files: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install "transformers[torch]>=4.40" jax[cuda12]\n` },
      errors: [
        { line: 2, column: 17, message: 'pip installs 2 packages without an exact version (==): "transformers[torch]>=4.40", "jax[cuda12]"; each takes whatever release its constraint allows.' },
      ],
      fixes: [
        {
          kind: 'guided',
          title: 'Pin the 2 packages to exact versions',
          output: { Dockerfile: `FROM ${PYTORCH}\nRUN pip install "transformers[torch]==<version>" 'jax[cuda12]==<version>'\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'an environment marker stays inside its quotes',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN pip install "numpy>=1.26 ; python_version < '3.13'"\n` },
      errors: [{ line: 2, column: 17, message: /^pip installs "numpy>=1\.26 ; python_version < '3\.13'" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('numpy'),
          output: { Dockerfile: `FROM ${PYTHON}\nRUN pip install "numpy==<version> ; python_version < '3.13'"\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a requirements file without --require-hashes is info, with no fix',
      files: { Dockerfile: `FROM ${PYTHON}\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n` },
      errors: [
        {
          line: 3,
          column: 20,
          message: 'Requirements file "requirements.txt" is installed without --require-hashes, so its pins are not checked against known content.',
          severity: 'info',
        },
      ],
    },
    {
      name: 'uv pip, python -m pip under sudo, and conda with its own operator',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN uv pip install --system vllm
RUN sudo -H python3 -m pip install mlflow
RUN conda install -y -c conda-forge faiss-gpu
`,
      },
      errors: [
        { line: 2, column: 29, message: 'uv installs "vllm" without an exact version (==), so any future release is accepted.' },
        { line: 3, column: 36, message: 'pip installs "mlflow" without an exact version (==), so any future release is accepted.' },
        { line: 4, column: 37, message: 'conda installs "faiss-gpu" without an exact version (=), so any future release is accepted.' },
      ],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('vllm'),
          output: {
            Dockerfile: `FROM ${PYTHON}
RUN uv pip install --system 'vllm==<version>'
RUN sudo -H python3 -m pip install mlflow
RUN conda install -y -c conda-forge faiss-gpu
`,
          },
          stillReported: true,
        },
      ],
    },
    {
      name: 'conda: a channel prefix is kept and = is the pin operator',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN mamba install -y conda-forge::xgboost\n` },
      errors: [{ line: 2, column: 22, message: 'mamba installs "conda-forge::xgboost" without an exact version (=), so any future release is accepted.' }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('xgboost'),
          output: { Dockerfile: `FROM ${PYTHON}\nRUN mamba install -y 'conda-forge::xgboost=<version>'\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'sh -c inner script with exact offsets',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN sh -c "pip install --no-cache-dir ray[serve] && ray --version"\n` },
      errors: [{ line: 2, column: 39, message: /^pip installs "ray\[serve\]" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('ray'),
          output: { Dockerfile: `FROM ${PYTHON}\nRUN sh -c "pip install --no-cache-dir 'ray[serve]==<version>' && ray --version"\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a CRLF file with line continuations and a comment inside them',
      files: {
        Dockerfile: crlf(`FROM ${PYTHON}
RUN pip install --no-cache-dir \\
    # the serving stack
    fastapi==0.111.1 \\
    uvicorn \\
    onnxruntime==1.18.1
`),
      },
      errors: [{ line: 5, column: 5, message: /^pip installs "uvicorn" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('uvicorn'),
          output: {
            Dockerfile: crlf(`FROM ${PYTHON}
RUN pip install --no-cache-dir \\
    # the serving stack
    fastapi==0.111.1 \\
    'uvicorn==<version>' \\
    onnxruntime==1.18.1
`),
          },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a backtick-escape file with continuations',
      files: { Dockerfile: `# escape=\`\nFROM ${PYTHON}\nRUN pip install \`\n    xgboost \`\n    shap==0.46.0\n` },
      errors: [{ line: 4, column: 5, message: /^pip installs "xgboost" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('xgboost'),
          output: { Dockerfile: `# escape=\`\nFROM ${PYTHON}\nRUN pip install \`\n    'xgboost==<version>' \`\n    shap==0.46.0\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a heredoc script',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN <<EOF\nset -e\npip install jupyterlab\nEOF\n` },
      errors: [{ line: 4, column: 13, message: /^pip installs "jupyterlab" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('jupyterlab'),
          output: { Dockerfile: `FROM ${PYTHON}\nRUN <<EOF\nset -e\npip install 'jupyterlab==<version>'\nEOF\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'exec form: the pin goes inside the JSON string',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN ["pip", "install", "--no-cache-dir", "tensorboard"]\n` },
      errors: [{ line: 2, column: 43, message: /^pip installs "tensorboard" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('tensorboard'),
          output: { Dockerfile: `FROM ${PYTHON}\nRUN ["pip", "install", "--no-cache-dir", "tensorboard==<version>"]\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a requirement spelled in an ARG is resolved before judging',
      files: { Dockerfile: `FROM ${PYTHON}\nARG TORCH_SPEC="torch>=2.2"\nRUN pip install \${TORCH_SPEC}\n` },
      errors: [{ line: 3, column: 17, message: 'pip installs "torch>=2.2" without an exact version (==), so any future release is accepted.' }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('torch'),
          output: { Dockerfile: `FROM ${PYTHON}\nARG TORCH_SPEC="torch>=2.2"\nRUN pip install 'torch==<version>'\n` },
          stillReported: true,
        },
      ],
    },
    {
      name: 'an install inside a case arm (TARGETARCH switch)',
      files: {
        Dockerfile: `FROM ${PYTHON}
RUN case "$TARGETARCH" in \\
      amd64) pip install nvidia-ml-py ;; \\
      *) echo "no GPU tools" ;; \\
    esac
`,
      },
      errors: [{ line: 3, column: 26, message: /^pip installs "nvidia-ml-py" without an exact version/ }],
      fixes: [
        {
          kind: 'guided',
          title: pinTitle('nvidia-ml-py'),
          output: {
            Dockerfile: `FROM ${PYTHON}
RUN case "$TARGETARCH" in \\
      amd64) pip install 'nvidia-ml-py==<version>' ;; \\
      *) echo "no GPU tools" ;; \\
    esac
`,
          },
          stillReported: true,
        },
      ],
    },
  ],
});
