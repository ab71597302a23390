// The xz and legacy lzma decoders against the reference `xz` tool: inputs compressed by it at
// test time (several presets, checks and chunk kinds) must come back byte for byte, corrupt input
// must fail with an LzmaError, a bomb must stop at the output limit, and xz and lzma joblib dumps
// must show their pickle. Skips with a printed reason where the `xz` command is absent.

import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LzmaError } from '../../src/core/artifacts/lzma';
import { unlzma, unxz } from '../../src/core/artifacts/lzma-container';
import { hazards, scanModelFile } from '../../src/core/artifacts/model-scan';
import { NodeWorkspaceIO } from '../../src/core/workspace/io';
import { decodeChunked, noise, type StreamDecoder } from '../helpers/decoder-feed';
import { joblibMalicious } from '../helpers/model-fixtures';

const HAVE_XZ = spawnSync('xz', ['--version'], { encoding: 'utf8' }).error === undefined;

function compress(data: Buffer, args: string[]): Buffer {
  const r = spawnSync('xz', [...args, '-c'], { input: data, maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

const decode = (decoder: StreamDecoder, data: Buffer, maxOutput?: number) => decodeChunked(decoder, data, maxOutput);

const text = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => `row ${i % 1013}, value ${(i * 7) % 97}\n`).join(''));

describe('xz and lzma decoders', function () {
  this.timeout(120000);
  before(function () {
    if (!HAVE_XZ) {
      console.log('    skipped: the xz command is not installed, so no fixtures can be made');
      this.skip();
    }
  });

  const INPUTS: [string, () => Buffer][] = [
    ['an empty input', () => Buffer.alloc(0)],
    ['a short text', () => Buffer.from('hello, lzma\n')],
    ['long runs and repeats', () => Buffer.concat([Buffer.alloc(100_000, 0x61), text(2000), Buffer.alloc(3000, 0)])],
    ['incompressible bytes (stored chunks)', () => noise(300_000)],
    ['text over several LZMA2 chunks', () => text(80_000)],
  ];
  const FORMATS: [string, StreamDecoder, string[]][] = [
    ['xz', unxz, []],
    ['xz -0 with a SHA-256 check', unxz, ['-0', '--check=sha256']],
    ['xz -9 without a check', unxz, ['-9', '--check=none']],
    ['lzma', unlzma, ['--format=lzma']],
    ['lzma -1', unlzma, ['--format=lzma', '-1']],
  ];
  for (const [fmt, decoder, args] of FORMATS) {
    for (const [what, make] of INPUTS) {
      it(`decodes ${what} as \`${fmt}\` wrote it`, async () => {
        const data = make();
        const { out, truncatedAt } = await decode(decoder, compress(data, args));
        assert.equal(truncatedAt, undefined);
        assert.ok(out.equals(data), `${out.length} bytes back for ${data.length}`);
      });
    }
  }

  it('fails with an LzmaError on corrupt, truncated or foreign input', async () => {
    const data = text(20_000);
    for (const [decoder, good] of [
      [unxz, compress(data, [])],
      [unlzma, compress(data, ['--format=lzma'])],
    ] as const) {
      const cut = good.subarray(0, good.length >> 1);
      const flipped = Buffer.from(good);
      flipped[good.length >> 1] ^= 0xff;
      for (const bad of [cut, flipped, Buffer.from('not compressed at all')]) {
        await decode(decoder, bad).then(
          ({ out }) => assert.ok(!out.equals(data), 'a corrupt stream does not decode to the original'),
          (e: unknown) => assert.ok(e instanceof LzmaError, String(e)),
        );
      }
    }
  });

  it('stops a bomb at the output limit', async () => {
    for (const [decoder, args] of [
      [unxz, []],
      [unlzma, ['--format=lzma']],
    ] as const) {
      const bomb = compress(Buffer.alloc(64 * 1024 * 1024, 0), [...args]);
      assert.ok(bomb.length < 64 * 1024);
      const { out, truncatedAt } = await decode(decoder, bomb, 1024 * 1024);
      assert.equal(truncatedAt, 1024 * 1024);
      assert.equal(out.length, 1024 * 1024);
    }
  });

  for (const [kind, args] of [
    ['xz', []],
    ['lzma', ['--format=lzma']],
  ] as const) {
    it(`finds the call in a joblib dump compressed with ${kind}`, async () => {
      const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-lzma-'));
      try {
        await fsp.writeFile(path.join(dir, 'model.joblib'), compress(joblibMalicious(), [...args]));
        await fsp.writeFile(path.join(dir, 'plain.joblib'), joblibMalicious());
        const io = new NodeWorkspaceIO(dir);
        const scan = await scanModelFile(io, 'model.joblib');
        const plain = await scanModelFile(io, 'plain.joblib');
        assert.ok(scan && plain);
        assert.equal(scan.compression, kind);
        const calls = hazards(scan).dangerous.map((h) => h.what);
        assert.ok(calls.length > 0, scan.problems.join(' '));
        assert.deepEqual(
          calls,
          hazards(plain).dangerous.map((h) => h.what),
        );
        assert.deepEqual(scan.problems, []);
      } finally {
        await fsp.rm(dir, { recursive: true, force: true });
      }
    });
  }
});
