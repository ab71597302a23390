// The workspace boundary: reads, hashes, listings and writes that would leave the workspace
// (symlinks, `../`, absolute paths) or open something other than a regular file are refused,
// with a note naming the path as written and nothing from outside.

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine, defaultConfig, scanWorkspace } from '../../src/core';
import { loadTrustPolicy } from '../../src/core/artifacts/signature-trust';
import { keepSafeFixes, syntaxRegression } from '../../src/core/fix-safety';
import { DocumentIndex } from '../../src/core/document';
import type { Finding, Problem } from '../../src/core/model';
import { NodeWorkspaceIO } from '../../src/core/workspace/io';
import { listModelFiles } from '../../src/core/artifacts/signature-manifest';
import { loadWorkspaceConfig } from '../../src/core/workspace/scan';

const SECRET = 'TOP-SECRET-OUTSIDE-VALUE';

/** A temporary directory holding `outside/` (never to be read) and `ws/` (the workspace). */
function sandbox(): { ws: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-boundary-'));
  const ws = path.join(base, 'ws');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(ws);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.yaml'), `token: ${SECRET}\n`);
  fs.mkdirSync(path.join(outside, '.ssh'));
  fs.writeFileSync(path.join(outside, '.ssh', 'id_rsa'), SECRET);
  return { ws, outside };
}

