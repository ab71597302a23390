// Benchmark: model artifacts. Pickle scanning throughput on large generated pickles, digest
// throughput of model-signature verification on a 1 GB generated directory against `sha256sum`
// of the same files in the same run, and peak memory at two model sizes (it must stay flat); then
// `verify-model` on a generated 1 GiB Hugging Face hub snapshot and `sign-model` of it, each
// against `sha256sum` over the same files in the same run.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { downloadRoot } from '../src/core/artifacts/download/layout';
import { verifyDownload } from '../src/core/artifacts/download/report';
import { signModel } from '../src/core/artifacts/model-sign';
import { scanModelFile } from '../src/core/artifacts/model-scan';
import { verifySignature } from '../src/core/artifacts/signature';
import { emptyTrust, parsePublicKeys } from '../src/core/artifacts/signature-trust';
import { loadSigningKey } from '../src/core/artifacts/signing-key';
import { NodeWorkspaceIO } from '../src/core/workspace/io';
import { writeHubCache } from '../test/helpers/hf-download';
import { pickle } from '../test/helpers/pickle-writer';
import { dsseBundle, newKey } from '../test/helpers/signing';
import { PeakMemory, report, time } from './harness';

const MB = 1024 * 1024;

async function writeChunks(file: string, chunks: Iterable<Buffer>): Promise<number> {
  const out = createWriteStream(file);
  let size = 0;
  for (const c of chunks) {
    size += c.length;
    if (!out.write(c)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return size;
}

/**
 * A state-dict-like protocol 4 pickle dense in small opcodes (the slow case for a scanner):
 * per tensor a memoised key, a `_rebuild_tensor_v2` call through BINGET, a persistent storage
 * id and a list of floats.
 */
function* opcodePickle(targetBytes: number): Generator<Buffer> {
  yield pickle().proto(4).str('torch._utils').str('_rebuild_tensor_v2').stackGlobal().memoize().str('collections').str('OrderedDict').stackGlobal().memoize().emptyTuple().reduce().memoize().bytes();
  let size = 0;
  let n = 0;
  while (size < targetBytes) {
    const w = pickle().mark();
    for (let k = 0; k < 200; k++, n++) {
      w.str(`layers.${n}.weight`).memoize().binget(0).mark();
      w.mark().str('storage').str('torch').str('FloatStorage').stackGlobal().str(String(n)).str('cpu').int(64).tuple().binpersid();
      w.int(0).int(8).int(8).tuple2().int(8).int(1).tuple2().newFalse().emptyList();
      w.mark();
      for (let f = 0; f < 32; f++) w.binfloat(f / 7);
      w.appends().tuple().reduce();
    }
    const b = w.setitems().bytes();
    size += b.length;
    yield b;
  }
  yield pickle().stop().bytes();
}

/** A pickle whose bulk is large bytes arguments (a protocol 4 pickle of arrays). */
function* blobPickle(targetBytes: number): Generator<Buffer> {
  const blob = Buffer.alloc(4 * MB);
  for (let i = 0; i < blob.length; i += 4) blob.writeFloatLE(Math.sin(i), i);
  yield pickle().proto(4).emptyList().memoize().mark().bytes();
  for (let size = 0; size < targetBytes; size += blob.length) {
    yield pickle().str('numpy.core.multiarray').str('_reconstruct').stackGlobal().bytes();
    yield pickle().binBytes8(blob).tuple1().reduce().bytes();
  }
  yield pickle().appends().stop().bytes();
}

/** Files of pseudo-random content totalling `total` bytes, in `count` files. */
async function writeModelDir(dir: string, total: number, count: number): Promise<Record<string, string>> {
  await fsp.mkdir(dir, { recursive: true });
  const block = Buffer.alloc(MB);
  const digests: Record<string, string> = {};
  for (let f = 0; f < count; f++) {
    const name = `model-${String(f).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.safetensors`;
    const h = createHash('sha256');
    const chunks = function* () {
      for (let m = 0; m < total / count / MB; m++) {
        for (let i = 0; i < block.length; i += 4) block.writeUInt32LE((i * 2654435761 + m * 40503 + f) >>> 0, i);
        h.update(block);
        yield Buffer.from(block);
      }
    };
    await writeChunks(path.join(dir, name), chunks());
    digests[name] = h.digest('hex');
  }
  return digests;
}

function signDigests(name: string, digests: Record<string, string>, key: ReturnType<typeof newKey>): string {
  const resources = Object.keys(digests)
    .sort()
    .map((n) => ({ name: n, algorithm: 'sha256', digest: digests[n] }));
  const root = createHash('sha256');
  for (const r of resources) root.update(Buffer.from(r.digest, 'hex'));
  return dsseBundle(
    {
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name, digest: { sha256: root.digest('hex') } }],
      predicateType: 'https://model_signing/signature/v1.0',
      predicate: { serialization: { method: 'files', hash_type: 'sha256', allow_symlinks: false, ignore_paths: ['model.sig'] }, resources },
    },
    key,
  );
}

