// Table tests of transport/tls-verification-disabled for the forms Python code turns verification
// off in: a flag in a module constant, a session's `verify` attribute, an aliased unverified
// context, and the environment variables set by the code.

import rule from '../../../src/core/rules/transport/tls-verification-disabled';
import { ruleTester } from '../../helpers/rule-tester';

const message = (what: string) => `${what} turns off TLS certificate verification, so an attacker on the network can impersonate the server.`;

ruleTester(rule, {
  valid: [
    { name: 'a session verifying against a CA bundle', files: { 'fetch.py': 'import requests\ns = requests.Session()\ns.verify = "/etc/ssl/certs/corp.pem"\n' } },
    { name: 'a verify attribute in a file that uses no HTTP client', files: { 'train.py': 'import torch\nconfig.verify = False\n' } },
    { name: 'PYTHONHTTPSVERIFY=1 in the environment', files: { 'fetch.py': 'import os, requests\nos.environ["PYTHONHTTPSVERIFY"] = "1"\n' } },
  ],
  invalid: [
    {
      name: 'verify=False in a dictionary unpacked into the call: reported there, nothing removed from it',
      files: { 'fetch.py': 'import requests\nHTTP = {"timeout": 10, "verify": False}\nr = requests.get(URL, **HTTP)\n' },
      errors: [{ line: 2, column: 24, message: message('requests.get(verify=False)') }],
    },
    {
      name: 'verify=False through a module constant, requests under an alias',
      files: { 'fetch.py': 'import requests as rq\nVERIFY = False\nr = rq.get(URL, verify=VERIFY)\n' },
      errors: [{ line: 3, column: 17, message: message('requests.get(verify=False)') }],
      fixes: [{ kind: 'review', title: 'Remove the setting that disables TLS verification', output: { 'fetch.py': 'import requests as rq\nVERIFY = False\nr = rq.get(URL)\n' } }],
    },
    {
      name: "a session's verify attribute set to False",
      files: { 'fetch.py': 'from requests import Session\ns = Session()\ns.verify = False\n' },
      errors: [{ line: 3, column: 1, message: message('s.verify = False') }],
    },
    {
      name: 'ssl._create_unverified_context imported under another name',
      files: { 'fetch.py': 'from ssl import _create_unverified_context as insecure\nctx = insecure()\n' },
      errors: [{ line: 2, column: 7, message: message('ssl._create_unverified_context') }],
    },
    {
      name: 'PYTHONHTTPSVERIFY=0 set through os.environ',
      files: { 'fetch.py': 'import os, requests\nos.environ["PYTHONHTTPSVERIFY"] = "0"\n' },
      errors: [{ line: 2, column: 13, message: message('PYTHONHTTPSVERIFY=0') }],
    },
  ],
});
