// transport/tls-verification-disabled on DVC remotes (`ssl_verify = false`) and stage commands.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'a remote with a custom CA bundle',
      files: { '.dvc/config': '[\'remote "corp"\']\n    url = https://dvc.corp.example/store\n    ssl_verify = /etc/ssl/certs/corp-ca.pem\n' },
    },
  ],
  invalid: [
    {
      name: 'ssl_verify = false on a WebDAV remote',
      files: { '.dvc/config': '[core]\n    remote = dav\n[\'remote "dav"\']\n    url = webdavs://dav.corp.example/dvc\n    ssl_verify = false\n    user = ci\n' },
      errors: [{ line: 5, column: 5, message: 'ssl_verify = false turns off TLS certificate verification, so an attacker on the network can impersonate the server.', severity: 'high' }],
      fixes: [
        {
          kind: 'review',
          title: 'Remove the setting that disables TLS verification',
          output: { '.dvc/config': '[core]\n    remote = dav\n[\'remote "dav"\']\n    url = webdavs://dav.corp.example/dvc\n    user = ci\n' },
        },
      ],
    },
    {
      name: 'curl -k in a stage command',
      files: { 'dvc.yaml': 'stages:\n  download:\n    cmd: curl -k -o data/raw.zip https://data.corp.example/raw.zip\n    outs: [data/raw.zip]\n' },
      errors: [{ line: 3, column: 15, message: /^curl -k turns off TLS certificate verification/ }],
      fixes: [{ kind: 'review', output: { 'dvc.yaml': 'stages:\n  download:\n    cmd: curl -o data/raw.zip https://data.corp.example/raw.zip\n    outs: [data/raw.zip]\n' } }],
    },
  ],
});