/** A safetensors shard of `bytes` data bytes: a valid header, then pseudo-random floats. */
function safetensorsShard(bytes: number, seed: number): Buffer {
  let header = JSON.stringify({ __metadata__: { format: 'pt' }, weight: { dtype: 'F32', shape: [bytes / 4], data_offsets: [0, bytes] } });
  header += ' '.repeat((8 - (header.length % 8)) % 8);
  const out = Buffer.alloc(8 + header.length + bytes);
  out.writeBigUInt64LE(BigInt(header.length));
  out.write(header, 8);
  for (let i = 8 + header.length, k = 0; i + 4 <= out.length; i += 4, k++) out.writeUInt32LE((k * 2654435761 + seed * 40503) >>> 0, i);
  return out;
}

/** A hub cache snapshot of `count` safetensors shards totalling `total` bytes, a config and a card; returns the snapshot and its blob files. */
async function writeHubSnapshot(hub: string, total: number, count: number): Promise<{ snapshot: string; blobs: string[] }> {
  const commit = 'b'.repeat(40);
  const small = { 'config.json': '{"model_type": "bert"}\n', 'README.md': '---\nlicense: apache-2.0\n---\n# bench\n' };
  let snapshot = await writeHubCache(hub, 'bench/model', small, { commit });
  for (let f = 0; f < count; f++) {
    const name = `model-${String(f + 1).padStart(5, '0')}-of-${String(count).padStart(5, '0')}.safetensors`;
    snapshot = await writeHubCache(hub, 'bench/model', { [name]: safetensorsShard(total / count, f) }, { commit });
  }
  const blobDir = path.join(hub, 'models--bench--model', 'blobs');
  return { snapshot, blobs: (await fsp.readdir(blobDir)).map((b) => path.join(blobDir, b)) };
}

type Kind = 'scan' | 'verify' | 'download' | 'sign';

/** Runs in a child process: one measurement with its own peak memory. */
export async function measure(kind: Kind, target: string, keyPem?: string): Promise<{ ms: number; peakRss: number; ok: boolean }> {
  const mem = new PeakMemory(2);
  const io = new NodeWorkspaceIO(path.dirname(target));
  let ok = false;
  const ms = await time(async () => {
    if (kind === 'download') {
      const { root, rel } = downloadRoot(target);
      const r = await verifyDownload(new NodeWorkspaceIO(root), rel);
      ok = r.verdict.ok && r.integrity.every((f) => f.status === 'ok');
    } else if (kind === 'sign') {
      // The snapshot's files are links into blobs/, so the boundary is above models--… as for verify-model.
      const { root, rel } = downloadRoot(target);
      const signed = await signModel({ io: new NodeWorkspaceIO(root), target: rel, key: loadSigningKey(keyPem ?? '', 'bench'), allowSymlinks: true });
      ok = signed.files.length > 0;
    } else if (kind === 'scan') {
      const s = await scanModelFile(io, path.basename(target));
      ok = !!s && s.complete && s.pickles.length === 1;
    } else {
      const trust = emptyTrust();
      trust.keys.push(...parsePublicKeys(keyPem ?? '', 'bench'));
      const text = await fsp.readFile(path.join(target, 'model.sig'), 'utf8');
      const r = await verifySignature({ io, target: path.basename(target), bundle: { text, source: 'model.sig' }, trust, ignorePaths: ['model.sig'] });
      ok = r.ok;
    }
  });
  mem.stop();
  return { ms, peakRss: mem.peak, ok };
}

function inChild(kind: Kind, target: string, keyPem?: string): { ms: number; peakRss: number; ok: boolean } {
  const code = `require(${JSON.stringify(__filename)}).measure(${JSON.stringify(kind)}, ${JSON.stringify(target)}, ${JSON.stringify(keyPem ?? '')}).then((r) => process.stdout.write(JSON.stringify(r)))`;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8', maxBuffer: 1 << 20 })) as { ms: number; peakRss: number; ok: boolean };
}

