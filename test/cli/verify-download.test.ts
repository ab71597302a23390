// verify-model on downloaded model folders: hub cache snapshots, local_dir downloads and plain
// folders, generated here as tiny files (no ../shared needed).

import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyModelCommand } from '../../src/cli/verify-model';
import type { DownloadReport } from '../../src/core/artifacts/download/report';
import * as fx from '../helpers/model-fixtures';
import { hubRecord, lfsPointer, writeHubCache, writeLocalDir } from '../helpers/hf-download';
import { newKey, signModel } from '../helpers/signing';

async function run(args: string[]) {
  let out = '';
  let err = '';
  const code = await verifyModelCommand(args, { stdout: (s) => (out += s + '\n'), stderr: (s) => (err += s + '\n') });
  return { code, out, err, text: out + err };
}

const CARD = '---\nlicense: apache-2.0\nbase_model: google-bert/bert-base-uncased\ntags: [text-classification]\n---\n# tiny\n';
const COMMIT = '0123456789abcdef0123456789abcdef01234567';

function files(extra: Record<string, Buffer | string> = {}): Record<string, Buffer | string> {
  return { 'config.json': '{"model_type": "bert"}', 'model.safetensors': fx.validSafetensors(), 'README.md': CARD, ...extra };
}

describe('mlsec verify-model on a download', () => {
  let dir: string;
  let n = 0;
  const hub = async (f: Record<string, Buffer | string>, refs: string[] = []) => writeHubCache(path.join(dir, `hub${n++}`), 'org/tiny', f, { refs, commit: COMMIT });
  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-download-'));
  });
  after(() => fsp.rm(dir, { recursive: true, force: true }));

  it('exits 0 for a clean pinned hub snapshot and says plainly that it is unsigned', async () => {
    const r = await run([await hub(files())]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.out, /^Checked: models--org--tiny\/snapshots\/0123456789abcdef0123456789abcdef01234567 matches its download record and holds no unsafe content\./);
    assert.match(r.out, /Repository: org\/tiny\n  Commit: 0123456789abcdef0123456789abcdef01234567\n  Revision: pinned \(downloaded by commit hash\)/);
    assert.match(r.out, /Integrity: 3 of 3 files match the download's record\./);
    assert.match(r.out, /Model card: licence apache-2.0, base model google-bert\/bert-base-uncased\./);
    assert.match(r.out, /Unsigned: no signature \(model\.sig\) covers this folder/);
  });

  it('names a tampered blob and exits 1', async () => {
    const snap = await hub(files());
    const blob = hubRecord('model.safetensors', fx.validSafetensors());
    const blobPath = path.join(snap, '..', '..', 'blobs', blob);
    const bytes = await fsp.readFile(blobPath);
    bytes[bytes.length - 1] ^= 1;
    await fsp.writeFile(blobPath, bytes);
    const r = await run([snap]);
    assert.equal(r.code, 1);
    assert.match(r.err, new RegExp(`PROBLEM: model\\.safetensors does not match the download's record: its sha256 is [0-9a-f]{64}, the record \\(models--org--tiny/blobs/${blob}\\) says ${blob}\\.`));
    assert.match(r.err, /Integrity: 2 of 3 files match the download's record, 1 do not\./);
  });

  it('checks git blob SHA-1 records of small files', async () => {
    const snap = await hub(files());
    await fsp.writeFile(path.join(snap, '..', '..', 'blobs', hubRecord('config.json', Buffer.from('{"model_type": "bert"}'))), '{"model_type": "gpt2"}');
    const r = await run([snap, '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as DownloadReport;
    assert.deepEqual(
      report.integrity.map((f) => `${f.name} ${f.status} ${f.record?.algorithm}`),
      ['README.md ok git-sha1', 'config.json mismatch git-sha1', 'model.safetensors ok sha256'],
    );
    assert.equal(report.provenance.pinned, true);
    assert.equal(report.layout, 'hf-cache');
  });

  it('fails an unsigned download with --require-signature', async () => {
    const r = await run([await hub(files()), '--require-signature']);
    assert.equal(r.code, 1);
    assert.match(r.err, /PROBLEM: A signature is required \(--require-signature\) and there is none\./);
  });

  it('reports an unfetched LFS pointer named pytorch_model.bin, not an unknown format', async () => {
    const r = await run([await hub(files({ 'pytorch_model.bin': lfsPointer(Buffer.from('weights')) }))]);
    assert.equal(r.code, 1);
    assert.match(r.err, /PROBLEM: pytorch_model\.bin is a Git LFS pointer that was never fetched \(the file is 7 bytes\)/);
    assert.doesNotMatch(r.err, /not a model format/);
  });

  it('flags a branch revision, remote code and pickle weights beside safetensors', async () => {
    const config = JSON.stringify({ auto_map: { AutoModel: 'modeling_tiny.TinyModel', AutoTokenizer: ['other/repo--tokenization.Tok', null] } });
    const snap = await hub(
      files({ 'config.json': config, 'modeling_tiny.py': 'import os\n', 'pytorch_model.bin': fx.torchZip(fx.torchStateDictPickle()), 'README.md': `${CARD}Load with trust_remote_code=True\n` }),
      ['main'],
    );
    const r = await run([snap]);
    assert.equal(r.code, 0, r.text);
    assert.match(r.out, /Revision: main \(a branch or tag, not a pin\)/);
    assert.match(r.out, /Warning: config\.json maps AutoModel to modeling_tiny\.TinyModel: loading with trust_remote_code=True runs modeling_tiny\.py\./);
    assert.match(r.out, /Warning: config\.json maps AutoTokenizer to other\/repo--tokenization\.Tok: loading with trust_remote_code=True runs code from another repository, other\/repo\./);
    assert.match(r.out, /Warning: README\.md:7 asks for trust_remote_code/);
    assert.match(r.out, /Warning: pytorch_model\.bin is a PyTorch zip checkpoint that runs code when loaded, and is not needed: model\.safetensors holds the weights/);
    assert.match(r.out, /Warning: The revision was "main", not a commit hash/);
  });

  it('fails on a dangerous pickle in the weights', async () => {
    const r = await run([await hub(files({ 'pytorch_model.bin': fx.torchZip(fx.torchMaliciousPickle()) }))]);
    assert.equal(r.code, 1);
    assert.match(r.err, /PROBLEM: pytorch_model\.bin runs dangerous code when loaded: /);
  });

  it('does not follow a snapshot link that leaves the cache', async () => {
    const snap = await hub(files());
    const outside = path.join(dir, 'outside-secret.txt');
    await fsp.writeFile(outside, 'secret');
    await fsp.symlink(outside, path.join(snap, 'leak.txt'));
    const r = await run([snap, '--format', 'json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as DownloadReport;
    const leak = report.integrity.find((f) => f.name === 'leak.txt');
    assert.equal(leak?.status, 'missing');
    assert.equal(leak?.actual, undefined);
    assert.doesNotMatch(r.out, /secret/);
  });

  it('checks a local_dir download against its metadata and names the changed file', async () => {
    const local = path.join(dir, 'local');
    await writeLocalDir(local, files(), COMMIT);
    const clean = await run([local]);
    assert.equal(clean.code, 0, clean.text);
    assert.match(clean.out, /Download: Hugging Face local_dir download at local\n  Commit: 0123456789abcdef0123456789abcdef01234567\n  Revision: not recorded/);
    await fsp.writeFile(path.join(local, 'README.md'), `${CARD}changed\n`);
    const changed = await run([local]);
    assert.equal(changed.code, 1);
    assert.match(changed.err, /PROBLEM: README\.md does not match the download's record: its git-sha1 is [0-9a-f]{40}, the record \(local\/\.cache\/huggingface\/download\/README\.md\.metadata\)/);
  });

  it('checks a plain folder and verifies its signature when a key is given', async () => {
    const key = newKey();
    const plain = path.join(dir, 'plain');
    await fsp.mkdir(plain);
    const content = files();
    for (const [name, data] of Object.entries(content)) await fsp.writeFile(path.join(plain, name), data);
    await fsp.writeFile(path.join(dir, 'key.pem'), key.pem);
    const unsigned = await run([plain]);
    assert.equal(unsigned.code, 0, unsigned.text);
    assert.match(unsigned.out, /^Checked: plain holds no unsafe content\./);
    assert.match(unsigned.out, /there is no record to compare with/);
    await fsp.writeFile(path.join(plain, 'model.sig'), signModel('plain', content, key));
    const present = await run([plain, '--require-signature']);
    assert.equal(present.code, 1);
    assert.match(present.err, /Signature plain\/model\.sig is present but was not verified: no trusted signer was given/);
    const signed = await run([plain, '--key', path.join(dir, 'key.pem'), '--require-signature']);
    assert.equal(signed.code, 0, signed.text);
    assert.match(signed.out, /^Verified: plain is signed by the public key in .*key\.pem\.\n/);
  });
});
