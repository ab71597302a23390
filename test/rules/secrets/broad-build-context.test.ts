// Table tests of secrets/broad-build-context: `COPY .` against what the build context holds and
// what its .dockerignore (BuildKit's per-Dockerfile one first) excludes.

import rule from '../../../src/core/rules/secrets/broad-build-context';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON } from '../../helpers/docker';

const DOCKERFILE = `FROM ${PYTHON}\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n`;
const repo = { '.git/HEAD': 'ref: refs/heads/main\n', '.dvc/cache/ab/cdef0123': 'data', 'mlruns/0/meta.yaml': 'name: Default\n', '.env': 'HF_TOKEN=hf_xxx\n', 'requirements.txt': 'torch==2.3.1\n' };
const ALL =
  '.git (the repository history, with every secret ever committed), .dvc/cache (DVC’s copies of datasets and models), mlruns (MLflow’s local runs, parameters and artifacts) and .env (the environment’s secrets)';

ruleTester(rule, {
  valid: [
    { name: 'a .dockerignore that excludes all four', files: { Dockerfile: DOCKERFILE, ...repo, '.dockerignore': '.git\n.dvc/cache\nmlruns/\n/.env\n' } },
    { name: 'a context without any of them needs no .dockerignore', files: { Dockerfile: DOCKERFILE, 'requirements.txt': 'torch==2.3.1\n' } },
    { name: 'only the directories the image needs are copied', files: { Dockerfile: `FROM ${PYTHON}\nCOPY src/ /app/src/\nCOPY requirements.txt /app/\n`, ...repo } },
    {
      name: 'BuildKit’s per-Dockerfile ignore file is read first',
      files: { 'docker/serve.Dockerfile': DOCKERFILE, 'docker/serve.Dockerfile.dockerignore': '.git\n.env\n', 'docker/.git/HEAD': 'x', 'docker/.env': 'A=1\n' },
    },
    { name: 'excluding a parent directory excludes what is in it', files: { Dockerfile: DOCKERFILE, '.dvc/cache/ab/cd': 'data', '.dockerignore': '.dvc\n' } },
  ],
  invalid: [
    {
      name: 'no .dockerignore: the fix creates one with what the context holds',
      files: { Dockerfile: DOCKERFILE, ...repo },
      errors: [{ line: 3, column: 6, message: `COPY . sends the whole build context into the image, and no .dockerignore excludes ${ALL}.`, severity: 'medium' }],
      fixes: [{ kind: 'guided', title: 'Exclude .git, .dvc/cache, mlruns, .env in .dockerignore', output: { '.dockerignore': '.git\n.dvc/cache\nmlruns\n.env\n' } }],
    },
    {
      name: 'a .dockerignore that leaves some in: the message names those, the fix appends them',
      files: {
        'serve/Dockerfile': DOCKERFILE.replace('COPY . .', 'ADD ./ /app'),
        'serve/.dockerignore': '# build junk\n__pycache__\n.git',
        'serve/.git/HEAD': 'x',
        'serve/.env': 'A=1\n',
        'serve/mlruns/0/meta.yaml': 'x',
      },
      errors: [
        {
          line: 3,
          column: 5,
          message:
            'ADD ./ sends the whole build context into the image, and serve/.dockerignore does not exclude mlruns (MLflow’s local runs, parameters and artifacts) and .env (the environment’s secrets).',
        },
      ],
      fixes: [{ kind: 'guided', title: 'Exclude mlruns, .env in serve/.dockerignore', output: { 'serve/.dockerignore': '# build junk\n__pycache__\n.git\nmlruns\n.env\n' } }],
    },
  ],
});
