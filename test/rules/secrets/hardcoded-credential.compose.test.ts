// Table tests of secrets/hardcoded-credential on docker-compose environments.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const svc = (env: string) => `services:\n  minio-client:\n    image: minio/mc:RELEASE.2024-05-24T09-08-49Z\n    environment:\n${env}`;

ruleTester(rule, {
  valid: [
    { name: 'values from the environment and the .env file', files: { [F]: svc('      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}\n      MLFLOW_TRACKING_PASSWORD:\n') } },
    { name: 'required variables', files: { [F]: svc('      NGC_API_KEY: ${NGC_API_KEY:?"NGC_API_KEY is required"}\n') } },
    { name: 'a list passing variables through', files: { [F]: svc('      - HF_TOKEN\n      - WANDB_API_KEY=${WANDB_API_KEY}\n') } },
    { name: 'env_file and non-secret settings', files: { [F]: `${svc('      LOG_LEVEL: info\n')}    env_file: .env\n` } },
  ],
  invalid: [
    {
      name: 'a literal secret in a mapping',
      files: { [F]: svc('      AWS_SECRET_ACCESS_KEY: Zx9vB2nQ4rT6yU8iO0pL3kJ5hG7fD1sA2qW4eR6t\n') },
      errors: [{ line: 5, column: 30, message: '"AWS_SECRET_ACCESS_KEY" holds a literal credential, readable by anyone with the repository and kept in its history.', severity: 'critical' }],
      fixes: [
        {
          kind: 'review',
          title: 'Read AWS_SECRET_ACCESS_KEY from the environment or the .env file (${AWS_SECRET_ACCESS_KEY})',
          output: { [F]: svc('      AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}\n') },
        },
      ],
    },
    {
      name: 'a quoted literal in a KEY=value list',
      files: { [F]: svc('      - "MINIO_ROOT_PASSWORD=s3cr3t-Pa55word"\n      - LOG_LEVEL=debug\n') },
      errors: [{ line: 5, column: 30, message: /^"MINIO_ROOT_PASSWORD" holds a literal credential/ }],
      fixes: [{ kind: 'review', output: { [F]: svc('      - "MINIO_ROOT_PASSWORD=${MINIO_ROOT_PASSWORD}"\n      - LOG_LEVEL=debug\n') } }],
    },
    {
      name: 'the literal default of an interpolation',
      files: { [F]: svc('      ARANGODB_PASSWORD: ${ARANGODB_PASSWORD-Sup3rS3cretDefault}\n') },
      errors: [{ line: 5, column: 46, message: /^"ARANGODB_PASSWORD" holds a literal credential/ }],
    },
    {
      name: 'a token-shaped value under any name',
      files: { [F]: svc('      HUB: hf_abcdefghijklmnopqrstuvwxyzABCDEFGH\n') },
      errors: [{ line: 5, column: 12, message: /^A Hugging Face token is written in this file/ }],
    },
  ],
});
