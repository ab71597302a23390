// Polyglot model files: bytes that one loader reads as a pickle and a format sniffer could take
// for something else. Each case is scanned and must report the pickle's dangerous call, whatever
// the file also looks like; benign files of each shape must not gain a pickle.

import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { hazards, scanModelFile, type ContentFormat } from '../../src/core/artifacts/model-scan';
import { NodeWorkspaceIO } from '../../src/core/workspace/io';
import { denseH5, lambdaKeras, osSystemP0, posixSystemP2, torchStateDictPickle, torchZip } from '../helpers/model-fixtures';

const HDF5 = Buffer.from('\x89HDF\r\n\x1a\n', 'latin1');

/** A 512-byte block holding `head` at its start whose tar checksum is valid. */
function tarChecksummed(head: Buffer): Buffer {
  const block = Buffer.alloc(512, 0);
  head.copy(block, 0);
  block.write('        ', 148, 'latin1');
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** `prefix` followed by `zip`, with the archive's offsets moved so a zip reader finds its entries. */
function prependToZip(prefix: Buffer, zip: Buffer): Buffer {
  const out = Buffer.concat([prefix, zip]);
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = out.readUInt16LE(eocd + 10);
  const cd = out.readUInt32LE(eocd + 16) + prefix.length;
  out.writeUInt32LE(cd, eocd + 16);
  let at = cd;
  for (let i = 0; i < count; i++) {
    out.writeUInt32LE(out.readUInt32LE(at + 42) + prefix.length, at + 42);
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

/**
 * Gives an archive of more than 65,535 entries the zip64 end records that carry its real entry
 * count (the writer used here stores the count in 16 bits only).
 */
function withZip64Count(zip: Buffer, count: number): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cdSize = zip.readUInt32LE(eocd + 12);
  const cdOffset = zip.readUInt32LE(eocd + 16);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(count), 24);
  rec.writeBigUInt64LE(BigInt(count), 32);
  rec.writeBigUInt64LE(BigInt(cdSize), 40);
  rec.writeBigUInt64LE(BigInt(cdOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(0x07064b50, 0);
  locator.writeBigUInt64LE(BigInt(eocd), 8);
  locator.writeUInt32LE(1, 16);
  const end = Buffer.from(zip.subarray(eocd));
  end.writeUInt16LE(0xffff, 8);
  end.writeUInt16LE(0xffff, 10);
  return Buffer.concat([zip.subarray(0, eocd), rec, locator, end]);
}

/** A torch zip whose data.pkl comes after `before` other entries. */
function crowdedTorchZip(before: number, dataPkl: Buffer): Buffer {
  const files: Zippable = {};
  for (let i = 0; i < before; i++) files[`archive/data/${i}`] = [Buffer.alloc(0), { level: 0 }];
  files['archive/data.pkl'] = [dataPkl, { level: 0 }];
  return withZip64Count(Buffer.from(zipSync(files)), before + 1);
}

/** A .keras archive with config.json only (no metadata.json, no weights), holding a Lambda layer. */
function kerasWithoutMetadata(): Buffer {
  const files = unzipSync(lambdaKeras());
  return Buffer.from(zipSync({ 'config.json': files['config.json'] }));
}

interface Case {
  name: string;
  file: string;
  bytes: () => Buffer;
  /** The format the content shows (the other face of the polyglot). */
  format: ContentFormat;
  /** The dangerous call the scan must report. */
  dangerous?: string;
  /** The scan must find a Keras Lambda layer. */
  lambda?: boolean;
}

const CASES: Case[] = [
  {
    name: 'a pickle in the first 512 bytes with an HDF5 signature at byte 512',
    file: 'weights.h5',
    bytes: () => Buffer.concat([posixSystemP2(), Buffer.alloc(512 - posixSystemP2().length, 0), HDF5, Buffer.alloc(256, 0)]),
    format: 'h5',
    dangerous: 'posix.system',
  },
  {
    name: 'a pickle whose first block passes the tar checksum',
    file: 'model.pt',
    bytes: () => Buffer.concat([tarChecksummed(osSystemP0()), Buffer.alloc(1024, 0)]),
    format: 'pytorch-tar',
    dangerous: 'os.system',
  },
  {
    name: 'a torch zip whose archive/data.pkl comes after 100,001 entries',
    file: 'crowded.pt',
    bytes: () => crowdedTorchZip(100_001, osSystemP0()),
    format: 'pytorch-zip',
    dangerous: 'os.system',
  },
  {
    name: 'a .keras archive without metadata.json',
    file: 'model.keras',
    bytes: kerasWithoutMetadata,
    format: 'keras',
    lambda: true,
  },
  {
    name: 'a benign pickle followed by a torch zip that torch.load reads',
    file: 'model.pth',
    bytes: () => prependToZip(torchStateDictPickle(), torchZip(posixSystemP2())),
    format: 'pickle',
    dangerous: 'posix.system',
  },
];

describe('polyglot model files', function () {
  this.timeout(180000);
  let dir: string;
  let io: NodeWorkspaceIO;

  before(async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-polyglot-'));
    io = new NodeWorkspaceIO(dir);
  });
  after(() => fsp.rm(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`reports the code in ${c.name}`, async () => {
      await fsp.writeFile(path.join(dir, c.file), c.bytes());
      const scan = await scanModelFile(io, c.file);
      assert.ok(scan);
      assert.equal(scan.format, c.format);
      const found = hazards(scan).dangerous.map((h) => h.what);
      if (c.dangerous) assert.ok(found.includes(c.dangerous), `${found.join(', ')} | ${scan.problems.join(' ')}`);
      if (c.lambda)
        assert.ok(
          found.some((w) => w.startsWith('Lambda layer')),
          found.join(', '),
        );
      assert.equal(scan.unsafeOnLoad, true);
    });
  }

  const BENIGN: [string, () => Buffer, ContentFormat][] = [
    ['an HDF5 file', denseH5, 'h5'],
    ['a plain torch zip of a state dict', () => torchZip(torchStateDictPickle()), 'pytorch-zip'],
  ];
  for (const [what, bytes, format] of BENIGN) {
    it(`finds no code and no second reading in ${what}`, async () => {
      await fsp.writeFile(path.join(dir, 'benign.bin'), bytes());
      const scan = await scanModelFile(io, 'benign.bin');
      assert.ok(scan);
      assert.equal(scan.format, format);
      assert.ok(!scan.pickles.some((p) => p.location.startsWith('zip directory at the end')));
      assert.deepEqual(hazards(scan).dangerous, []);
      assert.equal(scan.pickles.filter((p) => p.location.includes('pickle.load reads the start')).length, 0);
    });
  }

  it('reads every pickle entry of a zip listing more entries than it names', async () => {
    // The archive of the case above.
    const scan = await scanModelFile(io, 'crowded.pt');
    assert.ok(scan);
    assert.equal(scan.entries, 100_002);
    assert.ok(
      scan.problems.some((p) => /has 100002 entries; past the first 100000, only those a loader reads were listed/.test(p)),
      scan.problems.join(' '),
    );
    assert.deepEqual(
      scan.pickles.map((p) => p.location),
      ['archive/data.pkl'],
    );
  });
});
