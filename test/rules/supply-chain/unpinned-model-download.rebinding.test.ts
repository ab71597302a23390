// Table tests of supply-chain/unpinned-model-download for downloads written through a local name
// (`download = hf_hub_download`) and revisions passed in a `**` dictionary the file spells out.

import rule from '../../../src/core/rules/supply-chain/unpinned-model-download';
import { ruleTester } from '../../helpers/rule-tester';

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const PIN = 'Pin the download to a commit (revision=...)';
const missing = (api: string, repo: string) => `${api} downloads ${repo} without a revision, so it takes whatever the repository holds when the job runs.`;
const moving = (api: string, repo: string, rev: string) => `${api} downloads ${repo} at revision "${rev}", a branch or tag that can move; only a commit id pins the content.`;

ruleTester(rule, {
  valid: [
    {
      name: 'a commit in an unpacked dictionary',
      files: { 'load.py': `from transformers import AutoModel\nHUB = {"revision": "${SHA}"}\nm = AutoModel.from_pretrained("example-org/model", **HUB)\n` },
    },
    {
      name: 'a revision in a dictionary built at run time is not guessed',
      files: { 'load.py': 'from transformers import AutoModel\n\ndef load(**hub):\n    return AutoModel.from_pretrained("example-org/model", **hub)\n' },
    },
  ],
  invalid: [
    {
      name: 'hf_hub_download bound to a local name',
      files: { 'load.py': 'import huggingface_hub\ndownload = huggingface_hub.hf_hub_download\np = download("example-org/weights", "model.bin")\n' },
      errors: [{ line: 3, column: 5, message: missing('huggingface_hub.hf_hub_download', 'example-org/weights') }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'load.py': 'import huggingface_hub\ndownload = huggingface_hub.hf_hub_download\np = download("example-org/weights", "model.bin", revision="<40-hex commit id>")\n' },
        },
      ],
    },
    {
      name: 'a branch in an unpacked dictionary: reported where it is written, the dictionary not edited',
      files: { 'load.py': 'from transformers import AutoModel\nHUB = {"revision": "main"}\nm = AutoModel.from_pretrained("example-org/model", **HUB)\n' },
      errors: [{ line: 2, column: 21, message: moving('transformers.AutoModel.from_pretrained', 'example-org/model', 'main') }],
    },
    {
      name: 'a known dictionary without a revision',
      files: { 'load.py': 'from transformers import AutoModel\nHUB = dict(cache_dir="/tmp/hub")\nm = AutoModel.from_pretrained("example-org/model", **HUB)\n' },
      errors: [{ line: 3, column: 5, message: missing('transformers.AutoModel.from_pretrained', 'example-org/model') }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'load.py': 'from transformers import AutoModel\nHUB = dict(cache_dir="/tmp/hub")\nm = AutoModel.from_pretrained("example-org/model", **HUB, revision="<40-hex commit id>")\n' },
        },
      ],
    },
  ],
});
