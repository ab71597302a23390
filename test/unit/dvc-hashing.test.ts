// Unit tests of DVC's hash computations: raw and legacy (CRLF-normalised) md5 and the `.dir` listing hash.

import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { compareCodePoints, dirHash, dirListingJson, dos2unix, DVC_CHUNK_SIZE, DvcHasher, isTextBlock, LegacyMd5, lineEndingVariantsMd5, pyJsonString } from '../../src/core/formats/dvc/hashing';
import { MemoryWorkspaceIO } from '../../src/core/workspace/memory-io';

// Reference values produced by Python's hashlib and json.dumps(entries, sort_keys=True), the
// calls DVC makes, for the directory below.
const LISTING = [
  { relpath: 'a.csv', md5: '344fd2323dd33d5c058b7cf27de029e8' },
  { relpath: 'sub/b.txt', md5: 'b1946ac92492d2347c6235b4d2611184' },
  { relpath: 'été/c "q".txt', md5: 'aa1e316687756584560121c5fbe78c3c' },
  { relpath: 'Z.txt', md5: 'fbade9e36a3f36d3d676c1b808451dd7' },
];
const PYTHON_JSON =
  '[{"md5": "fbade9e36a3f36d3d676c1b808451dd7", "relpath": "Z.txt"}, {"md5": "344fd2323dd33d5c058b7cf27de029e8", "relpath": "a.csv"}, {"md5": "b1946ac92492d2347c6235b4d2611184", "relpath": "sub/b.txt"}, {"md5": "aa1e316687756584560121c5fbe78c3c", "relpath": "\\u00e9t\\u00e9/c \\"q\\".txt"}]';

describe('DVC hashing', () => {
  it('serialises a directory listing byte for byte as Python json.dumps(sort_keys=True)', () => {
    assert.equal(dirListingJson(LISTING), PYTHON_JSON);
    assert.equal(dirHash(LISTING), '9a73517717ab0d3f27e5e0e9d3fe4a43.dir');
    assert.equal(dirListingJson([]), '[]');
  });

  it('escapes strings as Python does with ensure_ascii', () => {
    assert.equal(pyJsonString('a\tb\u007f\u0001😀'), '"a\\tb\\u007f\\u0001\\ud83d\\ude00"');
  });

  it('sorts by code point, not UTF-16 unit', () => {
    const cp = ['\uffff', '😀'].sort(compareCodePoints);
    assert.deepEqual(cp, ['\uffff', '😀']);
    assert.deepEqual(['\uffff', '😀'].sort(), ['😀', '\uffff']);
  });

  it("tells text from binary with DVC's heuristic", () => {
    assert.equal(isTextBlock(Buffer.from('')), true);
    assert.equal(isTextBlock(Buffer.from('plain text\r\n')), true);
    assert.equal(isTextBlock(Buffer.from([0x41, 0x00, 0x42])), false);
    assert.equal(isTextBlock(Buffer.from([0xff, 0xfe, 0x41, 0x42])), false);
    assert.equal(isTextBlock(Buffer.from('ab\u00e9cdefghij', 'utf8')), true);
  });

  it('normalises CRLF only inside each 1 MiB block', () => {
    assert.equal(dos2unix(Buffer.from('a\r\nb\rc\r\n')).toString(), 'a\nb\rc\n');
    const text = Buffer.alloc(DVC_CHUNK_SIZE + 1, 'a');
    text[DVC_CHUNK_SIZE - 1] = 13;
    text[DVC_CHUNK_SIZE] = 10;
    const h = new LegacyMd5();
    // Feed in odd pieces: the result must not depend on how the stream was chunked.
    for (let i = 0; i < text.length; i += 70_001) h.update(text.subarray(i, i + 70_001));
    assert.equal(h.digest(), createHash('md5').update(text).digest('hex'), 'a CRLF split across blocks is kept, as DVC keeps it');
  });

  it('computes the legacy md5 of a CRLF text file as the md5 of its LF form', async () => {
    const io = new MemoryWorkspaceIO({ 'crlf.txt': 'hello\r\n', 'bin.dat': Buffer.from([0, 13, 10, 1]) });
    const hasher = new DvcHasher(io);
    assert.equal(await hasher.md5('crlf.txt', 'md5-dos2unix'), 'b1946ac92492d2347c6235b4d2611184');
    assert.equal(await hasher.md5('crlf.txt', 'md5'), 'af5597c29467a96523a70787c319f4db');
    assert.equal(
      await hasher.md5('bin.dat', 'md5-dos2unix'),
      createHash('md5')
        .update(Buffer.from([0, 13, 10, 1]))
        .digest('hex'),
    );
  });

  it('hashes both line-ending conversions of a stream, whatever its chunking', async () => {
    class TinyChunks extends MemoryWorkspaceIO {
      override stream(rel: string, onChunk: (chunk: Buffer) => void): Promise<void> {
        return super.stream(rel, onChunk, 3);
      }
    }
    const text = 'a\r\nb\nc\r\r\nd\r';
    const io = new TinyChunks({ f: text });
    const v = await lineEndingVariantsMd5(io, 'f');
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    assert.equal(v.lf, md5('a\nb\nc\r\nd\r'));
    assert.equal(v.crlf, md5('a\r\nb\r\nc\r\r\nd\r'));
  });
});
