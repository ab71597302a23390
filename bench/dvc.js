// Benchmark: md5 throughput of the DVC integrity check on a generated 1 GB file, against
// `md5sum` on the same file in the same run; plus the DVC 1/2 (CRLF-normalised) text path.
'use strict';

const { execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { DocumentIndex } = require('../out/src/core/document');
const { dvcReader } = require('../out/src/core/formats/dvc/reader');
const { checkIntegrity } = require('../out/src/core/formats/dvc/integrity');
const { defaultConfig } = require('../out/src/core/config');
const { SourceFile } = require('../out/src/core/source');
const { NodeWorkspaceIO } = require('../out/src/core/workspace/io');
const { report } = require('../out/bench/harness');

const SIZE = 1 << 30;
const BLOCK = 1 << 20;

/** Writes `size` bytes made of one repeated block, so generation costs little. */
function writeFile(file, block) {
  const fd = fs.openSync(file, 'w');
  try {
    for (let n = 0; n < SIZE; n += block.length) fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
}

async function integrityRun(root, lockText) {
  const io = new NodeWorkspaceIO(root);
  const [doc] = await dvcReader.parse(new SourceFile('dvc.lock', lockText), { config: defaultConfig(), io });
  const t0 = performance.now();
  const results = await checkIntegrity(new DocumentIndex([doc]), io);
  return { ms: performance.now() - t0, results };
}

function md5sum(file) {
  const t0 = performance.now();
  const out = execFileSync('md5sum', [file], { encoding: 'utf8' });
  return { ms: performance.now() - t0, md5: out.split(/\s+/)[0] };
}

const mbps = (ms) => `${(SIZE / (1 << 20) / (ms / 1000)).toFixed(0)} MiB/s (${(ms / 1000).toFixed(2)} s)`;

exports.run = async function run() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-bench-dvc-'));
  try {
    const binary = crypto.randomBytes(BLOCK);
    writeFile(path.join(root, 'model.bin'), binary);
    // Page-cache both readers equally: one untimed read first.
    md5sum(path.join(root, 'model.bin'));
    const ref = md5sum(path.join(root, 'model.bin'));
    const lock = (name, md5, hashLine) => `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: ${name}\n${hashLine}      md5: ${md5}\n      size: ${SIZE}\n`;
    const raw = await integrityRun(root, lock('model.bin', ref.md5, '      hash: md5\n'));
    if (raw.results[0].status !== 'match') throw new Error(`integrity check disagrees with md5sum: ${JSON.stringify(raw.results[0])}`);

    // A CRLF text file under a DVC 2 record exercises the block-wise CRLF→LF path.
    const line = Buffer.from('1001,54.20,0,2024-01-31,premium,north\r\n');
    const text = Buffer.concat(Array.from({ length: Math.floor(BLOCK / line.length) + 1 }, () => line)).subarray(0, BLOCK);
    writeFile(path.join(root, 'features.csv'), text);
    md5sum(path.join(root, 'features.csv'));
    const textRef = md5sum(path.join(root, 'features.csv'));
    // DVC 1/2 hash each 1 MiB block after CRLF→LF; every block of this file is the same block.
    const expected = crypto.createHash('md5');
    const lfBlock = Buffer.from(text.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
    for (let n = 0; n < SIZE; n += BLOCK) expected.update(lfBlock);
    const legacy = await integrityRun(root, lock('features.csv', expected.digest('hex'), ''));
    if (legacy.results[0].status !== 'match') throw new Error(`legacy md5 disagrees: ${JSON.stringify(legacy.results[0])}`);

    report('DVC integrity md5 (1 GiB files, same run)', [
      ['md5sum, binary file', mbps(ref.ms)],
      ['mlsec, DVC 3 raw md5', mbps(raw.ms)],
      ['ratio mlsec / md5sum', `${(ref.ms / raw.ms).toFixed(2)}x the md5sum throughput`],
      ['md5sum, CRLF text file', mbps(textRef.ms)],
      ['mlsec, DVC 1/2 CRLF-normalised md5', mbps(legacy.ms)],
      ['ratio mlsec / md5sum (text)', `${(textRef.ms / legacy.ms).toFixed(2)}x the md5sum throughput`],
    ]);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
};
