// model/unfetched-lfs-pointer: a file named like a model that is a Git LFS pointer, so the model
// was never fetched and nothing in the workspace shows what will be loaded in its place.

import type { Fix } from '../../model';
import { defineRule } from '../rule';

const FETCH: Fix = {
  title: 'Fetch the file with `git lfs pull --include <path>` (or download the pinned revision) and scan again (explanation only, no automatic edit)',
  kind: 'guided',
  edits: [],
};

export default defineRule({
  meta: {
    id: 'model/unfetched-lfs-pointer',
    title: 'Model file is an unfetched Git LFS pointer',
    description:
      'A file named like a model (`pytorch_model.bin`, `model.pkl`, `model.safetensors`, …) whose content is a Git LFS pointer: the repository was cloned or downloaded without its LFS objects, so the model itself is not in the workspace.',
    explanation:
      'The weights that will be loaded are fetched later, by `git lfs pull` in a build or by a loader that falls back to the hub, and arrive without anyone having scanned or verified them: a pickle with a payload passes review because only its 130-byte pointer was reviewed. A pipeline that loads the pointer itself fails in confusing ways. Fetch the objects before scanning, and pin the revision the objects come from.',
    example: {
      language: 'text',
      bad: 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a…\nsize 548118077   (saved as pytorch_model.bin)',
      good: 'pytorch_model.bin   (548118077 bytes of weights, fetched with git lfs pull)',
    },
    formats: ['model'],
    severity: 'low',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.003'],
    owasp: ['ML06'],
    references: ['https://github.com/git-lfs/git-lfs/blob/main/docs/spec.md', 'https://huggingface.co/docs/hub/repositories-getting-started'],
  },
  *check(ctx) {
    for (const scan of ctx.facts.modelFiles) {
      if (scan.lfsPointer === undefined) continue;
      yield {
        message: `This file is ${scan.lfsPointer}, so the model it names was not scanned.`,
        loc: { file: scan.path, start: 0, end: 0 },
        fixes: [FETCH],
      };
    }
  },
});
