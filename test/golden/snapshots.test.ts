// Golden snapshots of whole-repository results: the scan report (`--format json`) and the threat
// model (`threat-model --format json`) of the example repository and of every multi-format test
// repository. A change to readers, facts, rules or inference shows here as a reviewed diff.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, normalise, removeWorkspaces, run, workspace } from '../cli/helpers';
import { VERSION } from '../../src/cli/version';

const SNAPSHOTS = path.join(REPO, 'test/golden/snapshots');

/** The repositories whose results are kept as snapshots, by snapshot name. */
const REPOSITORIES: Record<string, string> = {
  'ml-repo': 'examples/ml-repo',
  'fraud-platform': 'test/fixtures/threat-model/fraud-platform',
  'streaming-platform': 'test/fixtures/threat-model/streaming-platform',
  'cli-example': 'test/fixtures/cli/example',
};

/** A copy of a repository in a temporary folder of the snapshot's name, so titles do not vary. */
function copyNamed(name: string, rel: string): string {
  const root = path.join(workspace(), name);
  fs.cpSync(path.join(REPO, rel), root, { recursive: true });
  return root;
}

function assertSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(SNAPSHOTS, { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `snapshot ${name} is missing: run UPDATE_GOLDEN=1 npm test and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from test/golden/snapshots/${name} (UPDATE_GOLDEN=1 npm test rewrites it)`);
}

describe('golden snapshots of whole repositories', function () {
  this.timeout(120_000);
  after(removeWorkspaces);

  for (const [name, rel] of Object.entries(REPOSITORIES)) {
    it(`keeps the scan report of ${rel}`, async () => {
      const root = copyNamed(name, rel);
      const result = await run(['scan', '.', '--format', 'json', '--fail-on', 'none'], { cwd: root });
      assert.equal(result.stderr, '');
      assertSnapshot(`${name}.scan.json`, normalise(result.stdout, root, VERSION));
    });

    it(`keeps the threat model of ${rel}`, async () => {
      const root = copyNamed(name, rel);
      const result = await run(['threat-model', '.', '--format', 'json'], { cwd: root });
      assert.equal(result.code, 0, result.stderr);
      assertSnapshot(`${name}.threat-model.json`, normalise(result.stdout, root, VERSION));
    });
  }
});