describe('workspace boundary', () => {
  it('refuses a symlink to outside, ../ and an absolute path, naming only the path as written', async () => {
    const { ws, outside } = sandbox();
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(ws, 'params.yaml'));
    const io = new NodeWorkspaceIO(ws);
    for (const rel of ['params.yaml', '../outside/secret.yaml', path.join(outside, 'secret.yaml')]) {
      await assert.rejects(io.readFile(rel), (e: Error) => e.message.startsWith(`${rel} was not read:`) && !e.message.includes(SECRET));
      await assert.rejects(io.hash(rel, 'sha256'), /was not read/);
      assert.equal(await io.stat(rel), undefined);
    }
    const refusals = io.takeRefusals();
    assert.deepEqual(
      refusals.map((r) => r.path),
      ['params.yaml', '../outside/secret.yaml', path.join(outside, 'secret.yaml')],
    );
    assert.match(refusals[0].reason, /symlink to a place outside/);
    assert.match(refusals[1].reason, /out of the workspace through \.\.\//);
    assert.match(refusals[2].reason, /absolute path/);
  });

  it('lists no outside directory through a symlinked directory', async () => {
    const { ws, outside } = sandbox();
    fs.symlinkSync(outside, path.join(ws, 'data'));
    const io = new NodeWorkspaceIO(ws);
    assert.equal(await io.readDir('data'), undefined);
    assert.deepEqual(await listModelFiles(io, 'data', []), []);
  });

  it('never blocks on a FIFO and refuses a device as a trust key', async function () {
    if (process.platform === 'win32') this.skip();
    const { ws } = sandbox();
    execFileSync('mkfifo', [path.join(ws, 'key.pem')]);
    fs.symlinkSync('/dev/zero', path.join(ws, 'zero.pem'));
    const io = new NodeWorkspaceIO(ws);
    await assert.rejects(io.readFile('key.pem'), /not a regular file/);
    const loaded = await loadTrustPolicy(io, { publicKeys: ['key.pem', '../../../../dev/zero', 'zero.pem', '/dev/zero'] });
    assert.equal(loaded.trust.keys.length, 0);
    assert.equal(loaded.problems.length, 4);
    for (const p of loaded.problems) assert.match(p, /was not read/);
  });

  it('walks two self-loop symlinks in a model directory once', async () => {
    const { ws } = sandbox();
    fs.mkdirSync(path.join(ws, 'model'));
    fs.writeFileSync(path.join(ws, 'model', 'weights.bin'), 'w');
    fs.symlinkSync('.', path.join(ws, 'model', 'a'));
    fs.symlinkSync('.', path.join(ws, 'model', 'b'));
    assert.deepEqual(await listModelFiles(new NodeWorkspaceIO(ws), 'model', []), ['weights.bin']);
  });

  it('keeps DVC vars, wdir and a params symlink from reading outside, and says so in notes', async () => {
    const { ws, outside } = sandbox();
    fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(ws, 'params.yaml'));
    fs.writeFileSync(path.join(ws, 'dvc.yaml'), 'vars:\n  - ../outside/secret.yaml\nstages:\n  a:\n    cmd: echo ${token}\n  b:\n    wdir: ../outside\n    cmd: cat x\n    deps:\n      - .ssh\n');
    const r = await scanWorkspace(createEngine(), ws, { config: defaultConfig() });
    const text = JSON.stringify({ findings: r.findings, notes: r.notes });
    assert.ok(!text.includes(SECRET), 'no outside value in findings or notes');
    assert.ok(!text.includes('id_rsa'));
    assert.ok(r.notes.some((n) => n.message.startsWith('../outside/secret.yaml was not read')));
    assert.ok(r.notes.some((n) => n.file === 'params.yaml' && /symlink to a place outside/.test(n.message)));
  });

  it('refuses .mlsec.yaml when it is a symlink out, quoting nothing of it', async () => {
    const { ws, outside } = sandbox();
    fs.writeFileSync(path.join(outside, 'cfg.yaml'), `rules:\n  ${SECRET}: {enabled: false}\n`);
    fs.symlinkSync(path.join(outside, 'cfg.yaml'), path.join(ws, '.mlsec.yaml'));
    const loaded = await loadWorkspaceConfig(ws, new Set());
    assert.equal(loaded.errors.length, 1);
    assert.match(loaded.errors[0].message, /^\.mlsec\.yaml was not read: it is a symlink/);
    assert.ok(!JSON.stringify(loaded).includes(SECRET));
  });

  it('does not offer the move to .dvc/config.local when config.local is a symlink out', async () => {
    const { ws, outside } = sandbox();
    fs.mkdirSync(path.join(ws, '.dvc'));
    fs.writeFileSync(
      path.join(ws, '.dvc', 'config'),
      '[\'remote "s3"\']\n    url = s3://bucket/x\n    access_key_id = AKIAIOSFODNN7EXAMPLE\n    secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n',
    );
    fs.writeFileSync(path.join(outside, 'local'), '');
    fs.symlinkSync(path.join(outside, 'local'), path.join(ws, '.dvc', 'config.local'));
    const r = await scanWorkspace(createEngine(), ws, { config: defaultConfig() });
    const offered = r.findings
      .flatMap((f) => f.fixes)
      .flatMap((x) => x.edits)
      .filter((e) => e.file === '.dvc/config.local');
    assert.deepEqual(offered, []);
    assert.ok(r.notes.some((n) => /\.dvc\/config\.local may not be edited: it is a symlink/.test(n.message)));
    assert.equal(fs.readFileSync(path.join(outside, 'local'), 'utf8'), '');
  });
});

