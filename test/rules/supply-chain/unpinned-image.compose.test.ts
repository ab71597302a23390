// Table tests of supply-chain/unpinned-image on docker-compose services.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const DIGEST = '@sha256:0b0d3f1b7c8e9a6d5f4e3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29';

ruleTester(rule, {
  valid: [
    { name: 'a digest', files: { [F]: `services:\n  db:\n    image: postgres:16.3${DIGEST}\n` } },
    { name: 'the tag of an image the service builds', files: { [F]: 'services:\n  app:\n    build: .\n    image: myorg/app:latest\n' } },
    { name: 'an image from an interpolated variable', files: { [F]: 'services:\n  app:\n    image: ${REGISTRY}/app:${TAG}\n' } },
  ],
  invalid: [
    {
      name: ':latest gets a digest placeholder',
      files: { [F]: 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:latest\n    ports: ["5000:5000"]\n' },
      errors: [{ line: 3, column: 12, message: 'Image "ghcr.io/mlflow/mlflow:latest" uses the :latest tag and no digest, so every build or pod start may run different code.', severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: 'Pin the image to a digest',
          output: { [F]: 'services:\n  mlflow:\n    image: ghcr.io/mlflow/mlflow:latest@sha256:<digest>\n    ports: ["5000:5000"]\n' },
          stillReported: true,
        },
      ],
    },
    {
      name: 'a quoted image without a tag',
      files: { [F]: 'services:\n  cache:\n    image: "redis"\n' },
      errors: [{ line: 3, column: 13, message: /^Image "redis" has no tag and no digest/ }],
      fixes: [{ kind: 'guided', output: { [F]: 'services:\n  cache:\n    image: "redis@sha256:<digest>"\n' }, stillReported: true }],
    },
  ],
});
