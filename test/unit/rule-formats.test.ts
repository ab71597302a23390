// The engine runs a rule only where one of the formats it lists is present, so every rule must
// list each format it reports on. This runs every rule directly (no filtering) over the example
// repository, the CLI fixtures and, when present, the real corpus, and checks that claim.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { defaultConfig } from '../../src/core/config';
import { emptyFacts, mergeFacts } from '../../src/core/facts/model';
import { FactIndex } from '../../src/core/facts/fact-index';
import { scanWorkspace } from '../../src/core/workspace/scan';

const REPO = path.resolve(__dirname, '../../..');
const SHARED = path.resolve(REPO, '../shared');
const CORPUS = ['kics-k8s', 'kserve', 'seldon', 'argo', 'kubeflow-crs', 'dvc', 'mlflow'];

async function mismatches(root: string): Promise<{ reports: number; wrong: string[] }> {
  const engine = createEngine();
  const config = defaultConfig();
  const { index } = await scanWorkspace(engine, root, { config });
  const facts = emptyFacts();
  for (const d of index.all()) mergeFacts(facts, d.facts);
  const wrong: string[] = [];
  let reports = 0;
  for (const rule of engine.rules) {
    for (const rep of rule.check({ facts, factIndex: new FactIndex(facts), documents: index.all(), index, options: {}, config })) {
      reports++;
      const formats = index
        .all()
        .filter((d) => d.file.path === rep.loc.file)
        .map((d) => d.format);
      if (formats.length && !formats.some((f) => rule.meta.formats.includes(f))) wrong.push(`${rule.meta.id} on ${rep.loc.file} (${formats.join(', ')})`);
    }
  }
  return { reports, wrong };
}

describe('rule formats', () => {
  it('list every format the rules report on in the example repository and the CLI fixtures', async () => {
    for (const root of [path.join(REPO, 'examples/ml-repo'), path.join(REPO, 'test/fixtures/cli/example')]) {
      const { reports, wrong } = await mismatches(root);
      assert.ok(reports > 0, `${root} gives reports`);
      assert.deepEqual(wrong, []);
    }
  });

  it('list every format the rules report on in the real corpus', async function () {
    if (!fs.existsSync(SHARED)) {
      console.log('    skipped: ../shared is not present');
      this.skip();
    }
    this.timeout(120_000);
    for (const dir of CORPUS) {
      const { wrong } = await mismatches(path.join(SHARED, 'corpus', dir));
      assert.deepEqual(wrong, [], dir);
    }
  });
});
