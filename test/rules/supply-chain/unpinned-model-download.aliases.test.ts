// Table tests of supply-chain/unpinned-model-download for the forms a download is written in:
// repositories and revisions built from module constants and f-strings, keyword and positional
// arguments, aliased imports, and the sentence-transformers loaders.

import rule from '../../../src/core/rules/supply-chain/unpinned-model-download';
import { ruleTester } from '../../helpers/rule-tester';

const SHA = '86b5e0934494bd15c9632b12f734a8a67f723594';
const PIN = 'Pin the download to a commit (revision=...)';
const missing = (api: string, repo: string) => `${api} downloads ${repo} without a revision, so it takes whatever the repository holds when the job runs.`;
const moving = (api: string, repo: string, rev: string) => `${api} downloads ${repo} at revision "${rev}", a branch or tag that can move; only a commit id pins the content.`;

ruleTester(rule, {
  valid: [
    {
      name: 'repository from an f-string of a constant, revision a constant commit',
      files: { 'load.py': `from transformers import AutoModel\nORG = "example-org"\nREV = "${SHA}"\nm = AutoModel.from_pretrained(f"{ORG}/model", revision=REV)\n` },
    },
    {
      name: 'sentence-transformers pinned to a commit',
      files: { 'embed.py': `from sentence_transformers import SentenceTransformer\nm = SentenceTransformer("example-org/embed", revision="${SHA}")\n` },
    },
  ],
  invalid: [
    {
      name: 'a branch in a module constant: reported where the constant is written',
      files: { 'load.py': 'from transformers import AutoModel\nORG = "example-org"\nREV = "main"\nm = AutoModel.from_pretrained(f"{ORG}/model", revision=REV)\n' },
      errors: [{ line: 3, column: 8, message: moving('transformers.AutoModel.from_pretrained', 'example-org/model', 'main') }],
    },
    {
      name: 'hf_hub_download(repo_id=REPO, revision="v1.0") by keyword',
      files: { 'load.py': 'from huggingface_hub import hf_hub_download\nREPO = "example-org/weights"\np = hf_hub_download(repo_id=REPO, filename="model.bin", revision="v1.0")\n' },
      errors: [{ line: 3, column: 67, message: moving('huggingface_hub.hf_hub_download', 'example-org/weights', 'v1.0') }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'load.py': 'from huggingface_hub import hf_hub_download\nREPO = "example-org/weights"\np = hf_hub_download(repo_id=REPO, filename="model.bin", revision="<40-hex commit id>")\n' },
        },
      ],
    },
    {
      name: 'pipeline(task, model) with the model passed second',
      files: { 'serve.py': 'from transformers import pipeline as make\npipe = make("text-classification", "example-org/classifier")\n' },
      errors: [{ line: 2, column: 8, message: missing('transformers.pipeline', 'example-org/classifier') }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'serve.py': 'from transformers import pipeline as make\npipe = make("text-classification", "example-org/classifier", revision="<40-hex commit id>")\n' },
        },
      ],
    },
    {
      name: 'SentenceTransformer through a module alias, without a revision',
      files: { 'embed.py': 'import sentence_transformers as st\nm = st.SentenceTransformer("example-org/embed")\n' },
      errors: [{ line: 2, column: 5, message: missing('sentence_transformers.SentenceTransformer', 'example-org/embed') }],
      fixes: [
        {
          kind: 'guided',
          title: PIN,
          stillReported: true,
          output: { 'embed.py': 'import sentence_transformers as st\nm = st.SentenceTransformer("example-org/embed", revision="<40-hex commit id>")\n' },
        },
      ],
    },
  ],
});
