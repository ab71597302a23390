// supply-chain/unpinned-image on MLproject docker_env images.

import rule from '../../../src/core/rules/supply-chain/unpinned-image';
import { ruleTester } from '../../helpers/rule-tester';

const project = (image: string) => `name: churn\ndocker_env:\n  image: ${image}\nentry_points:\n  main:\n    command: python train.py\n`;
const DIGEST = 'sha256:4c3b3a1b1f2c6e7d8a9b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f7';

ruleTester(rule, {
  valid: [{ name: 'image pinned to a digest', files: { MLproject: project(`ghcr.io/acme/trainer:2.1@${DIGEST}`) } }],
  invalid: [
    {
      name: 'untagged image',
      files: { MLproject: project('mlflow-docker-example') },
      errors: [{ line: 3, column: 10, message: 'Image "mlflow-docker-example" has no tag and no digest, so every build or pod start may run different code.', severity: 'medium' }],
      fixes: [{ kind: 'guided', title: 'Pin the image to a digest', output: { MLproject: project('mlflow-docker-example@sha256:<digest>') }, stillReported: true }],
    },
    {
      name: 'tagged image',
      files: { 'projects/train/MLproject': project('"ghcr.io/acme/trainer:2.1"') },
      errors: [{ line: 3, column: 11, message: 'Image "ghcr.io/acme/trainer:2.1" is pinned by tag only; a tag can be moved to different content, a digest cannot.', severity: 'low' }],
      fixes: [{ kind: 'guided', output: { 'projects/train/MLproject': project('"ghcr.io/acme/trainer:2.1@sha256:<digest>"') }, stillReported: true }],
    },
  ],
});
