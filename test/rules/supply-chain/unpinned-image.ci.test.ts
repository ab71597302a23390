// Table tests of supply-chain/unpinned-image on CI images: a job container and services in GitHub
// Actions, `image` and `services` in GitLab CI; expressions are unresolved, not unpinned.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { ruleTester } from '../../helpers/rule-tester';
import { at } from '../../helpers/k8s-kinds';
import { GITLAB, WORKFLOW, gitlabJob, workflow } from '../../helpers/ci';

const DIGEST = `@sha256:${'b'.repeat(64)}`;
const latest = (image: string) => `Image "${image}" uses the :latest tag and no digest, so every build or pod start may run different code.`;
const container = (image: string) => workflow('      - run: pytest\n', `    container: ${image}\n`);
const services = (image: string) => workflow('      - run: pytest\n', `    services:\n      mlflow:\n        image: ${image}\n`);
const gitlab = (image: string) => gitlabJob(`  image: ${image}\n  script:\n    - pytest\n`);

ruleTester(rule, {
  valid: [
    { name: 'a container pinned by digest', files: { [WORKFLOW]: container(`python:3.11${DIGEST}`) } },
    { name: 'an image chosen by a matrix expression', files: { [WORKFLOW]: container('${{ matrix.image }}') } },
    { name: 'a GitLab image pinned by digest', files: { [GITLAB]: gitlab(`python:3.11${DIGEST}`) } },
  ],
  invalid: [
    {
      name: 'a job container on :latest',
      files: { [WORKFLOW]: container('python:latest') },
      errors: [{ ...at(container('python:latest'), 'python:latest'), message: latest('python:latest') }],
      fixes: [{ kind: 'guided', title: 'Pin the image to a digest', output: { [WORKFLOW]: container('python:latest@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'a service on :latest',
      files: { [WORKFLOW]: services('ghcr.io/mlflow/mlflow:latest') },
      errors: [{ ...at(services('ghcr.io/mlflow/mlflow:latest'), 'ghcr.io'), message: latest('ghcr.io/mlflow/mlflow:latest') }],
      fixes: [{ kind: 'guided', title: 'Pin the image to a digest', output: { [WORKFLOW]: services('ghcr.io/mlflow/mlflow:latest@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'a GitLab job image on :latest',
      files: { [GITLAB]: gitlab('python:latest') },
      errors: [{ ...at(gitlab('python:latest'), 'python:latest'), message: latest('python:latest') }],
      fixes: [{ kind: 'guided', title: 'Pin the image to a digest', output: { [GITLAB]: gitlab('python:latest@sha256:<digest>') }, stillReported: true }],
    },
  ],
});
