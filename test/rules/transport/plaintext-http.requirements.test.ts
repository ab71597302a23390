// Table tests of transport/plaintext-http on VCS and URL requirements: git+git:// (no encryption, no
// server authentication) and git+http:// in requirements files and pip commands; the fix asks for https.

import rule from '../../../src/core/rules/transport/plaintext-http';
import { ruleTester } from '../../helpers/rule-tester';
import { PYTHON } from '../../helpers/docker';

const HTTPS = 'Use https://';
const gitMessage = (spec: string, pinned: boolean) =>
  `The requirement "${spec}" is fetched with the git:// protocol, which neither encrypts nor authenticates the server, so the code installed can be read and altered in transit${pinned ? '' : ', and no commit id pins what is installed'}.`;
const PIN = '3f4e2a1b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f';

ruleTester(rule, {
  valid: [
    {
      name: 'VCS requirements over https and ssh, and a loopback git server',
      files: {
        'requirements.txt': `git+https://github.com/example-org/features.git@${PIN}#egg=features
git+ssh://git@github.com/example-org/private.git@v1.2.0#egg=private
git+git://localhost/example-org/local.git#egg=local
`,
      },
    },
  ],
  invalid: [
    {
      name: 'git+git:// in a requirements file, unpinned and pinned',
      files: { 'requirements.txt': `numpy==1.26.4\ngit+git://github.com/example-org/features.git#egg=features\nlabels @ git+git://github.com/example-org/labels.git@${PIN}\n` },
      errors: [
        { line: 2, column: 5, message: gitMessage('git+git://github.com/example-org/features.git#egg=features', false), severity: 'medium' },
        { line: 3, column: 14, message: gitMessage(`labels @ git+git://github.com/example-org/labels.git@${PIN}`, true) },
      ],
      fixes: [
        {
          kind: 'review',
          title: HTTPS,
          output: { 'requirements.txt': `numpy==1.26.4\ngit+https://github.com/example-org/features.git#egg=features\nlabels @ git+git://github.com/example-org/labels.git@${PIN}\n` },
        },
      ],
    },
    {
      name: 'git+http:// in a pip command, to a cluster-internal host at low severity',
      files: { Dockerfile: `FROM ${PYTHON}\nRUN pip install git+http://gitea.ml.svc/ml/features.git@v2.0.0\n` },
      errors: [
        {
          line: 2,
          column: 21,
          message: 'The requirement "git+http://gitea.ml.svc/ml/features.git@v2.0.0" is fetched with plain HTTP, so the code installed can be read and altered in transit.',
          severity: 'low',
        },
      ],
      fixes: [{ kind: 'review', title: HTTPS, output: { Dockerfile: `FROM ${PYTHON}\nRUN pip install git+https://gitea.ml.svc/ml/features.git@v2.0.0\n` } }],
    },
  ],
});
