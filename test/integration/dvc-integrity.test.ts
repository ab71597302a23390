// End-to-end integrity checks on DVC projects written to temporary directories: a model changed
// after dvc.lock was written, data only in the cache, DVC 2 lock semantics and directory hashes.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createEngine, defaultConfig, scanWorkspace } from '../../src/core';
import { emptyFacts, mergeFacts } from '../../src/core/facts/model';
import { checkIntegrity, dvcIntegrityEnricher } from '../../src/core/formats/dvc/integrity';
import { removeWorkspaces, workspace } from '../cli/helpers';

const md5 = (b: string | Buffer) => createHash('md5').update(b).digest('hex');

// The directory whose `.dir` hash Python's json.dumps gives as 9a73517717ab0d3f27e5e0e9d3fe4a43.dir.
const FEATURES: Record<string, string | Buffer> = {
  'data/features/a.csv': 'x,y\n1,2\n',
  'data/features/sub/b.txt': 'hello\n',
  'data/features/été/c "q".txt': Buffer.from([0, 1, 0x62, 0x69, 0x6e]),
  'data/features/Z.txt': 'z',
};

async function scan(root: string) {
  const r = await scanWorkspace(createEngine(), root, { config: defaultConfig() });
  // The facts the rules saw: the documents' and the enrichers'.
  const result = emptyFacts();
  for (const d of r.index.all()) mergeFacts(result, d.facts);
  mergeFacts(result, await dvcIntegrityEnricher.run(r.index, r.io, defaultConfig()));
  return { ...r, integrity: await checkIntegrity(r.index, r.io), result };
}

