// Table tests of transport/tls-verification-disabled on docker-compose commands and environments.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';

ruleTester(rule, {
  valid: [{ name: 'verified downloads', files: { [F]: 'services:\n  fetch:\n    image: curlimages/curl:8.8.0\n    command: ["curl", "-fsSL", "-o", "/data/x.bin", "https://example.com/x.bin"]\n' } }],
  invalid: [
    {
      name: 'curl -k as an exec argv item is removed',
      files: { [F]: 'services:\n  fetch:\n    image: curlimages/curl:8.8.0\n    command:\n      - curl\n      - -k\n      - https://example.com/x.bin\n' },
      errors: [{ line: 6, column: 9, message: /^curl -k turns off TLS certificate verification/ }],
      fixes: [{ kind: 'review', output: { [F]: 'services:\n  fetch:\n    image: curlimages/curl:8.8.0\n    command:\n      - curl\n      - https://example.com/x.bin\n' } }],
    },
    {
      name: 'a TLS-disabling variable in the environment',
      files: { [F]: 'services:\n  train:\n    image: registry.example.com/train:1.0.0\n    environment:\n      PYTHONHTTPSVERIFY: "0"\n' },
      errors: [{ line: 5, message: /PYTHONHTTPSVERIFY/ }],
    },
  ],
});
