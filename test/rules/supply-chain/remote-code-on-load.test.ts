// Table tests of supply-chain/remote-code-on-load: trust_remote_code=True on any loader.

import rule from '../../../src/core/rules/supply-chain/remote-code-on-load';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'trust_remote_code off or absent',
      files: {
        'load.py':
          'from transformers import AutoModel, AutoTokenizer\nm = AutoModel.from_pretrained("bert-base-uncased", trust_remote_code=False)\nt = AutoTokenizer.from_pretrained("bert-base-uncased")\n',
      },
    },
    {
      name: 'a value only known at run time is not guessed',
      files: { 'load.py': 'from transformers import AutoModel\n\ndef load(name, trust):\n    return AutoModel.from_pretrained(name, trust_remote_code=trust)\n' },
    },
  ],
  invalid: [
    {
      name: 'from_pretrained and load_dataset, directly and through a constant',
      files: {
        'load.py': `from transformers import AutoModelForCausalLM
from datasets import load_dataset
TRUST = True
model = AutoModelForCausalLM.from_pretrained("example-org/custom-llm", trust_remote_code=True)
ds = load_dataset("example-org/custom-set", trust_remote_code=TRUST)
`,
      },
      errors: [
        {
          line: 4,
          column: 72,
          message: 'transformers.AutoModelForCausalLM.from_pretrained is given trust_remote_code=True, so the Python code of example-org/custom-llm in the repository runs in this process.',
          severity: 'high',
        },
        { line: 5, column: 45, message: 'datasets.load_dataset is given trust_remote_code=True, so the Python code of example-org/custom-set in the repository runs in this process.' },
      ],
    },
    {
      name: 'pipeline with a model object from elsewhere',
      files: { 'serve.py': 'import transformers\npipe = transformers.pipeline("text-generation", model=path, trust_remote_code=True)\n' },
      errors: [{ line: 2, column: 61, message: 'transformers.pipeline is given trust_remote_code=True, so the Python code in the repository runs in this process.' }],
    },
  ],
});
