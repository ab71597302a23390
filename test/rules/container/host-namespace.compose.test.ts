// Table tests of container/host-namespace on docker-compose services (`network_mode`, `pid`, `ipc`).

import rule from '../../../src/core/rules/container/host-namespace';
import { ruleTester } from '../../helpers/rule-tester';

const F = 'compose.yaml';
const svc = (extra: string) => `services:\n  worker:\n    image: registry.example.com/worker:2.0.1\n${extra}    restart: unless-stopped\n`;

ruleTester(rule, {
  valid: [
    { name: 'the default network', files: { [F]: svc('') } },
    { name: 'another service’s network and a bridge', files: { [F]: svc('    network_mode: "service:vpn"\n    pid: "container:web"\n') } },
  ],
  invalid: [
    {
      name: 'network_mode: host is removed',
      files: { [F]: svc('    network_mode: host\n') },
      errors: [{ line: 4, column: 19, message: /^Service "worker" sets network_mode: host, so it shares the host’s network/, severity: 'high' }],
      fixes: [{ kind: 'review', title: 'Remove network_mode: host', output: { [F]: svc('') } }],
    },
    {
      name: 'pid and ipc host, quoted',
      files: { [F]: svc('    pid: "host"\n    ipc: host\n') },
      errors: [
        { line: 4, column: 11, message: /^Service "worker" sets pid: host, so it shares the host’s process table/ },
        { line: 5, message: /sets ipc: host/ },
      ],
      fixes: [{ kind: 'review', title: 'Remove pid: host', output: { [F]: svc('    ipc: host\n') } }],
    },
  ],
});
