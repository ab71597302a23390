// Tests of `.zip` archives that carry model files: pickles, compressed joblib dumps and nested
// checkpoints inside are scanned with their path in the archive, ordinary archives are not
// models, and entries that cannot be read (too large, encrypted, lying about their size, too
// deeply nested) are named as not inspected. The archives are built with fflate, never loaded.

import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { hazards, scanModelFile, type ModelScan } from '../../src/core/artifacts/model-scan';
import { isNotAModel, MAX_CARRIED_BYTES } from '../../src/core/artifacts/model-carrier';
import { verifyDownload } from '../../src/core/artifacts/download/report';
import { formatDownloadReport } from '../../src/core/artifacts/download/format';
import { modelFileReader } from '../../src/core/formats/model-file';
import { SourceFile } from '../../src/core/source';
import { defaultConfig } from '../../src/core/config';
import { NodeWorkspaceIO, type WorkspaceIO } from '../../src/core/workspace/io';
import * as fx from '../helpers/model-fixtures';

const dangerous = (s: ModelScan) => hazards(s).dangerous.map((h) => h.what);

/** Rewrites the sizes or flags an archive declares for one entry, in its local and central headers. */
function patchEntry(zip: Buffer, name: string, patch: { uncompressedSize?: number; encrypted?: boolean }): Buffer {
  const out = Buffer.from(zip);
  const headers: [number, number, number, number][] = [
    // signature, offset of flags, offset of uncompressed size, offset of the name length (name follows the fixed part)
    [0x04034b50, 6, 22, 26],
    [0x02014b50, 8, 24, 28],
  ];
  let patched = 0;
  for (let i = 0; i + 4 <= out.length; i++) {
    for (const [sig, flags, size, nameLen] of headers) {
      if (out.readUInt32LE(i) !== sig) continue;
      const fixed = sig === 0x04034b50 ? 30 : 46;
      const n = out.readUInt16LE(i + nameLen);
      if (out.subarray(i + fixed, i + fixed + n).toString('utf8') !== name) continue;
      if (patch.uncompressedSize !== undefined) out.writeUInt32LE(patch.uncompressedSize, i + size);
      if (patch.encrypted) out.writeUInt16LE(out.readUInt16LE(i + flags) | 1, i + flags);
      patched++;
    }
  }
  assert.equal(patched, 2, `patched both headers of ${name}`);
  return out;
}

