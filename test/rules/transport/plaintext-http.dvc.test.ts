// transport/plaintext-http on DVC remotes and URL dependencies.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'HTTPS remote and a loopback MinIO endpoint',
      files: { '.dvc/config': '[\'remote "public"\']\n    url = https://remote.dvc.org/dataset-registry\n[\'remote "minio"\']\n    url = s3://ml\n    endpointurl = http://localhost:9000\n' },
    },
  ],
  invalid: [
    {
      name: 'HTTP remote',
      files: { '.dvc/config': '[core]\n    remote = files\n[\'remote "files"\']\n    url = http://files.acme.io/dvc-store\n' },
      errors: [{ line: 4, column: 11, message: 'The data remote http://files.acme.io/dvc-store is reached over plain HTTP, so its content and credentials can be read and altered in transit.' }],
      fixes: [{ kind: 'review', title: 'Use https://', output: { '.dvc/config': '[core]\n    remote = files\n[\'remote "files"\']\n    url = https://files.acme.io/dvc-store\n' } }],
    },
    {
      name: 'HTTP endpoint of an S3-compatible store',
      files: { '.dvc/config': '[\'remote "minio"\']\n    url = s3://ml-data\n    endpointurl = http://minio.acme.io:9000\n' },
      errors: [{ line: 3, column: 19, message: /^The data remote http:\/\/minio\.acme\.io:9000 is reached over plain HTTP/ }],
      fixes: [{ kind: 'review', output: { '.dvc/config': '[\'remote "minio"\']\n    url = s3://ml-data\n    endpointurl = https://minio.acme.io:9000\n' } }],
    },
    {
      name: 'stage dependency fetched over HTTP',
      files: { 'dvc.yaml': 'stages:\n  fetch:\n    cmd: python fetch.py\n    deps:\n      - http://data.acme.io/census.csv\n    outs: [data/census.csv]\n' },
      errors: [{ line: 5, column: 9, message: /^The data dependency http:\/\/data\.acme\.io\/census\.csv is reached over plain HTTP/ }],
      fixes: [{ kind: 'review', output: { 'dvc.yaml': 'stages:\n  fetch:\n    cmd: python fetch.py\n    deps:\n      - https://data.acme.io/census.csv\n    outs: [data/census.csv]\n' } }],
    },
  ],
});
