// Table tests of container/unconfined-seccomp on docker-compose `security_opt`.

import rule from '../../../src/core/rules/container/unconfined-seccomp';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'docker-compose.yml';
const svc = (opts: string) => `services:\n  lab:\n    image: quay.io/jupyter/base-notebook:2024-05-27\n    security_opt:\n${opts}      - no-new-privileges:true\n`;

ruleTester(rule, {
  valid: [
    { name: 'no-new-privileges only', files: { [F]: svc('') } },
    { name: 'a custom seccomp profile', files: { [F]: svc('      - seccomp=./seccomp.json\n') } },
    { name: 'apparmor is not seccomp', files: { [F]: svc('      - apparmor:docker-default\n') } },
  ],
  invalid: [
    {
      name: 'seccomp:unconfined is removed',
      files: { [F]: svc('      - seccomp:unconfined\n') },
      errors: [{ line: 5, column: 17, message: /^Service "lab" runs without seccomp filtering \(security_opt seccomp:unconfined\)/, severity: 'high' }],
      fixes: [{ kind: 'review', title: 'Remove seccomp:unconfined so Docker’s default profile applies', output: { [F]: svc('') } }],
    },
    {
      name: 'seccomp=unconfined, quoted',
      files: { [F]: svc('      - "seccomp=unconfined"\n') },
      errors: [{ line: 5, column: 18, message: /^Service "lab" runs without seccomp filtering/ }],
      fixes: [{ kind: 'review', output: { [F]: svc('') } }],
    },
  ],
});
