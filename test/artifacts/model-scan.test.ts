// Tests of model-file scanning: format detection by content, every container, mismatches,
// corrupt files, and that big archives are read selectively.

import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { allGlobals, hazards, isModelFileName, scanModelFile, type ModelScan } from '../../src/core/artifacts/model-scan';
import { NodeWorkspaceIO, type WorkspaceIO } from '../../src/core/workspace/io';
import { torchStateDictPickle, torchZip, writeModelFixtures } from '../helpers/model-fixtures';

function dangerous(scan: ModelScan): string[] {
  return hazards(scan).dangerous.map((h) => h.what);
}

describe('model file scanning', () => {
  let dir: string;
  let io: NodeWorkspaceIO;
  const scans = new Map<string, ModelScan>();

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-models-'));
    const files = await writeModelFixtures(dir);
    io = new NodeWorkspaceIO(dir);
    for (const f of files) {
      const s = await scanModelFile(io, f);
      assert.ok(s, f);
      scans.set(f, s);
    }
  });

  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const get = (f: string) => {
    const s = scans.get(f);
    assert.ok(s, f);
    return s;
  };

  it('finds a dangerous global in every malicious fixture', () => {
    for (const [f, s] of scans) {
      if (!f.startsWith('malicious/')) continue;
      assert.ok(dangerous(s).length > 0, `${f}: ${JSON.stringify(hazards(s))} ${s.problems.join(' ')}`);
      assert.equal(s.unsafeOnLoad, true, f);
    }
  });

  it('finds nothing dangerous or unknown in the benign fixtures', () => {
    for (const [f, s] of scans) {
      if (!f.startsWith('benign/')) continue;
      const h = hazards(s);
      assert.deepEqual([...h.dangerous, ...h.unknown], [], f);
      assert.deepEqual(s.problems, [], f);
      assert.equal(s.mismatch, undefined, f);
    }
  });

  it('detects each format from the content', () => {
    const want: Record<string, string> = {
      'malicious/checkpoint.pt': 'pytorch-zip',
      'malicious/legacy-raw.pt': 'pytorch-legacy',
      'malicious/legacy-tar.pth': 'pytorch-tar',
      'malicious/object-array.npy': 'numpy',
      'malicious/arrays.npz': 'npz',
      'malicious/lambda.keras': 'keras',
      'malicious/lambda.h5': 'h5',
      'malicious/compressed.joblib': 'compressed',
      'malicious/os-system-p0.pkl': 'pickle',
      'benign/model.safetensors': 'safetensors',
      'benign/numeric.npy': 'numpy',
    };
    for (const [f, format] of Object.entries(want)) assert.equal(get(f).format, format, f);
  });

  it('scans archive/data.pkl inside a PyTorch zip', () => {
    const s = get('malicious/checkpoint.pt');
    assert.deepEqual(
      s.pickles.map((p) => p.location),
      ['archive/data.pkl'],
    );
    assert.deepEqual(dangerous(s), ['os.system']);
    assert.equal(s.serialization, 'pytorch');
    assert.equal(s.entries, 5);
  });

  it('reads the five pickles of a legacy checkpoint and stops before the storage data', () => {
    const s = get('malicious/legacy-raw.pt');
    assert.equal(s.pickles.length, 5);
    assert.deepEqual(dangerous(s), ['os.system']);
    assert.deepEqual(s.problems, []);
  });

  it('reads the tar entries of the oldest PyTorch format, skipping storage bytes', () => {
    const s = get('malicious/legacy-tar.pth');
    assert.deepEqual(dangerous(s), ['os.system']);
    assert.ok(s.pickles.some((p) => p.location.startsWith('storages')));
    assert.equal(s.complete, true, s.problems.join(' '));
  });

  it('scans the pickle of an object array in .npy and .npz', () => {
    assert.deepEqual(dangerous(get('malicious/object-array.npy')), ['os.system']);
    const npz = get('malicious/arrays.npz');
    assert.deepEqual(dangerous(npz), ['os.system']);
    assert.ok(npz.pickles[0].location.startsWith('labels.npy'));
    const numeric = get('benign/numeric.npy');
    assert.equal(numeric.pickles.length, 0);
    assert.equal(numeric.unsafeOnLoad, false);
  });

  it('reports Keras Lambda bytecode and module references outside Keras', () => {
    const lambda = hazards(get('malicious/lambda.keras')).dangerous;
    assert.equal(lambda.length, 1);
    assert.match(lambda[0].what, /Lambda layer "exfiltrate"/);
    assert.match(lambda[0].reason, /system/);
    assert.deepEqual(dangerous(get('malicious/module-reference.keras')), ['os.system']);
    assert.match(hazards(get('malicious/lambda.h5')).dangerous[0].where, /model_config at byte 224/);
    assert.equal(get('benign/dense.keras').unsafeOnLoad, false);
  });

  it('skips joblib arrays and decompresses gzip joblib dumps', () => {
    assert.deepEqual(dangerous(get('malicious/after-array.joblib')), ['subprocess.Popen']);
    assert.equal(get('benign/array.joblib').serialization, 'joblib');
    assert.deepEqual(dangerous(get('malicious/compressed.joblib')), ['os.system']);
  });

  it('reports a safetensors name on pickle content as a mismatch', () => {
    const s = get('malicious/disguised.safetensors');
    assert.equal(s.format, 'pickle');
    assert.match(s.mismatch ?? '', /named "\.safetensors" but its content is a pickle/);
  });

  it('reads only the model extensions it knows, not names of built-in object properties', () => {
    for (const name of ['m.pkl', 'dir/m.PT', 'w.safetensors']) assert.equal(isModelFileName(name), true, name);
    for (const name of ['notes.constructor', 'x.__proto__', 'y.hasOwnProperty', 'Dockerfile', 'model']) assert.equal(isModelFileName(name), false, name);
  });

  it('validates safetensors headers', () => {
    assert.deepEqual(get('benign/model.safetensors').problems, []);
    assert.equal(get('benign/model.safetensors').safetensors?.tensors, 2);
    assert.match(get('corrupt/overlap.safetensors').problems.join(' '), /overlap/);
    assert.match(get('corrupt/out-of-bounds.safetensors').problems.join(' '), /out of bounds/);
  });

  it('reports a truncated pickle with what it found', () => {
    const s = get('corrupt/truncated.pkl');
    assert.equal(s.complete, false);
    assert.match(s.problems.join(' '), /truncated/);
    assert.ok(allGlobals(s).some((g) => g.module === 'posix'));
  });

  it('reads only the central directory and data.pkl of a large checkpoint', async () => {
    const big = torchZip(torchStateDictPickle(), 32 * 1024 * 1024);
    await fsp.writeFile(path.join(dir, 'big.pt'), big);
    let bytesRead = 0;
    const counting: WorkspaceIO = Object.assign(Object.create(io) as WorkspaceIO, {
      readRange: async (rel: string, pos: number, len: number) => {
        const b = await io.readRange(rel, pos, len);
        bytesRead += b.length;
        return b;
      },
    });
    const s = await scanModelFile(counting, 'big.pt');
    assert.ok(s);
    assert.equal(s.format, 'pytorch-zip');
    assert.deepEqual(dangerous(s), []);
    assert.ok(bytesRead < 256 * 1024, `read ${bytesRead} of ${big.length} bytes`);
  });

  it('never throws on random bytes', async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff;
    for (let k = 0; k < 40; k++) {
      const bytes = Buffer.from(Array.from({ length: 50 + k * 37 }, rand));
      if (k % 3 === 0) bytes[0] = 0x80;
      if (k % 5 === 0) bytes.write('PK\x03\x04', 0, 'latin1');
      const name = `random-${k}.${['pkl', 'pt', 'npy', 'keras', 'safetensors', 'h5'][k % 6]}`;
      await fsp.writeFile(path.join(dir, name), bytes);
      const s = await scanModelFile(io, name);
      assert.ok(s);
    }
  });
});
