// supply-chain/unpinned-model-download: a model hub download that is not pinned to a commit.

import { defineRule } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-model-download',
    title: 'Model or dataset downloaded without a commit pin',
    description:
      'A Hugging Face download — `from_pretrained`, `hf_hub_download`, `snapshot_download`, `load_dataset`, `pipeline(model=...)` — of a repository named by a literal or a constant, without a `revision` that is a 40-hex commit id. A branch or a tag is not a pin.',
    explanation:
      'Without a commit the download takes whatever the branch holds when the job runs. A repository owner, a compromised account or a takeover of a deleted name can replace the weights, the tokenizer or the dataset, and the next training or serving run takes them without any change in your code: a backdoored model or poisoned data arrives silently, and no run can be reproduced.',
    example: {
      language: 'python',
      bad: 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
      good: 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")',
    },
    formats: ['python'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.003', 'AML.T0010.002'],
    owasp: ['ML06', 'ML07'],
    references: [
      'https://huggingface.co/docs/huggingface_hub/guides/download#from-specific-version',
      'https://huggingface.co/docs/transformers/main_classes/model#transformers.PreTrainedModel.from_pretrained',
    ],
    equivalents: ['Bandit B615'],
  },
  *check(ctx) {
    for (const d of ctx.facts.modelDownloads) {
      if (d.pinned) continue;
      const fixes = d.remedy ? { fixes: [fixOf(d.remedy.title, 'guided', d.loc, d.remedy.edits)] } : {};
      if (d.revision) {
        yield { message: `${d.api} downloads ${d.repo.value} at revision "${d.revision.value}", a branch or tag that can move; only a commit id pins the content.`, loc: d.revision.loc, ...fixes };
      } else {
        yield { message: `${d.api} downloads ${d.repo.value} without a revision, so it takes whatever the repository holds when the job runs.`, loc: d.loc, ...fixes };
      }
    }
  },
});