describe('zip archives that carry model files', () => {
  let dir: string;
  let io: NodeWorkspaceIO;
  const write = async (name: string, data: Buffer) => {
    await fsp.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fsp.writeFile(path.join(dir, name), data);
  };
  const scan = async (name: string, data: Buffer): Promise<ModelScan> => {
    await write(name, data);
    const s = await scanModelFile(io, name);
    assert.ok(s, name);
    return s;
  };

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-carriers-'));
    io = new NodeWorkspaceIO(dir);
  });

  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  it('finds a dangerous pickle inside the archive and names its path there', async () => {
    const s = await scan('model.zip', fx.zipOf({ 'README.txt': Buffer.from('weights'), 'inner/model.pkl': fx.osSystemP0() }));
    assert.equal(s.format, 'model-archive');
    assert.deepEqual(dangerous(s), ['os.system']);
    assert.match(hazards(s).dangerous[0].where, /^GLOBAL at byte 0 of inner\/model\.pkl, bytes 0–\d+/);
    assert.equal(s.serialization, 'pickle');
    assert.equal(s.unsafeOnLoad, true);
    assert.equal(s.complete, true, s.problems.join(' '));
  });

  it('reads every name a loader unpickles, not only .pkl', async () => {
    const s = await scan('bundle.zip', fx.zipOf({ 'a.pickle': fx.posixSystemP2(), 'b.dill': fx.builtinsEvalInstP0(), 'c.sav': fx.subprocessStackGlobalMemoP4(), 'notes.md': Buffer.from('# notes') }));
    assert.deepEqual(dangerous(s).sort(), ['builtins.eval', 'posix.system', 'subprocess.check_output']);
    assert.deepEqual(
      s.pickles.map((p) => p.location.split(',')[0]),
      ['a.pickle', 'b.dill', 'c.sav'],
    );
  });

  it('scans a PyTorch checkpoint nested in the archive', async () => {
    const s = await scan('upload.zip', fx.zipOf({ 'model/model.pt': fx.torchZip(fx.torchMaliciousPickle()) }));
    assert.equal(s.format, 'model-archive');
    assert.deepEqual(dangerous(s), ['os.system']);
    assert.deepEqual(
      s.pickles.map((p) => p.location),
      ['model/model.pt: archive/data.pkl'],
    );
    assert.deepEqual(
      s.carried?.map((c) => [c.name, c.serialization]),
      [['model/model.pt', 'pytorch']],
    );
  });

  it('decompresses a compressed joblib dump inside the archive', async () => {
    const s = await scan('sk.zip', fx.zipOf({ 'weights.joblib': zlib.gzipSync(fx.osSystemP0()), 'clf.pkl': zlib.deflateSync(fx.joblibMalicious()) }));
    assert.deepEqual(dangerous(s).sort(), ['os.system', 'subprocess.Popen']);
    assert.ok(
      s.pickles.some((p) => p.location.startsWith('weights.joblib: gzip-decompressed bytes 0–')),
      s.pickles.map((p) => p.location).join(' | '),
    );
    assert.ok(s.pickles.some((p) => p.location.startsWith('clf.pkl: zlib-decompressed bytes 0–')));
  });

  it('reads an archive inside the archive, and names what is nested deeper than two levels', async () => {
    const two = await scan('two.zip', fx.zipOf({ 'inner.zip': fx.zipOf({ 'm.pkl': fx.osSystemP0() }) }));
    assert.deepEqual(dangerous(two), ['os.system']);
    assert.match(two.pickles[0].location, /^inner\.zip: m\.pkl, bytes 0–/);
    const three = await scan('three.zip', fx.zipOf({ 'a.zip': fx.zipOf({ 'b.zip': fx.zipOf({ 'm.pkl': fx.osSystemP0() }) }) }));
    assert.deepEqual(dangerous(three), []);
    assert.equal(three.complete, false);
    assert.match(three.problems.join(' '), /a\.zip: b\.zip: m\.pkl was not inspected: it is inside 3 nested archives/);
    assert.equal(isNotAModel(three), false);
  });

  it('is a pickle-based model fact when every pickle in it is safe', async () => {
    await write('safe.zip', fx.zipOf({ 'model.pkl': fx.containersP2() }));
    const docs = await modelFileReader.parse(new SourceFile('safe.zip', '', true), { io, config: defaultConfig() });
    assert.equal(docs.length, 1);
    assert.deepEqual(
      docs[0].facts.models.map((m) => [m.serialization, m.unsafeOnLoad]),
      [['pickle', true]],
    );
    assert.deepEqual(
      docs[0].facts.modelFiles.map((m) => [m.format, m.hasPickles, m.dangerous.length]),
      [['model-archive', true, 0]],
    );
    assert.deepEqual(docs[0].notes, []);
  });

  it('does not report an ordinary zip (a dataset, sources, images) as a model', async () => {
    const ordinary = {
      'data/train.csv': Buffer.from('a,b\n1,2\n'),
      'src/train.py': Buffer.from('print(1)\n'),
      'img/cat.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      'nested.zip': fx.zipOf({ 'more.csv': Buffer.from('x\n') }),
    };
    const pointer = Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:' + 'ab'.repeat(32) + '\nsize 1234\n');
    for (const [name, data] of Object.entries({ 'dataset.zip': fx.zipOf(ordinary), 'empty.zip': fx.zipOf({}), 'pointer.zip': pointer, 'text.zip': Buffer.from('not an archive\n') })) {
      const s = await scan(name, data);
      assert.equal(s.format, { 'pointer.zip': 'lfs-pointer', 'text.zip': 'unknown' }[name] ?? 'zip', name);
      assert.equal(isNotAModel(s), true, name);
      assert.deepEqual(await modelFileReader.parse(new SourceFile(name, '', true), { io, config: defaultConfig() }), [], name);
    }
  });

  it('reads only the central directory and the model entries of a large archive', async () => {
    // Random bytes, stored: the archive really is 16 MiB on disk, so reading it whole would show.
    const big = fx.zipOf({ 'data.csv': randomBytes(16 * 1024 * 1024), 'model.pkl': fx.osSystemP0() }, 0);
    assert.ok(big.length > 16 * 1024 * 1024);
    await write('big.zip', big);
    let bytesRead = 0;
    const counting: WorkspaceIO = Object.assign(Object.create(io) as WorkspaceIO, {
      readRange: async (rel: string, pos: number, len: number) => {
        const b = await io.readRange(rel, pos, len);
        bytesRead += b.length;
        return b;
      },
    });
    const s = await scanModelFile(counting, 'big.zip');
    assert.ok(s);
    assert.deepEqual(dangerous(s), ['os.system']);
    assert.ok(bytesRead < 256 * 1024, `read ${bytesRead} of ${big.length} bytes`);
  });

  it('names an entry over the size cap as not inspected', async () => {
    const zip = patchEntry(fx.zipOf({ 'big.pkl': fx.osSystemP0(), 'ok.pkl': fx.containersP0() }), 'big.pkl', { uncompressedSize: MAX_CARRIED_BYTES + 1 });
    const s = await scan('over-cap.zip', zip);
    assert.equal(s.format, 'model-archive');
    assert.equal(s.complete, false);
    assert.match(s.problems.join(' '), new RegExp(`big\\.pkl was not inspected: it is ${MAX_CARRIED_BYTES + 1} bytes uncompressed, over the ${MAX_CARRIED_BYTES}-byte limit`));
    assert.deepEqual(
      s.pickles.map((p) => p.location.split(',')[0]),
      ['ok.pkl'],
    );
  });

  it('handles entries that declare a huge size, or less than they hold, without reading them whole', async () => {
    const huge = patchEntry(fx.zipOf({ 'bomb.pkl': Buffer.alloc(64 * 1024, 0x28) }), 'bomb.pkl', { uncompressedSize: 0xfffffff0 });
    const h = await scan('bomb.zip', huge);
    assert.equal(h.complete, false);
    assert.match(h.problems.join(' '), /bomb\.pkl was not inspected: it is 4294967280 bytes uncompressed/);
    const lying = patchEntry(fx.zipOf({ 'liar.pkl': Buffer.concat([fx.containersP0(), Buffer.alloc(100_000, 0x20)]) }), 'liar.pkl', { uncompressedSize: 10 });
    const l = await scan('liar.zip', lying);
    assert.equal(l.complete, false);
    assert.match(l.problems.join(' '), /liar\.pkl was not inspected: it could not be read \(.*\)/);
  });

  it('names an encrypted entry as not inspected', async () => {
    const s = await scan('locked.zip', patchEntry(fx.zipOf({ 'model.pkl': fx.osSystemP0() }), 'model.pkl', { encrypted: true }));
    assert.equal(s.format, 'model-archive');
    assert.equal(s.complete, false);
    assert.match(s.problems.join(' '), /model\.pkl was not inspected: it is encrypted/);
  });

  it('never throws on a corrupt archive named .zip', async () => {
    const zip = fx.zipOf({ 'model.pkl': fx.osSystemP0() });
    for (const cut of [10, zip.length - 30, zip.length - 5]) {
      const s = await scan(`cut-${cut}.zip`, zip.subarray(0, cut));
      assert.ok(s.problems.length > 0 || s.format === 'unknown', `cut at ${cut}: ${s.format}`);
    }
  });
});