const mbs = (bytes: number, ms: number) => `${(bytes / MB / (ms / 1000)).toFixed(0)} MB/s`;
const mib = (b: number) => `${(b / MB).toFixed(0)} MiB`;

export async function run(): Promise<void> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'mlsec-bench-artifacts-'));
  try {
    const rows: [string, string][] = [];
    for (const [label, gen, size] of [
      ['opcode-dense pickle', opcodePickle, 64 * MB],
      ['opcode-dense pickle', opcodePickle, 256 * MB],
      ['array pickle (bytes arguments)', blobPickle, 256 * MB],
      ['array pickle (bytes arguments)', blobPickle, 1024 * MB],
    ] as const) {
      const file = path.join(dir, `bench-${label.length}-${size}.pkl`);
      const bytes = await writeChunks(file, gen(size));
      const r = inChild('scan', file);
      if (!r.ok) throw new Error(`${label}: the scan did not complete`);
      rows.push([`${label}, ${mib(bytes)}`, `${mbs(bytes, r.ms)}  (${(r.ms / 1000).toFixed(2)} s, peak RSS ${mib(r.peakRss)})`]);
      await fsp.rm(file);
    }
    report('Pickle scanning (scanModelFile, one process per run)', rows);

    const key = newKey();
    const verifyRows: [string, string][] = [];
    for (const [total, count] of [
      [256 * MB, 4],
      [1024 * MB, 16],
    ] as const) {
      const model = path.join(dir, `model-${total / MB}`);
      const digests = await writeModelDir(model, total, count);
      await fsp.writeFile(path.join(model, 'model.sig'), signDigests(path.basename(model), digests, key));
      const files = Object.keys(digests).map((n) => path.join(model, n));
      // Warm the page cache once so neither side pays for the disk.
      execFileSync('sha256sum', files, { maxBuffer: 1 << 24 });
      const shaMs = await time(() => execFileSync('sha256sum', files, { maxBuffer: 1 << 24 }));
      const r = inChild('verify', model, key.pem);
      if (!r.ok) throw new Error('the generated model did not verify');
      verifyRows.push([
        `${mib(total)} in ${count} files`,
        `mlsec ${mbs(total, r.ms)} (${(r.ms / 1000).toFixed(2)} s), sha256sum ${mbs(total, shaMs)} (${(shaMs / 1000).toFixed(2)} s), ratio ${(r.ms / shaMs).toFixed(2)}x, peak RSS ${mib(r.peakRss)}`,
      ]);
      await fsp.rm(model, { recursive: true, force: true });
    }
    report('Model signature verification (model_signing files method, sha256) vs sha256sum', verifyRows);
    await benchHubSnapshot(dir, key);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

/** verify-model's download path and sign-model on a 1 GiB hub snapshot, each against sha256sum of the same blobs. */
export async function benchHubSnapshot(dir: string, key: ReturnType<typeof newKey>): Promise<void> {
  const total = 1024 * MB;
  const { snapshot, blobs } = await writeHubSnapshot(path.join(dir, 'hub'), total, 8);
  const rows: [string, string][] = [];
  try {
    execFileSync('sha256sum', blobs, { maxBuffer: 1 << 24 });
    const shaMs = await time(() => execFileSync('sha256sum', blobs, { maxBuffer: 1 << 24 }));
    const privatePem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const [label, kind] of [
      ['verify-model (hub snapshot, every blob rehashed, weights scanned)', 'download'],
      ['sign-model (the same snapshot)', 'sign'],
    ] as const) {
      const r = inChild(kind, snapshot, privatePem);
      if (!r.ok) throw new Error(`${label}: the generated snapshot did not check out`);
      rows.push([
        label,
        `mlsec ${mbs(total, r.ms)} (${(r.ms / 1000).toFixed(2)} s), sha256sum ${mbs(total, shaMs)} (${(shaMs / 1000).toFixed(2)} s), ratio ${(r.ms / shaMs).toFixed(2)}x, peak RSS ${mib(r.peakRss)}`,
      ]);
    }
  } finally {
    await fsp.rm(path.join(dir, 'hub'), { recursive: true, force: true });
  }
  report('1 GiB Hugging Face hub snapshot (8 safetensors shards) vs sha256sum of its blobs', rows);
}

if (require.main === module) {
  run().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
