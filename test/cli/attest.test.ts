// `mlsec attest` and `mlsec verify-attestation`: the signed SLSA provenance of a DVC pipeline's
// outputs verifies against the workspace it was made in, and names every output or dependency
// that changed, went missing or appeared afterwards; bad keys, paths and inputs give clear errors.

import * as assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dsseBundle, newKey } from '../helpers/signing';
import { PROJECT_COMMIT, PROJECT_FILES, writeDvcProject } from '../helpers/dvc-project';
import { run } from './helpers';

const sha256 = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const ATT = '.mlsec/attestations/project.intoto.json';

interface Statement {
  _type: string;
  subject: { name: string; digest: { sha256: string } }[];
  predicateType: string;
  predicate: {
    buildDefinition: {
      buildType: string;
      externalParameters: { stages: { name: string; cmd: string[]; deps: string[]; outs: string[]; params: string[] }[] };
      resolvedDependencies: { name?: string; uri?: string; digest?: Record<string, string> }[];
    };
    runDetails: { builder: { id: string } };
  };
}

function statementOf(file: string): Statement {
  const b = JSON.parse(fs.readFileSync(file, 'utf8')) as { dsseEnvelope: { payload: string } };
  return JSON.parse(Buffer.from(b.dsseEnvelope.payload, 'base64').toString('utf8')) as Statement;
}

