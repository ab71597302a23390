// secrets/hardcoded-credential on DVC remote configuration: credentials in the committed
// .dvc/config, moved into .dvc/config.local by one multi-file edit.

import rule from '../../../src/core/rules/secrets/hardcoded-credential';
import { ruleTester } from '../../helpers/rule-tester';

const MINIO = `[core]
    remote = minio
['remote "minio"']
    url = s3://pentagen-ml/models
    endpointurl = http://localhost:9000
    access_key_id = minioadmin
    secret_access_key = minioadmin
`;

const SFTP = `[core]
    remote = backup
['remote "backup"']
    url = ssh://backup.acme.io/srv/dvc
    user = mlops
    password = Tr0ub4dor-and-3
    port = 22
`;

ruleTester(rule, {
  valid: [
    {
      name: 'credentials kept in config.local',
      files: {
        '.dvc/config': '[core]\n    remote = minio\n[\'remote "minio"\']\n    url = s3://pentagen-ml/models\n',
        '.dvc/config.local': '[\'remote "minio"\']\n    access_key_id = minioadmin\n    secret_access_key = minioadmin\n',
        '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
      },
    },
    {
      name: 'a remote that uses a credentials profile',
      files: { '.dvc/config': '[\'remote "s3"\']\n    url = s3://acme-ml/dvc\n    profile = ml-readonly\n    credentialpath = ~/.aws/credentials\n' },
    },
  ],
  invalid: [
    {
      name: 'MinIO default keys in the committed config: config.local and .gitignore created',
      files: { '.dvc/config': MINIO },
      errors: [{ line: 7, column: 25, message: '"secret_access_key" is set to the well-known default password "minioadmin", which anyone can guess.', severity: 'critical' }],
      fixes: [
        {
          kind: 'review',
          title: 'Move the credentials of remote "minio" to .dvc/config.local',
          output: {
            '.dvc/config': '[core]\n    remote = minio\n[\'remote "minio"\']\n    url = s3://pentagen-ml/models\n    endpointurl = http://localhost:9000\n',
            '.dvc/config.local': '[\'remote "minio"\']\n    access_key_id = minioadmin\n    secret_access_key = minioadmin\n',
            '.dvc/.gitignore': '/config.local\n',
          },
        },
      ],
    },
    {
      name: 'an SSH password moved with its user into an existing config.local',
      files: {
        '.dvc/config': SFTP,
        '.dvc/config.local': '[\'remote "cache"\']\n    url = /mnt/fast/dvc-cache',
        '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
      },
      errors: [{ line: 6, column: 16, message: '"password" holds a literal credential, readable by anyone with the repository and kept in its history.' }],
      fixes: [
        {
          kind: 'review',
          output: {
            '.dvc/config': '[core]\n    remote = backup\n[\'remote "backup"\']\n    url = ssh://backup.acme.io/srv/dvc\n    port = 22\n',
            '.dvc/config.local': '[\'remote "cache"\']\n    url = /mnt/fast/dvc-cache\n[\'remote "backup"\']\n    user = mlops\n    password = Tr0ub4dor-and-3\n',
          },
        },
      ],
    },
    {
      name: 'Azure connection string (quoted) with a .gitignore that lacks config.local',
      files: {
        'ml/.dvc/config':
          '[\'remote "blob"\']\n    url = azure://models/registry\n    connection_string = "DefaultEndpointsProtocol=https;AccountName=acmeml;AccountKey=c2VjcmV0LWtleS1ub3QtcmVhbA=="\n',
        'ml/.dvc/.gitignore': '/tmp\n/cache',
      },
      errors: [{ line: 3, column: 26, message: '"connection_string" holds a literal credential, readable by anyone with the repository and kept in its history.' }],
      fixes: [
        {
          kind: 'review',
          title: 'Move the credentials of remote "blob" to ml/.dvc/config.local',
          output: {
            'ml/.dvc/config': '[\'remote "blob"\']\n    url = azure://models/registry\n',
            'ml/.dvc/config.local': '[\'remote "blob"\']\n    connection_string = "DefaultEndpointsProtocol=https;AccountName=acmeml;AccountKey=c2VjcmV0LWtleS1ub3QtcmVhbA=="\n',
            'ml/.dvc/.gitignore': '/tmp\n/cache\n/config.local\n',
          },
        },
      ],
    },
  ],
});