describe('DVC integrity (workspace)', () => {
  after(removeWorkspaces);

  it('reports a model changed after dvc.lock was written, and not data that is only in the cache', async () => {
    const raw = 'id,amount\n1,20.5\n2,13.0\n';
    const model = Buffer.from('\x80\x04model-v1');
    const cached = Buffer.from('PAR1 cached parquet bytes');
    const cachedMd5 = md5(cached);
    const root = workspace({
      '.dvc/config': '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = s3://acme-ml/dvc\n',
      '.dvc/.gitignore': '/config.local\n/tmp\n/cache\n',
      [`.dvc/cache/files/md5/${cachedMd5.slice(0, 2)}/${cachedMd5.slice(2)}`]: cached,
      '.dvcignore': '.ipynb_checkpoints/\n',
      'data/raw.csv': raw,
      ...FEATURES,
      'data/features/.ipynb_checkpoints/a-checkpoint.csv': 'scratch',
      'dvc.yaml':
        'stages:\n  featurize:\n    cmd: python featurize.py\n    deps: [data/raw.csv, data/big.parquet]\n    outs: [data/features]\n  train:\n    cmd: python train.py\n    deps: [data/features]\n    outs: [models/model.pkl]\n',
      'dvc.lock': `schema: '2.0'
stages:
  featurize:
    cmd: python featurize.py
    deps:
    - path: data/raw.csv
      hash: md5
      md5: ${md5(raw)}
      size: ${raw.length}
    - path: data/big.parquet
      hash: md5
      md5: ${cachedMd5}
      size: ${cached.length}
    outs:
    - path: data/features
      hash: md5
      md5: 9a73517717ab0d3f27e5e0e9d3fe4a43.dir
      size: 20
      nfiles: 4
  train:
    cmd: python train.py
    deps:
    - path: data/features
      hash: md5
      md5: 9a73517717ab0d3f27e5e0e9d3fe4a43.dir
      size: 20
      nfiles: 4
    outs:
    - path: models/model.pkl
      hash: md5
      md5: ${md5(model)}
      size: ${model.length}
`,
      // Retrained by hand after dvc.lock was written: same size, different bytes.
      'models/model.pkl': Buffer.from('\x80\x04model-v2'),
    });
    const r = await scan(root);
    const byPath = new Map(r.integrity.map((x) => [`${x.stage}:${x.path}`, x]));
    assert.equal(byPath.get('featurize:data/raw.csv')?.status, 'match');
    assert.equal(byPath.get('featurize:data/features')?.status, 'match');
    assert.deepEqual(byPath.get('featurize:data/features')?.actual, { md5: '9a73517717ab0d3f27e5e0e9d3fe4a43.dir', size: 20, nfiles: 4 });
    const big = byPath.get('featurize:data/big.parquet')!;
    assert.equal(big.status, 'not-checked-out');
    assert.equal(big.inCache, true);
    const m = byPath.get('train:models/model.pkl')!;
    assert.equal(m.status, 'mismatch');
    assert.equal(m.actual?.md5, md5(Buffer.from('\x80\x04model-v2')));
    const mismatches = r.findings.filter((f) => f.ruleId === 'provenance/lock-mismatch');
    assert.equal(mismatches.length, 1);
    assert.equal(mismatches[0].loc.file, 'dvc.lock');
    assert.match(mismatches[0].message, /^models\/model\.pkl \(stage "train" output\) changed after dvc\.lock recorded it: its md5 is [0-9a-f]{32}, [0-9a-f]{32} recorded\.$/);
    assert.deepEqual(
      mismatches[0].related.map((x) => x.loc.file),
      ['models/model.pkl'],
    );
    assert.deepEqual(r.result.integrity.map((x) => x.status).sort(), ['match', 'match', 'match', 'mismatch', 'not-checked-out']);
  });

  it('names the changed files of a directory whose recorded listing is in the cache', async () => {
    const listing =
      '[{"md5": "fbade9e36a3f36d3d676c1b808451dd7", "relpath": "Z.txt"}, {"md5": "344fd2323dd33d5c058b7cf27de029e8", "relpath": "a.csv"}, {"md5": "b1946ac92492d2347c6235b4d2611184", "relpath": "sub/b.txt"}, {"md5": "aa1e316687756584560121c5fbe78c3c", "relpath": "\\u00e9t\\u00e9/c \\"q\\".txt"}]';
    const root = workspace({
      '.dvc/config': '',
      '.dvc/cache/files/md5/9a/73517717ab0d3f27e5e0e9d3fe4a43.dir': listing,
      ...FEATURES,
      'data/features/sub/b.txt': 'hello, poisoned\n',
      'data/features/new.csv': 'extra',
      'data/features.dvc': 'outs:\n- md5: 9a73517717ab0d3f27e5e0e9d3fe4a43.dir\n  size: 20\n  nfiles: 4\n  hash: md5\n  path: features\n',
    });
    const r = await scan(root);
    assert.equal(r.integrity.length, 1);
    assert.equal(r.integrity[0].status, 'mismatch');
    assert.equal(r.integrity[0].reason, 'it holds 5 files, 4 recorded');
    assert.deepEqual(r.integrity[0].changedFiles, ['added: new.csv', 'changed: sub/b.txt']);
    const f = r.findings.find((x) => x.ruleId === 'provenance/lock-mismatch')!;
    assert.equal(f.loc.file, 'data/features.dvc');
    assert.deepEqual(f.details, ['added: new.csv', 'changed: sub/b.txt']);
  });

  it('uses CRLF-normalised md5s for entries written by DVC 2 (no `hash: md5`)', async () => {
    const crlf = 'id,label\r\n1,cat\r\n2,dog\r\n';
    const lf = crlf.replace(/\r\n/g, '\n');
    const root = workspace({
      '.dvc/config': '',
      'labels.csv': crlf,
      // DVC 2 recorded the md5 of the LF form; DVC 3 would record the raw bytes with `hash: md5`.
      'labels.csv.dvc': `outs:\n- md5: ${md5(lf)}\n  size: ${crlf.length}\n  path: labels.csv\n`,
      'raw-crlf.csv': crlf,
      'raw-crlf.csv.dvc': `outs:\n- md5: ${md5(lf)}\n  size: ${crlf.length}\n  hash: md5\n  path: raw-crlf.csv\n`,
    });
    const r = await scan(root);
    const by = new Map(r.integrity.map((x) => [x.path, x]));
    assert.equal(by.get('labels.csv')?.hashName, 'md5-dos2unix');
    assert.equal(by.get('labels.csv')?.status, 'match');
    // The same record under DVC 3 semantics does not match the raw bytes.
    assert.equal(by.get('raw-crlf.csv')?.status, 'mismatch');
  });

  it('reports a file where a directory was recorded', async () => {
    const root = workspace({
      'dvc.lock': "schema: '2.0'\nstages:\n  s:\n    cmd: x\n    outs:\n    - path: out\n      md5: 0123456789abcdef0123456789abcdef.dir\n",
      out: 'now a file',
    });
    const r = await scan(root);
    assert.equal(r.integrity[0].status, 'mismatch');
    assert.equal(r.integrity[0].reason, 'a file is where a directory was recorded');
  });
});
