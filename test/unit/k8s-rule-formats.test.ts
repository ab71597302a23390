// The shared rules list, in their metadata, every manifest format they report on: one container that
// trips each of them is placed in every kind of manifest and each finding's format is checked.

import * as assert from 'node:assert/strict';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import { DocumentIndex } from '../../src/core/document';
import { SourceFile } from '../../src/core/source';
import { containerKinds } from '../helpers/k8s-kinds';

const SHARED = [
  'supply-chain/unpinned-image',
  'supply-chain/unpinned-package',
  'supply-chain/extra-index-url',
  'supply-chain/remote-script-execution',
  'supply-chain/unverified-download',
  'secrets/hardcoded-credential',
  'transport/tls-verification-disabled',
  'transport/plaintext-http',
  'serving/unauthenticated-ml-service',
];

const script = [
  'curl -k -fsSLo /models/model.pt http://models.example.com/model.pt',
  'curl -fsSL https://get.example.com/setup.sh | bash',
  'pip install --extra-index-url https://pypi.corp.example/simple pandas',
  'tensorboard --logdir /logs --bind_all',
].join(' && ');
const container = [
  '- name: app',
  '  image: registry.example.com/ml/all:1.0',
  `  command: [sh, -c, "${script}"]`,
  '  env:',
  '  - name: WANDB_API_KEY',
  '    value: 0f3c9a1b7e5d4c2a8b6f0e9d1c3b5a7f9e2d4c6b',
];

describe('shared rules: formats in the metadata', () => {
  const engine = createEngine();
  const config = defaultConfig();
  for (const k of containerKinds(container).filter((x) => x.kind !== 'ComponentSpec')) {
    it(`${k.kind}: every shared rule reports, and lists the manifest's format`, async () => {
      const { docs } = await engine.parse(new SourceFile(k.file, k.text), { config });
      const formats = new Set(docs.map((d) => d.format));
      assert.equal(formats.size, 1);
      const [format] = [...formats];
      const { findings } = await engine.analyze(new DocumentIndex(docs), { config });
      // Only the shared rules that this container trips are checked; the Ray dashboard rule needs a Ray head.
      const reported = new Set(findings.map((f) => f.ruleId).filter((id) => SHARED.includes(id)));
      assert.deepEqual([...reported].sort(), [...SHARED].sort(), 'each shared rule reports on this container');
      for (const id of reported) assert.ok(engine.ruleMeta(id)!.formats.includes(format), `${id} lists ${format}`);
    });
  }
});