describe('fix safety', () => {
  const finding = (file: string, newText: string, start: number, end: number): Finding => ({
    ruleId: 'test/x',
    severity: 'low',
    message: 'm',
    loc: { file, start: 0, end: 1 },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
    related: [],
    fixes: [{ title: 'Edit', kind: 'safe', edits: [{ file, start, end, newText }] }],
    taxonomy: { stride: [], atlas: [], owasp: [] },
  });

  it('says why JSON, YAML, INI and Dockerfile edits that break the file are unsafe', () => {
    assert.match(syntaxRegression('m.json', '{"a": 1}', '{"a": 1, b: {c: d}}') ?? '', /no longer be valid JSON/);
    assert.equal(syntaxRegression('m.json', '{"a": 1}', '{"a": 1, "b": {"c": "d"}}'), undefined);
    assert.match(syntaxRegression('k.yaml', 'a: 1\n---\nb: 2\n', 'a: 1\nb: 2\n') ?? '', /1 YAML documents instead of 2/);
    assert.match(syntaxRegression('k.yaml', 'a: [1]\n', 'a: [1\n') ?? '', /YAML syntax error/);
    assert.match(syntaxRegression('.dvc/config', '[core]\n', '[core\n') ?? '', /INI/);
    assert.match(syntaxRegression('Dockerfile', 'FROM a\nRUN echo hi\n', 'FROM a\nRUN echo "hi\n') ?? '', /Dockerfile/);
    assert.equal(syntaxRegression('Dockerfile', 'FROM a\nRUN echo hi\n', 'FROM a\nRUN echo hello\n'), undefined);
  });

  it('drops a breaking fix with a note and keeps a sound one', async () => {
    const { ws } = sandbox();
    fs.writeFileSync(path.join(ws, 'm.json'), '{"a": 1}');
    const engine = createEngine();
    const { SourceFile } = await import('../../src/core/source');
    const { docs } = await engine.parse(new SourceFile('m.json', '{"a": 1}'), { config: defaultConfig() });
    const index = new DocumentIndex(docs.length ? docs : []);
    if (!index.has('m.json')) index.add({ file: new SourceFile('m.json', '{"a": 1}'), format: 'kubernetes', facts: (await import('../../src/core/facts/model')).emptyFacts(), notes: [] });
    const bad = finding('m.json', ', b: c', 7, 7);
    const good = finding('m.json', ', "b": "c"', 7, 7);
    const notes: Problem[] = [];
    await keepSafeFixes([bad, good], index, new NodeWorkspaceIO(ws), notes);
    assert.equal(bad.fixes.length, 0);
    assert.equal(good.fixes.length, 1);
    assert.equal(notes.length, 1);
    assert.match(notes[0].message, /not offered: in m\.json, the edited file would no longer be valid JSON/);
  });
});

describe('JSON edits', () => {
  it('inserts quoted keys and JSON values into a JSON manifest', async () => {
    const { parseYaml } = await import('../../src/core/formats/yaml/parse');
    const { insertPair, insertMapping } = await import('../../src/core/formats/yaml/edit');
    const { SourceFile } = await import('../../src/core/source');
    const { applyEdits } = await import('../../src/core/fixes');
    const text = '{\n  "apiVersion": "v1",\n  "spec": {"name": "x"}\n}\n';
    const y = parseYaml(new SourceFile('seldon.json', text)).docs[0];
    const spec = y.map(y.map(y.root)!.get('spec', true))!;
    const a = insertPair(y, spec, 'runAsNonRoot', 'true')!;
    const b = insertMapping(y, y.map(y.root)!, 'securityContext', [['seccompProfile', [['type', 'RuntimeDefault']]]])!;
    const out = applyEdits(text, [a, b]);
    assert.deepEqual(JSON.parse(out), { apiVersion: 'v1', spec: { name: 'x', runAsNonRoot: true }, securityContext: { seccompProfile: { type: 'RuntimeDefault' } } });
  });
});

describe('DVC directory outputs', () => {
  it('lists a directory output with two self-loop symlinks once and finishes', async () => {
    const { ws } = sandbox();
    fs.mkdirSync(path.join(ws, '.dvc'));
    fs.writeFileSync(path.join(ws, '.dvc', 'config'), '');
    fs.mkdirSync(path.join(ws, 'data'));
    fs.writeFileSync(path.join(ws, 'data', 'a.csv'), 'x\n');
    fs.symlinkSync('.', path.join(ws, 'data', 'loop1'));
    fs.symlinkSync('.', path.join(ws, 'data', 'loop2'));
    fs.writeFileSync(path.join(ws, 'data.dvc'), 'outs:\n- md5: 0123456789abcdef0123456789abcdef.dir\n  path: data\n');
    const { checkIntegrity } = await import('../../src/core/formats/dvc/integrity');
    const r = await scanWorkspace(createEngine(), ws, { config: defaultConfig() });
    const [result] = await checkIntegrity(r.index, new NodeWorkspaceIO(ws));
    assert.equal(result.path, 'data');
    // The listing stops at the first link back instead of doubling at every level.
    assert.equal(result.status, 'not-checked');
    assert.match(result.reason ?? '', /links back to a directory already listed/);
  });
});
