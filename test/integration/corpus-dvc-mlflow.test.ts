// Scans the real DVC and MLflow projects in ../shared/corpus: every file parses without errors,
// no rule fails, and known problems in them are found.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine, defaultConfig, scanWorkspace } from '../../src/core';

const SHARED = path.resolve(__dirname, '../../../../shared');
const KINDS = ['dvc', 'mlflow'];

describe('corpus: DVC and MLflow projects', function () {
  this.timeout(120_000);

  before(function () {
    if (!fs.existsSync(path.join(SHARED, 'corpus'))) {
      console.log('    skipped: ../shared is not present');
      this.skip();
    }
  });

  for (const kind of KINDS) {
    it(`scans every ${kind} project without errors`, async () => {
      const dir = path.join(SHARED, 'corpus', kind);
      const projects = fs.readdirSync(dir).filter((p) => fs.statSync(path.join(dir, p)).isDirectory());
      assert.ok(projects.length > 0);
      const engine = createEngine();
      for (const p of projects) {
        const r = await scanWorkspace(engine, path.join(dir, p), { config: defaultConfig() });
        const errors = r.notes.filter((n) => n.level === 'error');
        assert.deepEqual(
          errors.map((n) => `${p}/${n.file}: ${n.message}`),
          [],
        );
        assert.ok(
          r.index.all().some((d) => d.format === kind || d.format === 'requirements'),
          `${p}: no ${kind} document was read`,
        );
      }
    });
  }

  it('finds the MinIO default key in a committed DVC config and offers to move it', async () => {
    const root = path.join(SHARED, 'corpus', 'dvc', '0xvanguard__PentagenSec');
    const r = await scanWorkspace(createEngine(), root, { config: defaultConfig() });
    const f = r.findings.find((x) => x.ruleId === 'secrets/hardcoded-credential' && x.loc.file === '.dvc/config');
    assert.ok(f);
    assert.match(f.fixes[0].title, /^Move the credentials of remote "minio" to \.dvc\/config\.local$/);
    assert.ok(f.fixes[0].edits.some((e) => e.file === '.dvc/config.local' && e.create));
  });
});
