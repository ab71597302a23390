// The bzip2 decoder against the reference `bzip2` tool: inputs compressed by it at test time must
// come back byte for byte (runs, several blocks, several streams), corrupt input must fail with a
// Bzip2Error, a bomb must stop at the output limit, and a bz2 joblib dump must show its pickle.
// Skips with a printed reason where the `bzip2` command is absent.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { bunzip2, Bzip2Error } from '../../src/core/artifacts/bzip2';
import { hazards, scanModelFile } from '../../src/core/artifacts/model-scan';
import { NodeWorkspaceIO } from '../../src/core/workspace/io';
import { decodeChunked, noise } from '../helpers/decoder-feed';
import { joblibMalicious } from '../helpers/model-fixtures';

const HAVE_BZIP2 = spawnSync('bzip2', ['--help'], { encoding: 'utf8' }).error === undefined;

function compress(data: Buffer, level = 9): Buffer {
  const r = spawnSync('bzip2', [`-${level}`, '-c'], { input: data, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

const decode = (data: Buffer, maxOutput?: number) => decodeChunked(bunzip2, data, maxOutput);

describe('bzip2 decoder', function () {
  this.timeout(120000);
  before(function () {
    if (!HAVE_BZIP2) {
      console.log('    skipped: the bzip2 command is not installed, so no fixtures can be made');
      this.skip();
    }
  });

  const INPUTS: [string, () => Buffer, number?][] = [
    ['an empty input', () => Buffer.alloc(0)],
    ['a short text', () => Buffer.from('hello, bzip2\n')],
    ['long runs of one byte (the run-length stages)', () => Buffer.concat([Buffer.alloc(70_000, 0x61), Buffer.from('b'), Buffer.alloc(5, 0x63), Buffer.alloc(1000, 0)])],
    ['every byte value', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) & 0xff))],
    ['incompressible bytes over several blocks', () => noise(350_000), 1],
    ['text over several level-9 blocks', () => Buffer.from(Array.from({ length: 120_000 }, (_, i) => `line ${i % 977} of the text\n`).join(''))],
  ];
  for (const [what, make, level] of INPUTS) {
    it(`decodes ${what} as the bzip2 tool wrote it`, async () => {
      const data = make();
      const { out, truncatedAt } = await decode(compress(data, level));
      assert.equal(truncatedAt, undefined);
      assert.ok(out.equals(data), `${out.length} bytes back for ${data.length}`);
    });
  }

  it('decodes streams written back to back, and ignores data after the last one', async () => {
    const a = Buffer.from('first stream\n');
    const b = noise(2000, 7);
    const { out } = await decode(Buffer.concat([compress(a), compress(b), Buffer.from('trailing bytes')]));
    assert.ok(out.equals(Buffer.concat([a, b])));
  });

  it('fails with a Bzip2Error on corrupt, truncated or foreign input', async () => {
    const good = compress(noise(50_000, 3));
    const flipped = Buffer.from(good);
    flipped[good.length >> 1] ^= 0x10;
    for (const bad of [flipped, good.subarray(0, good.length - 40), Buffer.from('BZh9not really'), Buffer.from('PK\x03\x04')]) {
      await assert.rejects(decode(bad), Bzip2Error);
    }
  });

  it('stops a bomb at the output limit', async () => {
    const bomb = compress(Buffer.alloc(64 * 1024 * 1024, 0));
    assert.ok(bomb.length < 1024, 'the input is tiny');
    const { out, truncatedAt } = await decode(bomb, 1024 * 1024);
    assert.equal(truncatedAt, 1024 * 1024);
    assert.equal(out.length, 1024 * 1024);
    assert.ok(out.every((b) => b === 0));
  });

  it('finds the call in a joblib dump compressed with bz2', async () => {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-bz2-'));
    try {
      await fsp.writeFile(path.join(dir, 'model.joblib'), compress(joblibMalicious()));
      await fsp.writeFile(path.join(dir, 'plain.joblib'), joblibMalicious());
      const io = new NodeWorkspaceIO(dir);
      const scan = await scanModelFile(io, 'model.joblib');
      const plain = await scanModelFile(io, 'plain.joblib');
      assert.ok(scan && plain);
      assert.equal(scan.compression, 'bz2');
      const calls = hazards(scan).dangerous.map((h) => h.what);
      assert.ok(calls.length > 0);
      assert.deepEqual(
        calls,
        hazards(plain).dangerous.map((h) => h.what),
        'the same calls as the uncompressed dump',
      );
      assert.ok(scan.pickles.every((p) => p.location.startsWith('bz2-decompressed')));
      assert.deepEqual(scan.problems, []);
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});
