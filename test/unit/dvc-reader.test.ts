// Tests of the DVC reader: dvc.yaml templating, foreach/matrix, dvc.lock in both layouts, .dvc
// files, remote configuration and the facts they produce.

import * as assert from 'node:assert/strict';
import { defaultConfig } from '../../src/core/config';
import type { ParsedDocument } from '../../src/core/document';
import { dvcReader } from '../../src/core/formats/dvc/reader';
import type { DvcConfig } from '../../src/core/formats/dvc/config';
import type { DvcFile, Lockfile } from '../../src/core/formats/dvc/lock';
import type { Pipeline } from '../../src/core/formats/dvc/pipeline';
import { applyEdits } from '../../src/core/fixes';
import { SourceFile } from '../../src/core/source';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';

async function read(files: Record<string, string>, path: string): Promise<ParsedDocument> {
  const io = new MemoryWorkspaceIO(files);
  const [doc] = await dvcReader.parse(new SourceFile(path, files[path]), { config: defaultConfig(), io });
  return doc;
}

function textAt(files: Record<string, string>, loc: { file: string; start: number; end: number }): string {
  return files[loc.file].slice(loc.start, loc.end);
}

const TEMPLATED = {
  'params.yaml': 'train:\n  epochs: 10\n  lr: 0.01\nmodels_dir: models\n',
  'config/data.yaml': 'datasets:\n  - us\n  - eu\nignored: 1\n',
  'dvc.yaml': `vars:
  - config/data.yaml:datasets
  - image: python:3.12
stages:
  prepare:
    foreach: \${datasets}
    do:
      cmd: python prepare.py --region \${item} --out data/\${item}.csv
      deps:
        - raw/\${item}.csv
      outs:
        - data/\${item}.csv
  train:
    cmd: >-
      python train.py \${train}
      --out \${models_dir}/model.pkl
    deps: [data/us.csv, data/eu.csv]
    params: [train.epochs, train.lr]
    outs:
      - \${models_dir}/model.pkl
    metrics:
      - metrics.json:
          cache: false
  sweep:
    matrix:
      size: [small, large]
      seed: [1, 2]
    cmd: python sweep.py --size \${item.size} --seed \${item.seed} --tag \${undefined_tag}
    outs:
      - sweeps/\${item.size}-\${item.seed}.json
  per_site:
    foreach:
      alpha: {url: s3://bucket/alpha.csv}
      beta: {url: s3://bucket/beta.csv}
    do:
      cmd: python fetch.py \${item.url}
      deps:
        - \${item.url}
      outs:
        - sites/\${key}.csv
`,
};

