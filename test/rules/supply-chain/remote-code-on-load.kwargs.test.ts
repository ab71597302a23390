// Table tests of supply-chain/remote-code-on-load for trust_remote_code passed in a `**`
// dictionary: a display, dict(...), and a name bound to either; reported once, at the loader.

import rule from '../../../src/core/rules/supply-chain/remote-code-on-load';
import { ruleTester } from '../../helpers/rule-tester';

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const msg = (api: string, repo: string) => `${api} is given trust_remote_code=True, so the Python code of ${repo} in the repository runs in this process.`;

ruleTester(rule, {
  valid: [
    {
      name: 'trust_remote_code=False in an unpacked dictionary',
      files: { 'load.py': `from transformers import AutoModel\nopts = {"trust_remote_code": False, "revision": "${SHA}"}\nm = AutoModel.from_pretrained("example-org/llm", **opts)\n` },
    },
    {
      name: 'a dictionary built at run time is not guessed',
      files: { 'load.py': 'from transformers import AutoModel\n\ndef load(name, **opts):\n    return AutoModel.from_pretrained(name, **opts)\n' },
    },
  ],
  invalid: [
    {
      name: 'a dictionary display bound to a name',
      files: {
        'load.py': `from transformers import AutoModelForCausalLM\nopts = {"trust_remote_code": True, "revision": "${SHA}"}\nm = AutoModelForCausalLM.from_pretrained("example-org/llm", **opts)\n`,
      },
      errors: [{ line: 2, column: 9, message: msg('transformers.AutoModelForCausalLM.from_pretrained', 'example-org/llm') }],
    },
    {
      name: 'a dictionary display written in the call',
      files: { 'load.py': 'from datasets import load_dataset\nds = load_dataset("example-org/set", **{"trust_remote_code": True})\n' },
      errors: [{ line: 2, column: 41, message: msg('datasets.load_dataset', 'example-org/set') }],
    },
    {
      name: 'dict(trust_remote_code=True) bound to a name: one report, naming the loader',
      files: { 'load.py': 'from transformers import AutoModel\nopts = dict(trust_remote_code=True)\nm = AutoModel.from_pretrained("example-org/llm", **opts)\n' },
      errors: [{ line: 2, column: 13, message: msg('transformers.AutoModel.from_pretrained', 'example-org/llm') }],
    },
  ],
});
