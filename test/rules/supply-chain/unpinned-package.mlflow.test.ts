// supply-chain/unpinned-package on conda.yaml, python_env.yaml and requirements files.

import rule from '../../../src/core/rules/supply-chain/unpinned-package';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'pinned conda and pip packages', files: { 'conda.yaml': 'name: churn\ndependencies:\n  - python=3.11.7\n  - pip\n  - pip:\n    - mlflow==2.9.2\n    - scikit-learn==1.3.2\n' } },
    {
      name: 'hashed requirements included with --require-hashes',
      files: { 'requirements.txt': '--require-hashes\nnumpy==1.26.4 --hash=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' },
    },
  ],
  invalid: [
    {
      name: 'unpinned pip package in conda.yaml',
      files: { 'conda.yaml': 'name: churn\ndependencies:\n  - python=3.11.7\n  - pip:\n    - mlflow==2.9.2\n    - scikit-learn>=1.3\n' },
      errors: [{ line: 6, column: 7, message: 'pip installs "scikit-learn>=1.3" without an exact version (==), so any future release is accepted.' }],
      fixes: [
        {
          kind: 'guided',
          title: 'Pin scikit-learn to an exact version',
          output: { 'conda.yaml': 'name: churn\ndependencies:\n  - python=3.11.7\n  - pip:\n    - mlflow==2.9.2\n    - scikit-learn==<version>\n' },
          stillReported: true,
        },
      ],
    },
    {
      name: 'unpinned conda package',
      files: { 'environment.yml': 'name: cv\nchannels: [conda-forge]\ndependencies:\n  - python=3.10.13\n  - pytorch\n' },
      errors: [{ line: 5, column: 5, message: 'conda installs "pytorch" without an exact version (=), so any future release is accepted.' }],
      fixes: [{ kind: 'guided', output: { 'environment.yml': 'name: cv\nchannels: [conda-forge]\ndependencies:\n  - python=3.10.13\n  - pytorch=<version>\n' }, stillReported: true }],
    },
    {
      name: 'python_env.yaml including a requirements file without hashes',
      files: { 'python_env.yaml': 'python: 3.10.12\nbuild_dependencies:\n  - pip==23.3.1\ndependencies:\n  - -r requirements.txt\n' },
      errors: [{ line: 5, column: 5, message: 'Requirements file "-r requirements.txt" is installed without --require-hashes, so its pins are not checked against known content.', severity: 'info' }],
    },
    {
      name: 'requirements file with a range',
      files: { 'requirements.txt': 'mlflow==2.9.2\npandas>=2.0 ; python_version >= "3.9"\n' },
      errors: [{ line: 2, column: 1, message: 'pip installs "pandas>=2.0 ; python_version >= "3.9"" without an exact version (==), so any future release is accepted.' }],
      fixes: [{ kind: 'guided', output: { 'requirements.txt': 'mlflow==2.9.2\npandas==<version> ; python_version >= "3.9"\n' }, stillReported: true }],
    },
  ],
});
