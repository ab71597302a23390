// supply-chain/unverified-download: models, data and archives downloaded with no checksum check.

import type { DownloadFact } from '../../facts/model';
import { defineRule } from '../rule';

/** What is downloaded, by payload; other payloads are reported only for ADD. */
const WHAT: Partial<Record<DownloadFact['payload'], string>> = { model: 'a model file', data: 'a dataset', archive: 'an archive', executable: 'an executable' };

/** How a tool is named in messages, where its id is not the command. */
const TOOL: Partial<Record<DownloadFact['tool'], string>> = { add: 'ADD', ray: "Ray's runtime environment" };

export default defineRule({
  meta: {
    id: 'supply-chain/unverified-download',
    title: 'Download without checksum verification',
    description:
      'Reports `ADD <url>` without `--checksum`, and RUN or container commands that download a model, dataset, archive or executable (made executable with chmod or install, or written to a bin folder) with no checksum check (sha256sum -c, gpg --verify, cosign verify…) in the same step. High for model files, medium otherwise. Licences, version lookups (`stable.txt`) and checksum or signature files are not reported.',
    explanation:
      'A download is only as trustworthy as every server and proxy on its path. Without a checksum a swapped model file (with a malicious pickle inside), a poisoned dataset or a backdoored archive is accepted silently, and the image or training run cannot be reproduced.',
    example: {
      language: 'dockerfile',
      bad: 'ADD https://example.com/models/resnet50.pt /models/',
      good: 'ADD --checksum=sha256:<sha256> https://example.com/models/resnet50.pt /models/',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'high',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.001', 'AML.T0010.003'],
    owasp: ['ML06', 'ML10'],
    references: ['https://docs.docker.com/reference/dockerfile/#add---checksum'],
  },
  *check(ctx) {
    for (const d of ctx.facts.downloads) {
      if (d.verified) continue;
      const what = WHAT[d.payload];
      if (d.tool !== 'add' && !what) continue;
      yield {
        message: `${TOOL[d.tool] ?? d.tool} downloads ${what ?? 'a file'} from ${d.url.value} without verifying a checksum, so a replaced file is accepted silently.`,
        loc: d.url.loc,
        severity: d.payload === 'model' ? 'high' : 'medium',
        ...(d.remedy ? { fixes: [d.remedy] } : {}),
      };
    }
  },
});