describe('verify-model on a folder with model archives and archives mlsec does not read', () => {
  let dir: string;

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-carrier-folder-'));
  });

  after(async () => {
    await fsp.rm(dir, { recursive: true, force: true });
  });

  const folder = async (name: string, files: Record<string, Buffer>) => {
    for (const [f, data] of Object.entries(files)) {
      await fsp.mkdir(path.dirname(path.join(dir, name, f)), { recursive: true });
      await fsp.writeFile(path.join(dir, name, f), data);
    }
    return verifyDownload(new NodeWorkspaceIO(dir), name);
  };

  it('reports the hazard inside a carried pickle with its path in the archive', async () => {
    const r = await folder('hub', { 'model.zip': fx.zipOf({ 'inner/model.pkl': fx.osSystemP0() }), 'config.json': Buffer.from('{}') });
    assert.equal(r.verdict.ok, false);
    assert.ok(
      r.verdict.problems.some((p) => /^model\.zip runs dangerous code when loaded: os\.system: .*inner\/model\.pkl, bytes 0–/.test(p)),
      r.verdict.problems.join('\n'),
    );
    assert.deepEqual(
      r.weights.map((w) => [w.name, w.format, w.runsCode]),
      [['model.zip', 'a zip archive of model files', true]],
    );
  });

  it('passes over an ordinary zip beside the weights', async () => {
    const r = await folder('plain', { 'model.safetensors': fx.validSafetensors(), 'samples.zip': fx.zipOf({ 'a.csv': Buffer.from('x\n') }) });
    assert.equal(r.verdict.ok, true, r.verdict.problems.join('\n'));
    assert.deepEqual(
      r.weights.map((w) => w.name),
      ['model.safetensors'],
    );
    assert.deepEqual(r.verdict.uninspected, []);
    assert.match(formatDownloadReport(r)[0], /holds no unsafe content\.$/);
  });

  it('says a .7z or .rar archive was not inspected, so the verdict is not clean', async () => {
    const r = await folder('seven', { 'model.safetensors': fx.validSafetensors(), 'weights.7z': Buffer.from("7z\xbc\xaf'\x1c", 'latin1'), 'extra.rar': Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1') });
    assert.deepEqual(r.verdict.uninspected.sort(), ['extra.rar', 'weights.7z']);
    assert.ok(r.verdict.warnings.some((w) => /^weights\.7z was not fully inspected: This is an archive format mlsec does not read .*contents were not inspected/.test(w)));
    const head = formatDownloadReport(r)[0];
    assert.doesNotMatch(head, /holds no unsafe content/);
    assert.match(head, /2 files were not fully inspected \(.*weights\.7z.*\)/);
    assert.ok(
      formatDownloadReport(r).some((l) => /^ {2}Weights: 1 file scanned; 2 archives not read \(.*weights\.7z.*\)\.$/.test(l)),
      formatDownloadReport(r).join('\n'),
    );
  });

  it('says an over-cap entry of a model archive leaves the folder not fully inspected', async () => {
    const zip = patchEntry(fx.zipOf({ 'big.pkl': fx.containersP0() }), 'big.pkl', { uncompressedSize: MAX_CARRIED_BYTES + 1 });
    const r = await folder('capped', { 'model.zip': zip });
    assert.deepEqual(r.verdict.uninspected, ['model.zip']);
    assert.ok(r.weights[0].problems.some((p) => /big\.pkl was not inspected/.test(p)));
  });
});

describe('a .7z file in a workspace', () => {
  it('gets a warning that its contents were not inspected, and no model fact', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-7z-'));
    try {
      await fsp.writeFile(path.join(dir, 'model.7z'), Buffer.from("7z\xbc\xaf'\x1c", 'latin1'));
      assert.equal(modelFileReader.matches('model.7z'), 'yes');
      const docs = await modelFileReader.parse(new SourceFile('model.7z', '', true), { io: new NodeWorkspaceIO(dir), config: defaultConfig() });
      assert.equal(docs.length, 1);
      assert.deepEqual(docs[0].facts.models, []);
      assert.deepEqual(
        docs[0].notes.map((n) => [n.level, /format mlsec does not read.*contents were not inspected/.test(n.message)]),
        [['warning', true]],
      );
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
