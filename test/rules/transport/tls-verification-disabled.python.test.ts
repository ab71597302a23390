// transport/tls-verification-disabled on Python code: verify=False in requests and httpx, and
// ssl's unverified context, with the argument removal applied and re-analysed.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';

const REMOVE = 'Remove the setting that disables TLS verification';
const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;

ruleTester(rule, {
  valid: [
    {
      name: 'verification on or pointed at a CA bundle',
      files: { 'fetch.py': 'import requests\nimport httpx\nr = requests.get("https://models.example.com/a", verify="/etc/ssl/corp-ca.pem")\nc = httpx.Client(verify=True)\n' },
    },
    {
      name: 'verify=False on a call of a library that is not an HTTP client',
      files: { 'check.py': 'import torch\nresult = checker.run(model, verify=False)\n' },
    },
  ],
  invalid: [
    {
      name: 'requests.get with verify=False',
      files: { 'fetch.py': 'import requests\nr = requests.get("https://models.example.com/a", timeout=30, verify=False)\n' },
      errors: [{ line: 2, column: 62, message: message('requests.get(verify=False)'), severity: 'high' }],
      fixes: [{ kind: 'review', title: REMOVE, output: { 'fetch.py': 'import requests\nr = requests.get("https://models.example.com/a", timeout=30)\n' } }],
    },
    {
      name: 'a session method and an httpx client as the first argument',
      files: { 'fetch.py': 'import requests\nimport httpx\ns = requests.Session()\nr = s.post(url, verify=False)\nclient = httpx.Client(verify=False, timeout=5)\n' },
      errors: [
        { line: 4, column: 17, message: message('s.post(verify=False)') },
        { line: 5, column: 23, message: message('httpx.Client(verify=False)') },
      ],
      fixes: [{ kind: 'review', title: REMOVE, output: { 'fetch.py': 'import requests\nimport httpx\ns = requests.Session()\nr = s.post(url)\nclient = httpx.Client(verify=False, timeout=5)\n' } }],
    },
    {
      name: 'ssl._create_unverified_context called and installed as the default',
      files: { 'fetch.py': 'import ssl\nctx = ssl._create_unverified_context()\nssl._create_default_https_context = ssl._create_unverified_context\n' },
      errors: [
        { line: 2, column: 7, message: message('ssl._create_unverified_context') },
        { line: 3, column: 37, message: message('ssl._create_unverified_context') },
      ],
    },
  ],
});
