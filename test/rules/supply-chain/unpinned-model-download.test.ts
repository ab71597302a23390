// Table tests of supply-chain/unpinned-model-download: Hugging Face downloads without a commit
// revision, read through constants and f-strings, with the guided revision placeholder applied.

import rule from '../../../src/core/rules/supply-chain/unpinned-model-download';
import { ruleTester } from '../../helpers/rule-tester';

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const PIN = 'Pin the download to a commit (revision=...)';
const missing = (api: string, repo: string) => `${api} downloads ${repo} without a revision, so it takes whatever the repository holds when the job runs.`;

ruleTester(rule, {
  valid: [
    {
      name: 'every download pinned to a commit',
      files: {
        'load.py': `from transformers import AutoTokenizer, pipeline
from huggingface_hub import hf_hub_download, snapshot_download
from datasets import load_dataset
REV = "${SHA}"
tok = AutoTokenizer.from_pretrained("bert-base-uncased", revision=REV)
f = hf_hub_download("example-org/weights", "model.safetensors", revision="${SHA}")
s = snapshot_download(repo_id="example-org/weights", revision=REV)
d = load_dataset("example-org/reviews", revision=REV)
p = pipeline("sentiment-analysis", model="example-org/sst2", revision=REV)
`,
      },
    },
    {
      name: 'local paths, local dataset builders and names known only at run time',
      files: {
        'load.py': `from transformers import AutoModel
from datasets import load_dataset
a = AutoModel.from_pretrained("./checkpoints/final")
b = AutoModel.from_pretrained("/models/bert")
c = load_dataset("csv", data_files="train.csv")
d = AutoModel.from_pretrained(args.model_name_or_path)
e = AutoModel.from_pretrained("bert-base-uncased", revision=args.revision)
`,
      },
    },
  ],
  invalid: [
    {
      name: 'from_pretrained without a revision, through a constant',
      files: { 'load.py': 'from transformers import AutoTokenizer\nNAME = "bert-base-uncased"\ntok = AutoTokenizer.from_pretrained(NAME)\n' },
      errors: [{ line: 3, column: 7, message: missing('transformers.AutoTokenizer.from_pretrained', 'bert-base-uncased'), severity: 'medium' }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'load.py': 'from transformers import AutoTokenizer\nNAME = "bert-base-uncased"\ntok = AutoTokenizer.from_pretrained(NAME, revision="<40-hex commit id>")\n' },
        },
      ],
    },
    {
      name: 'a branch name is not a pin',
      files: { 'load.py': 'from huggingface_hub import hf_hub_download\nORG = "example-org"\npath = hf_hub_download(f"{ORG}/weights", "model.bin", revision="main")\n' },
      errors: [{ line: 3, column: 65, message: 'huggingface_hub.hf_hub_download downloads example-org/weights at revision "main", a branch or tag that can move; only a commit id pins the content.' }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'load.py': 'from huggingface_hub import hf_hub_download\nORG = "example-org"\npath = hf_hub_download(f"{ORG}/weights", "model.bin", revision="<40-hex commit id>")\n' },
        },
      ],
    },
    {
      name: 'snapshot_download, load_dataset and pipeline(model=...)',
      files: {
        'load.py': `import huggingface_hub as hub
import datasets
from transformers import pipeline
hub.snapshot_download(repo_id="example-org/weights")
datasets.load_dataset("example-org/reviews", split="train")
pipe = pipeline("text-generation", model="gpt2")
`,
      },
      errors: [
        { line: 4, column: 1, message: missing('huggingface_hub.snapshot_download', 'example-org/weights') },
        { line: 5, column: 1, message: missing('datasets.load_dataset', 'example-org/reviews') },
        { line: 6, column: 8, message: missing('transformers.pipeline', 'gpt2') },
      ],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: {
            'load.py': `import huggingface_hub as hub
import datasets
from transformers import pipeline
hub.snapshot_download(repo_id="example-org/weights", revision="<40-hex commit id>")
datasets.load_dataset("example-org/reviews", split="train")
pipe = pipeline("text-generation", model="gpt2")
`,
          },
        },
      ],
    },
  ],
});