describe('mlsec attest and verify-attestation', () => {
  let dir: string;
  let n = 0;
  const key = newKey();

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-attest-'));
    await fsp.writeFile(path.join(dir, 'key.pem'), key.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await fsp.writeFile(path.join(dir, 'pub.pem'), key.pem);
    await fsp.writeFile(path.join(dir, 'other.pem'), newKey().pem);
    const ed = generateKeyPairSync('ed25519');
    await fsp.writeFile(path.join(dir, 'ed.pem'), ed.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  });
  after(() => fsp.rm(dir, { recursive: true, force: true }));

  /** A fresh project folder named `project`, attested; returns its path. */
  async function attested(options: { git?: boolean } = {}): Promise<string> {
    const root = path.join(dir, `p${n++}`, 'project');
    await writeDvcProject(root, options);
    const r = await run(['attest', '--key', path.join(dir, 'key.pem')], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    return root;
  }
  const verify = (root: string, ...extra: string[]) => run(['verify-attestation', ATT, '--key', path.join(dir, 'pub.pem'), ...extra], { cwd: root });

  it('attests every output file, each stage, its dependencies, dvc.lock and the git commit, and verifies', async () => {
    const root = await attested();
    const st = statementOf(path.join(root, ATT));
    assert.equal(st._type, 'https://in-toto.io/Statement/v1');
    assert.equal(st.predicateType, 'https://slsa.dev/provenance/v1');
    assert.deepEqual(
      st.subject,
      ['data/prepared/test.csv', 'data/prepared/train.csv', 'models/model.pkl'].map((name) => ({ name, digest: { sha256: sha256(PROJECT_FILES[name]) } })),
    );
    const stages = st.predicate.buildDefinition.externalParameters.stages;
    assert.deepEqual(
      stages.map((s) => [s.name, s.cmd, s.deps, s.outs, s.params]),
      [
        ['prepare', ['python src/prepare.py data/raw.csv data/prepared'], ['data/raw.csv', 'src/prepare.py'], ['data/prepared'], []],
        ['train', ['python src/train.py'], ['data/prepared', 'src/train.py'], ['models/model.pkl'], ['params.yaml']],
      ],
    );
    const deps = new Map(st.predicate.buildDefinition.resolvedDependencies.map((d) => [d.name, d]));
    assert.equal(deps.get('dvc.lock')?.digest?.sha256, sha256(fs.readFileSync(path.join(root, 'dvc.lock'))));
    assert.equal(deps.get('dvc.yaml')?.digest?.sha256, sha256(fs.readFileSync(path.join(root, 'dvc.yaml'))));
    for (const f of ['data/raw.csv', 'src/prepare.py', 'src/train.py', 'params.yaml', 'data/prepared/train.csv']) assert.equal(deps.get(f)?.digest?.sha256, sha256(PROJECT_FILES[f]), f);
    assert.deepEqual(deps.get('git'), {
      uri: 'git+https://example.com/team/project.git',
      name: 'git',
      digest: { gitCommit: PROJECT_COMMIT },
      annotations: { role: 'source', ref: 'refs/heads/main' },
    });
    assert.doesNotMatch(fs.readFileSync(path.join(root, ATT), 'utf8'), /secret-token/);

    const r = await verify(root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Verified: \.mlsec\/attestations\/project\.intoto\.json is signed by the public key in .*pub\.pem, and all \d+ attested files match\./);
    assert.match(r.stdout, new RegExp(`attested at commit ${PROJECT_COMMIT} \\(refs/heads/main\\); the workspace is at the same commit`));
  });

  it('fails after a DVC output changes by one byte, naming the output and its stage', async () => {
    const root = await attested();
    const file = path.join(root, 'models/model.pkl');
    const bytes = await fsp.readFile(file);
    bytes[0] ^= 0x20;
    await fsp.writeFile(file, bytes);
    const r = await verify(root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^Not verified: /);
    assert.match(r.stderr, /CHANGED: output models\/model\.pkl of stage "train" \(attested [0-9a-f]{16}…, found [0-9a-f]{16}…\)/);
    assert.equal((r.stderr.match(/CHANGED|MISSING|ADDED/g) ?? []).length, 1);
  });

  it('fails after a dependency changes, naming it and the stage that reads it', async () => {
    const root = await attested();
    await fsp.appendFile(path.join(root, 'data/raw.csv'), '5,6\n');
    const r = await verify(root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /CHANGED: dependency data\/raw\.csv of stage "prepare"/);
    const json = await verify(root, '--format', 'json');
    const report = JSON.parse(json.stdout) as { version: number; ok: boolean; signatureOk: boolean; files: { name: string; kind: string; status: string }[] };
    assert.equal(json.code, 1);
    assert.equal(report.version, 1);
    assert.equal(report.ok, false);
    assert.equal(report.signatureOk, true);
    assert.deepEqual(
      report.files.filter((f) => f.status !== 'ok'),
      [{ name: 'data/raw.csv', kind: 'dependency', status: 'changed', expected: sha256(PROJECT_FILES['data/raw.csv']), actual: sha256(`${PROJECT_FILES['data/raw.csv']}5,6\n`) }],
    );
  });

  it('names an output that is missing, a file added to an output directory, and a changed dvc.lock', async () => {
    const root = await attested();
    await fsp.rm(path.join(root, 'data/prepared/test.csv'));
    await fsp.writeFile(path.join(root, 'data/prepared/extra.csv'), 'x\n');
    await fsp.appendFile(path.join(root, 'dvc.lock'), '\n');
    const r = await verify(root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /MISSING: output data\/prepared\/test\.csv of stage "prepare"/);
    assert.match(r.stderr, /ADDED \(not attested\): output data\/prepared\/extra\.csv of stage "prepare"/);
    assert.match(r.stderr, /CHANGED: dependency dvc\.lock/);
  });

  it('fails with another key, with a tampered statement, and accepts a bare DSSE envelope', async () => {
    const root = await attested();
    const other = await run(['verify-attestation', ATT, '--key', path.join(dir, 'other.pem')], { cwd: root });
    assert.equal(other.code, 1);
    assert.match(other.stderr, /SIGNATURE_ERROR: the signature does not verify with the configured public key/);

    const bundle = JSON.parse(fs.readFileSync(path.join(root, ATT), 'utf8')) as { dsseEnvelope: { payload: string } };
    await fsp.writeFile(path.join(root, 'envelope.json'), JSON.stringify(bundle.dsseEnvelope));
    const bare = await run(['verify-attestation', 'envelope.json', '--key', path.join(dir, 'pub.pem')], { cwd: root });
    assert.equal(bare.code, 0, bare.stderr);

    const st = statementOf(path.join(root, ATT));
    st.subject[2].digest.sha256 = sha256('forged');
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(st)).toString('base64');
    await fsp.writeFile(path.join(root, 'forged.json'), JSON.stringify(bundle));
    const forged = await run(['verify-attestation', 'forged.json', '--key', path.join(dir, 'pub.pem')], { cwd: root });
    assert.equal(forged.code, 1);
    assert.match(forged.stderr, /SIGNATURE_ERROR/);
  });

  it('refuses attested paths that leave the workspace without reading them', async () => {
    const root = await attested();
    await fsp.writeFile(path.join(root, '..', 'outside.txt'), 'secret');
    const st = statementOf(path.join(root, ATT));
    st.subject.push({ name: '../outside.txt', digest: { sha256: sha256('secret') } });
    await fsp.writeFile(path.join(root, 'escape.json'), dsseBundle(st, key));
    const r = await run(['verify-attestation', 'escape.json', '--key', path.join(dir, 'pub.pem'), '--format', 'json'], { cwd: root });
    assert.equal(r.code, 1);
    const files = (JSON.parse(r.stdout) as { files: { name: string; status: string; actual?: string }[] }).files;
    assert.deepEqual(
      files.filter((f) => f.status !== 'ok'),
      [{ name: '../outside.txt', kind: 'subject', status: 'refused', expected: sha256('secret') }],
    );
  });

  it('refuses to attest outputs that are absent or differ from dvc.lock, unless told to', async () => {
    const root = path.join(dir, `p${n++}`, 'project');
    await writeDvcProject(root);
    await fsp.appendFile(path.join(root, 'models/model.pkl'), 'retrained by hand');
    const keyArgs = ['--key', path.join(dir, 'key.pem')];
    const changed = await run(['attest', ...keyArgs], { cwd: root });
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /these files differ from what dvc\.lock recorded.*models\/model\.pkl \(dvc\.lock, stage "train"\).*--allow-lock-mismatch/);
    assert.ok(!fs.existsSync(path.join(root, ATT)));
    assert.equal((await run(['attest', ...keyArgs, '--allow-lock-mismatch', '--output', 'out.json'], { cwd: root })).code, 0);
    assert.equal((await run(['verify-attestation', 'out.json', '--key', path.join(dir, 'pub.pem')], { cwd: root })).code, 0);

    await fsp.rm(path.join(root, 'models/model.pkl'));
    const absent = await run(['attest', ...keyArgs], { cwd: root });
    assert.equal(absent.code, 1);
    assert.match(absent.stderr, /not in the workspace: models\/model\.pkl \(output of stage "train"\); run the pipeline \(dvc repro\) or fetch its data \(dvc pull\) first/);
  });

  it('attests without git, saying the revision is not recorded', async () => {
    const root = await attested({ git: false });
    const st = statementOf(path.join(root, ATT));
    assert.ok(!st.predicate.buildDefinition.resolvedDependencies.some((d) => d.name === 'git'));
    const again = await run(['attest', '--key', path.join(dir, 'key.pem')], { cwd: root });
    assert.match(again.stderr, /warning: no git commit could be read from \.git/);
    assert.equal((await verify(root)).code, 0);
  });

  it('gives clear errors for a workspace without a pipeline, bad keys and a missing attestation', async () => {
    const empty = path.join(dir, 'empty');
    await fsp.mkdir(empty, { recursive: true });
    const none = await run(['attest', '--key', path.join(dir, 'key.pem')], { cwd: empty });
    assert.equal(none.code, 1);
    assert.match(none.stderr, /no dvc\.yaml with stages was found in the workspace/);
    const root = path.join(dir, `p${n++}`, 'project');
    await writeDvcProject(root);
    const ed = await run(['attest', '--key', path.join(dir, 'ed.pem')], { cwd: root });
    assert.equal(ed.code, 1);
    assert.match(ed.stderr, /only elliptic-curve keys/);
    const pub = await run(['attest', '--key', path.join(dir, 'pub.pem')], { cwd: root });
    assert.equal(pub.code, 1);
    assert.match(pub.stderr, /holds a public key or certificate; signing needs the private key/);
    const noKey = await run(['attest'], { cwd: root });
    assert.equal(noKey.code, 2);
    const missing = await run(['verify-attestation', 'nope.json', '--key', path.join(dir, 'pub.pem')], { cwd: root });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read nope\.json: ENOENT/);
    await fsp.writeFile(path.join(root, 'junk.json'), '{"not": "a bundle"');
    const junk = await run(['verify-attestation', 'junk.json', '--key', path.join(dir, 'pub.pem')], { cwd: root });
    assert.equal(junk.code, 1);
    assert.match(junk.stderr, /INVALID_ATTESTATION: the attestation is not valid JSON/);
    const untrusted = await run(['verify-attestation', 'junk.json'], { cwd: root });
    assert.equal(untrusted.code, 2);
    assert.match(untrusted.stderr, /no trusted signer/);
  });

  it('names the covering attestation in the lineage report and the ML-BOM, found in its folder or given', async () => {
    const root = await attested();
    const text = await run(['provenance'], { cwd: root });
    assert.equal(text.code, 0, text.stderr);
    const block = (p: string) => text.stdout.split('\n\n').find((b) => b.startsWith(`${p}  `)) ?? '';
    assert.match(block('models/model.pkl'), /attested as an output in \.mlsec\/attestations\/project\.intoto\.json/);
    assert.match(block('data/prepared'), /attested as an output in \.mlsec\/attestations\/project\.intoto\.json/);
    assert.match(block('data/raw.csv'), /attested as a dependency in \.mlsec\/attestations\/project\.intoto\.json/);

    await fsp.rename(path.join(root, ATT), path.join(root, '..', 'moved.json'));
    await fsp.writeFile(path.join(root, '.mlsec/attestations/broken.intoto.json'), 'not json');
    const json = await run(['provenance', '--format', 'json', '--attestation', '../moved.json'], { cwd: root });
    assert.match(json.stderr, /warning: \.mlsec\/attestations\/broken\.intoto\.json: not a readable attestation/);
    const artifacts = (JSON.parse(json.stdout) as { artifacts: { path: string; attestations?: unknown }[] }).artifacts;
    const moved = path.join(root, '..', 'moved.json');
    assert.deepEqual(artifacts.find((a) => a.path === 'models/model.pkl')?.attestations, [{ file: moved, role: 'output' }]);

    const bomFile = path.join(root, '..', 'bom.json');
    assert.equal((await run(['bom', '--output', bomFile, '--attestation', moved], { cwd: root })).code, 0);
    const bom = JSON.parse(fs.readFileSync(bomFile, 'utf8')) as { components: { name: string; properties?: { name: string; value: string }[] }[] };
    const props = (name: string) => (bom.components.find((c) => c.name === name)?.properties ?? []).filter((p) => p.name.startsWith('mlsec:attestation'));
    assert.deepEqual(props('models/model.pkl'), [{ name: 'mlsec:attestation', value: moved }]);
    assert.deepEqual(props('data/raw.csv'), [{ name: 'mlsec:attestation-dependency', value: moved }]);
    const missing = await run(['provenance', '--attestation', 'absent.json'], { cwd: root });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the attestation .*absent\.json: ENOENT/);
  });
});