describe('DVC reader: dvc.yaml', () => {
  it('expands foreach and matrix and resolves ${} from vars and params.yaml', async () => {
    const doc = await read(TEMPLATED, 'dvc.yaml');
    const p = doc.ast as Pipeline;
    assert.deepEqual(
      p.stages.map((s) => s.name),
      ['prepare@us', 'prepare@eu', 'train', 'sweep@small-1', 'sweep@small-2', 'sweep@large-1', 'sweep@large-2', 'per_site@alpha', 'per_site@beta'],
    );
    const eu = p.stages[1];
    assert.equal(eu.commands[0].text, 'python prepare.py --region eu --out data/eu.csv');
    assert.deepEqual(
      eu.deps.map((d) => d.target),
      ['raw/eu.csv'],
    );
    const train = p.stages[2];
    assert.equal(train.commands[0].text, 'python train.py --epochs 10 --lr 0.01 --out models/model.pkl');
    assert.deepEqual(
      train.outs.map((o) => [o.target, o.section, o.cache]),
      [
        ['models/model.pkl', 'outs', true],
        ['metrics.json', 'metrics', false],
      ],
    );
    assert.deepEqual(train.params, [{ file: 'params.yaml', keys: ['train.epochs', 'train.lr'], loc: train.params[0].loc }]);
    const sweep = p.stages[4];
    assert.equal(sweep.commands[0].text, 'python sweep.py --size small --seed 2 --tag ${undefined_tag}');
    assert.deepEqual(sweep.unresolved, ['undefined_tag']);
    assert.equal(p.stages[8].deps[0].target, 's3://bucket/beta.csv');
    assert.equal(p.stages[8].outs[0].target, 'sites/beta.csv');
  });

  it('maps every character of a resolved command back to where it is written', async () => {
    const doc = await read(TEMPLATED, 'dvc.yaml');
    const train = (doc.ast as Pipeline).stages[2];
    const cmd = train.commands[0];
    const text = TEMPLATED['dvc.yaml'];
    // Verbatim text maps to itself, even across the folded line break.
    const i = cmd.text.indexOf('--out');
    assert.equal(text.slice(cmd.offsetAt(i), cmd.offsetAt(i) + 5), '--out');
    // Substituted text maps to its ${…}.
    const j = cmd.text.indexOf('--epochs');
    assert.equal(text.slice(cmd.offsetAt(j), cmd.offsetAt(j) + 8), '${train}');
  });

  it('produces workloads, lineage, URL dependencies and model facts', async () => {
    const doc = await read(TEMPLATED, 'dvc.yaml');
    const f = doc.facts;
    const train = f.workloads.find((w) => w.name === 'train')!;
    assert.equal(train.kind, 'dvc-stage');
    assert.deepEqual(train.dependsOn.sort(), ['dvc-stage:dvc.yaml:prepare@eu', 'dvc-stage:dvc.yaml:prepare@us']);
    assert.ok(f.lineage.some((l) => l.workloadId === train.id && l.direction === 'output' && l.path === 'models/model.pkl'));
    assert.ok(f.lineage.some((l) => l.workloadId === train.id && l.direction === 'input' && l.path === 'params.yaml'));
    assert.deepEqual(
      f.urls.map((u) => [u.url.value, u.role]),
      [
        ['s3://bucket/alpha.csv', 'data-dependency'],
        ['s3://bucket/beta.csv', 'data-dependency'],
      ],
    );
    assert.deepEqual(
      f.models.map((m) => [m.path, m.serialization, m.unsafeOnLoad, m.source]),
      [['models/model.pkl', 'pickle', true, 'dvc']],
    );
    assert.equal(f.scripts.filter((s) => s.origin === 'dvc-stage').length, 9);
  });

  it('keeps a stage as written when its foreach source is unknown, and leaves templates without params as written', async () => {
    const files = { 'dvc.yaml': 'stages:\n  build:\n    foreach: ${targets}\n    do:\n      cmd: make ${item}\n' };
    const p = (await read(files, 'dvc.yaml')).ast as Pipeline;
    assert.equal(p.stages.length, 1);
    assert.equal(p.stages[0].name, 'build');
    assert.equal(p.stages[0].commands[0].text, 'make ${item}');
    assert.deepEqual(p.stages[0].unresolved.sort(), ['item', 'targets']);
  });

  it('parses stage commands as shell, so remote script execution is seen', async () => {
    const files = { 'dvc.yaml': 'stages:\n  setup:\n    cmd: curl -fsSL https://get.example.com/install.sh | bash && pip install --trusted-host pypi.example pandas\n' };
    const doc = await read(files, 'dvc.yaml');
    assert.equal(doc.facts.remoteExecs.length, 1);
    assert.equal(textAt(files, doc.facts.remoteExecs[0].url!.loc), 'https://get.example.com/install.sh');
    assert.equal(doc.facts.remoteExecs[0].workloadId, 'dvc-stage:dvc.yaml:setup');
    assert.equal(doc.facts.tlsDisables.length, 1);
    assert.equal(doc.facts.packageInstalls[0].packages[0].name, 'pandas');
  });

  it('turns malformed YAML into notes instead of failing', async () => {
    const doc = await read({ 'dvc.yaml': 'stages:\n  a: [\n' }, 'dvc.yaml');
    assert.ok(doc.notes.some((n) => n.level === 'error'));
  });

  it('stops at an alias bomb in dvc.yaml or a params file with a note', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`)].join('\n');
    const vars = `vars:\n${bomb
      .split('\n')
      .map((l, i) => `${i ? '    ' : '  - '}${l}`)
      .join('\n')}\n`;
    const inPipeline = await read({ 'dvc.yaml': `${vars}stages:\n  s:\n    cmd: echo \${h}\n` }, 'dvc.yaml');
    assert.ok(
      inPipeline.notes.some((n) => /aliases/.test(n.message)),
      JSON.stringify(inPipeline.notes),
    );
    const inParams = await read({ 'params.yaml': `${bomb}\n`, 'dvc.yaml': 'stages:\n  s:\n    foreach: ${h}\n    do:\n      cmd: echo ${item}\n' }, 'dvc.yaml');
    assert.deepEqual(
      (inParams.ast as Pipeline).stages.map((s) => s.name),
      ['s'],
      'the stage stays as written when its source cannot be expanded',
    );
  });
});

describe('DVC reader: dvc.lock and .dvc files', () => {
  it('reads a DVC 3 lock (hash: md5) and a DVC 2 lock (no hash field) with their hash semantics', async () => {
    const v3 =
      "schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    deps:\n    - path: data\n      hash: md5\n      md5: 0123456789abcdef0123456789abcdef.dir\n      size: 10\n      nfiles: 2\n    outs:\n    - path: model.pkl\n      hash: md5\n      md5: fedcba9876543210fedcba9876543210\n      size: 5\n";
    const lock3 = (await read({ 'sub/dvc.lock': v3 }, 'sub/dvc.lock')).ast as Lockfile;
    assert.equal(lock3.schema, '2.0');
    assert.equal(lock3.pipeline, 'sub/dvc.yaml');
    const [dep] = lock3.stages[0].deps;
    assert.deepEqual([dep.target, dep.isDir, dep.hashName, dep.size, dep.nfiles], ['sub/data', true, 'md5', 10, 2]);
    const v2 = v3.replace(/ {6}hash: md5\n/g, '');
    const lock2 = (await read({ 'dvc.lock': v2 }, 'dvc.lock')).ast as Lockfile;
    assert.equal(lock2.stages[0].outs[0].hashName, 'md5-dos2unix');
  });

  it('reads a DVC 1 lock file with stages at the top level', async () => {
    const v1 =
      'prepare:\n  cmd: python prepare.py\n  deps:\n  - path: data.xml\n    md5: a304afb96060aad90176268345e10355\n  outs:\n  - path: prepared\n    md5: 6836f797f3924fb46fcfd6b9f6aa6416.dir\n';
    const doc = await read({ 'dvc.lock': v1 }, 'dvc.lock');
    const lock = doc.ast as Lockfile;
    assert.equal(lock.schema, '1');
    assert.equal(lock.stages[0].id, 'dvc-stage:dvc.yaml:prepare');
    assert.equal(lock.stages[0].outs[0].hashName, 'md5-dos2unix');
    assert.deepEqual(
      doc.facts.lineage.map((l) => [l.direction, l.path, l.hashes.md5]),
      [
        ['input', 'data.xml', 'a304afb96060aad90176268345e10355'],
        ['output', 'prepared', '6836f797f3924fb46fcfd6b9f6aa6416.dir'],
      ],
    );
  });

  it('reads imports with their source repository and import-url dependencies', async () => {
    const imp =
      'md5: 1bd7a52c3d07bd2e8e0fa8ff1d79f5d4\nfrozen: true\ndeps:\n- path: data/data.xml\n  repo:\n    url: https://github.com/iterative/dataset-registry\n    rev: main\n    rev_lock: f31f5c4cdae787b4bdeb97a717687d44667d9e62\nouts:\n- md5: a304afb96060aad90176268345e10355\n  size: 14445097\n  hash: md5\n  path: data.xml\n';
    const doc = await read({ 'data/data.xml.dvc': imp }, 'data/data.xml.dvc');
    const f = doc.ast as DvcFile;
    assert.equal(f.deps[0].repo?.revLock?.value, 'f31f5c4cdae787b4bdeb97a717687d44667d9e62');
    assert.equal(f.frozen?.value, 'true');
    assert.equal(f.outs[0].target, 'data/data.xml');
    assert.deepEqual(
      doc.facts.urls.map((u) => [u.url.value, u.role]),
      [['https://github.com/iterative/dataset-registry', 'data-dependency']],
    );
    const url = 'deps:\n- etag: \'"7c5b1a6d"\'\n  path: https://example.com/data/raw.csv\n  size: 120\nouts:\n- md5: b1946ac92492d2347c6235b4d2611184\n  path: raw.csv\n';
    const u = (await read({ 'raw.csv.dvc': url }, 'raw.csv.dvc')).ast as DvcFile;
    assert.equal(u.deps[0].etag?.value, '"7c5b1a6d"');
    assert.equal(u.deps[0].target, 'https://example.com/data/raw.csv');
  });
});

const CONFIG = `[core]
    remote = storage   # the default
    autostage = true
['remote "storage"']
    url = s3://ml-data/dvc
    endpointurl = http://minio.internal:9000
    access_key_id = AKIAIOSFODNN7EXAMPLE
    secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
['remote "azure"']
    url = azure://models/registry
    connection_string = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=Zm9vYmFy"
['remote "sftp"']
    url = ssh://user@backup.example.com/dvc
    user = backup
    password = hunter22
    ssl_verify = false
['remote "legacy"']
    url = http://files.example.com/dvc
    verify = False
['remote "gdrive"']
    url = gdrive://1AbCdEf
    gdrive_client_secret = GOCSPX-abcdefghijklmnop
[cache]
    dir = /mnt/shared/dvc-cache
`;

describe('DVC reader: .dvc/config', () => {
  it('reads several remotes of different types with their credentials and TLS settings', async () => {
    const doc = await read({ '.dvc/config': CONFIG }, '.dvc/config');
    const cfg = doc.ast as DvcConfig;
    assert.equal(cfg.defaultRemote?.value, 'storage');
    assert.deepEqual(
      cfg.remotes.map((r) => [r.name.value, r.scheme]),
      [
        ['storage', 's3'],
        ['azure', 'azure'],
        ['sftp', 'ssh'],
        ['legacy', 'http'],
        ['gdrive', 'gdrive'],
      ],
    );
    assert.deepEqual(
      doc.facts.settings.map((s) => [s.name.value, s.origin]),
      [
        ['access_key_id', 'dvc-remote'],
        ['secret_access_key', 'dvc-remote'],
        ['connection_string', 'dvc-remote'],
        ['password', 'dvc-remote'],
        ['gdrive_client_secret', 'dvc-remote'],
        ['core.remote', 'dvc-remote'],
      ],
    );
    assert.equal(textAt({ '.dvc/config': CONFIG }, doc.facts.settings[5].value!.loc), 'storage', 'the default remote, for the threat model');
    const conn = doc.facts.settings[2].value!;
    assert.equal(textAt({ '.dvc/config': CONFIG }, conn.loc), conn.value);
    assert.deepEqual(
      doc.facts.tlsDisables.map((t) => t.what),
      ['ssl_verify = false', 'verify = False'],
    );
    assert.deepEqual(
      doc.facts.urls.map((u) => [u.url.value, u.role]),
      [
        ['s3://ml-data/dvc', 'data-remote'],
        ['http://minio.internal:9000', 'data-remote'],
        ['azure://models/registry', 'data-remote'],
        ['ssh://user@backup.example.com/dvc', 'data-remote'],
        ['http://files.example.com/dvc', 'data-remote'],
        ['gdrive://1AbCdEf', 'data-remote'],
      ],
    );
    const stores = doc.facts.dataStores;
    assert.deepEqual(
      stores.map((s) => [s.name, s.kind, s.holdsCredentials, s.tlsVerified]),
      [
        ['storage', 'dvc-remote', true, false],
        ['azure', 'dvc-remote', true, true],
        ['sftp', 'dvc-remote', true, false],
        ['legacy', 'dvc-remote', false, false],
        ['gdrive', 'dvc-remote', true, true],
        ['cache', 'dvc-cache', false, true],
      ],
    );
  });

  it("offers one edit that moves a remote's credentials into config.local and ignores it in git", async () => {
    const files = { '.dvc/config': CONFIG, '.dvc/.gitignore': '/tmp\n/cache\n' };
    const doc = await read(files, '.dvc/config');
    const fix = doc.facts.settings.find((s) => s.name.value === 'password')!.remedies![0];
    assert.equal(fix.kind, 'review');
    const out: Record<string, string> = { ...files };
    for (const file of new Set(fix.edits.map((e) => e.file)))
      out[file] = applyEdits(
        out[file] ?? '',
        fix.edits.filter((e) => e.file === file),
      );
    assert.ok(!out['.dvc/config'].includes('password = hunter22'));
    assert.ok(!out['.dvc/config'].includes('user = backup'));
    assert.equal(out['.dvc/config.local'], `['remote "sftp"']\n    user = backup\n    password = hunter22\n`);
    assert.equal(out['.dvc/.gitignore'], '/tmp\n/cache\n/config.local\n');
    assert.ok(fix.edits.find((e) => e.file === '.dvc/config.local')!.create);
  });

  it('adds to an existing section of config.local and leaves a .gitignore that already ignores it', async () => {
    const files = { '.dvc/config': CONFIG, '.dvc/config.local': '[\'remote "storage"\']\n    profile = ml\n', '.dvc/.gitignore': '/config.local\n' };
    const doc = await read(files, '.dvc/config');
    const fix = doc.facts.settings[0].remedies![0];
    assert.equal(fix.edits.filter((e) => e.file === '.dvc/.gitignore').length, 0);
    const local = applyEdits(
      files['.dvc/config.local'],
      fix.edits.filter((e) => e.file === '.dvc/config.local'),
    );
    assert.equal(local, '[\'remote "storage"\']\n    profile = ml\n    access_key_id = AKIAIOSFODNN7EXAMPLE\n    secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
  });

  it('reads the corpus-style config with inline comments and an indented duplicate section header', async () => {
    const text = '[core]\n    # remote = old\n    remote = local_store    # F\n[\'remote "local_store"\']\n    url = C:\\Users\\me\\dvc-storage\n [\'remote "dvc-remote"\']\n    url = /tmp/x';
    const doc = await read({ '.dvc/config': text }, '.dvc/config');
    const cfg = doc.ast as DvcConfig;
    assert.equal(cfg.defaultRemote?.value, 'local_store');
    assert.deepEqual(
      cfg.remotes.map((r) => [r.name.value, r.url?.value]),
      [
        ['local_store', 'C:\\Users\\me\\dvc-storage'],
        ['dvc-remote', '/tmp/x'],
      ],
    );
  });
});
