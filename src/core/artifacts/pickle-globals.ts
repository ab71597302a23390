// Classifies the globals a pickle (or a Keras config) imports: dangerous, known safe, or unknown.

/** What loading a global means for the machine that loads the model. */
export type GlobalClass = 'dangerous' | 'safe' | 'unknown';

export interface Classification {
  class: GlobalClass;
  /** Why a global is dangerous (or which list made it safe), in a phrase. */
  reason: string;
}

/**
 * Modules whose every attribute is dangerous to import and call during unpickling. A module
 * entry also covers its submodules (`os` covers `os.path`), because an attacker only needs one
 * reachable function that runs a command, opens a file or a socket, or evaluates code.
 */
// prettier-ignore
const DANGEROUS_MODULES: Record<string, string> = {
  os: 'runs shell commands, spawns processes or changes files',
  posix: 'runs shell commands or changes files (the POSIX name of os)',
  nt: 'runs shell commands or changes files (the Windows name of os)',
  subprocess: 'spawns processes',
  _posixsubprocess: 'spawns processes',
  pty: 'spawns a shell on a pseudo-terminal',
  commands: 'runs shell commands (Python 2)',
  popen2: 'spawns processes (Python 2)',
  socket: 'opens network connections',
  _socket: 'opens network connections',
  ssl: 'opens network connections',
  asyncore: 'opens network connections',
  asynchat: 'opens network connections',
  select: 'drives network connections',
  selectors: 'drives network connections',
  shutil: 'copies, moves or deletes files and trees',
  tempfile: 'creates files',
  fileinput: 'reads files',
  webbrowser: 'opens URLs and starts a browser process',
  runpy: 'runs Python modules and scripts',
  importlib: 'imports arbitrary modules',
  imp: 'imports arbitrary modules (Python 2/3 legacy)',
  pkgutil: 'imports arbitrary modules',
  zipimport: 'imports code from archives',
  sys: 'reaches the interpreter state (modules, hooks, exit)',
  marshal: 'builds code objects from bytes',
  code: 'runs an interactive interpreter or evaluates code',
  codeop: 'compiles code',
  compileall: 'compiles and writes code',
  py_compile: 'compiles and writes code',
  ctypes: 'calls native functions and writes memory',
  _ctypes: 'calls native functions and writes memory',
  cffi: 'calls native functions',
  multiprocessing: 'spawns processes',
  concurrent: 'spawns processes or threads',
  threading: 'starts threads running attacker-chosen callables',
  _thread: 'starts threads running attacker-chosen callables',
  signal: 'installs signal handlers',
  pdb: 'evaluates code in the debugger',
  bdb: 'evaluates code in the debugger',
  trace: 'runs code under tracing',
  profile: 'runs code strings',
  cProfile: 'runs code strings',
  timeit: 'runs code strings',
  doctest: 'runs code found in strings',
  pydoc: 'runs a pager process',
  idlelib: 'runs code in IDLE',
  distutils: 'runs build commands',
  setuptools: 'runs build commands',
  pip: 'installs packages',
  ensurepip: 'installs packages',
  venv: 'creates environments and runs processes',
  requests: 'sends network requests',
  urllib: 'sends network requests',
  urllib2: 'sends network requests (Python 2)',
  urllib3: 'sends network requests',
  httplib: 'sends network requests (Python 2)',
  http: 'sends network requests or serves files',
  httpx: 'sends network requests',
  aiohttp: 'sends network requests',
  ftplib: 'opens FTP connections',
  smtplib: 'sends e-mail',
  telnetlib: 'opens telnet connections',
  poplib: 'opens mail connections',
  imaplib: 'opens mail connections',
  nntplib: 'opens news connections',
  xmlrpc: 'calls remote procedures',
  xmlrpclib: 'calls remote procedures (Python 2)',
  socketserver: 'serves network connections',
  SocketServer: 'serves network connections (Python 2)',
  paramiko: 'opens SSH connections and runs remote commands',
  pickle: 'unpickles nested data (runs whatever it imports)',
  _pickle: 'unpickles nested data (runs whatever it imports)',
  cPickle: 'unpickles nested data (Python 2)',
  pickletools: 'processes nested pickles',
  dill: 'unpickles nested data, including code objects',
  cloudpickle: 'unpickles nested data, including code objects',
  shelve: 'unpickles data from files',
  dbm: 'opens database files',
  sqlite3: 'opens database files and loads extensions',
  builtins: 'reaches Python built-ins',
  __builtin__: 'reaches Python built-ins (Python 2)',
  __builtins__: 'reaches Python built-ins',
  gc: 'reaches every live object',
  inspect: 'reaches frames and code of live objects',
  ast: 'builds code from text',
  platform: 'runs helper processes',
  resource: 'changes process limits',
  mmap: 'maps files into memory',
  fcntl: 'operates on file descriptors',
  termios: 'operates on terminals',
  tty: 'operates on terminals',
  crypt: 'calls native password hashing',
  getpass: 'reads the terminal',
  atexit: 'registers code to run at exit',
  site: 'runs site hooks and adds import paths',
  sysconfig: 'reaches interpreter configuration',
  asyncio: 'spawns processes or opens connections (asyncio subprocess and streams)',
  nturl2path: 'converts paths for network access',
  _signal: 'installs signal handlers (the C module of signal)',
  _sqlite3: 'opens database files and loads extensions (the C module of sqlite3)',
  _ssl: 'opens network connections (the C module of ssl)',
  _multiprocessing: 'spawns processes (the C module of multiprocessing)',
  _posixshmem: 'maps shared memory (the C module of multiprocessing.shared_memory)',
  _winapi: 'spawns processes and opens handles (the C module of subprocess on Windows)',
  _subprocess: 'spawns processes (Python 2 on Windows)',
  _overlapped: 'drives sockets and pipes (the C module of asyncio on Windows)',
  _asyncio: 'runs event-loop callbacks (the C module of asyncio)',
  'numpy.f2py.crackfortran': 'evaluates Fortran parameter expressions as Python code',
  'lib2to3.pgen2.pgen': 'reads grammar files named by the caller',
  _aix_support: 'runs helper commands',
  _osx_support: 'runs helper commands',
  _pyrepl: 'runs a pager process or an interactive console',
  'test.support': 'runs Python scripts and commands (CPython test helpers)',
  _xxsubinterpreters: 'runs code strings in a subinterpreter',
  _interpreters: 'runs code strings in a subinterpreter',
  _interpqueues: 'passes objects between subinterpreters',
  interpreters: 'runs code strings in a subinterpreter',
  pexpect: 'spawns processes and drives them',
  ptyprocess: 'spawns processes on a pseudo-terminal',
  _imp: 'loads native extension modules',
  _frozen_importlib: 'imports arbitrary modules (the frozen import machinery)',
  _frozen_importlib_external: 'loads code from arbitrary files (SourceFileLoader and friends)',
  'unittest.mock': 'imports modules named by strings and calls what they hold',
  'logging.config': 'reads configuration that builds arbitrary objects, or listens on a socket for it',
};

/**
 * Individual names that are dangerous although their module is not: loaders of nested pickles
 * and helpers that run code, in libraries commonly found next to models.
 */
// prettier-ignore
const DANGEROUS_NAMES: Record<string, string> = {
  'io.open': 'opens files',
  'io.open_code': 'opens files',
  'io.FileIO': 'opens files',
  '_io.open': 'opens files',
  '_io.open_code': 'opens files',
  '_io.FileIO': 'opens files',
  'codecs.open': 'opens files',
  'types.CodeType': 'builds code objects',
  'types.FunctionType': 'builds functions from code objects',
  'types.LambdaType': 'builds functions from code objects',
  'types.MethodType': 'binds callables to objects',
  'types.ModuleType': 'builds modules',
  'operator.attrgetter': 'reaches arbitrary attributes',
  'operator.methodcaller': 'calls arbitrary methods',
  '_operator.attrgetter': 'reaches arbitrary attributes',
  '_operator.methodcaller': 'calls arbitrary methods',
  'numpy.loads': 'unpickles nested data (alias of pickle.loads)',
  'numpy.load': 'loads .npy/.npz data with pickle when allowed',
  'numpy.lib.npyio.load': 'loads .npy/.npz data with pickle when allowed',
  'numpy.testing._private.utils.runstring': 'executes a code string',
  'numpy.f2py.compile': 'compiles and imports native code',
  'numpy.ctypeslib.load_library': 'loads a native library',
  'numpy.distutils.exec_command.exec_command': 'runs shell commands',
  'torch.load': 'unpickles a nested checkpoint',
  'torch.serialization.load': 'unpickles a nested checkpoint',
  'torch.hub.load': 'downloads and runs a repository’s hubconf.py',
  'torch.hub.load_state_dict_from_url': 'downloads a checkpoint over the network',
  'torch.hub.download_url_to_file': 'downloads a file over the network',
  'torch.jit.load': 'loads a TorchScript program',
  'torch.package.PackageImporter': 'imports code from a package archive',
  'torch.utils.cpp_extension.load': 'compiles and loads native code',
  'torch.utils.cpp_extension.load_inline': 'compiles and loads native code',
  'torch._dynamo.eval_frame': 'hooks code evaluation',
  'torch.fx.graph_module.reduce_graph_module': 'executes generated Python source',
  'torch.fx.graph_module._deserialize_graph_module': 'executes generated Python source',
  'joblib.load': 'unpickles a nested file',
  'joblib.numpy_pickle.load': 'unpickles a nested file',
  'pandas.read_pickle': 'unpickles a nested file',
  'pandas.io.pickle.read_pickle': 'unpickles a nested file',
  'pandas.eval': 'evaluates an expression string',
  'pandas.core.computation.eval.eval': 'evaluates an expression string',
  'keras.models.load_model': 'loads a model that may hold Lambda bytecode',
  'tensorflow.keras.models.load_model': 'loads a model that may hold Lambda bytecode',
  'tensorflow.io.read_file': 'reads files',
  'tensorflow.io.write_file': 'writes files',
  'tensorflow.io.gfile.GFile': 'opens files',
  'tensorflow.python.ops.gen_io_ops.read_file': 'reads files',
  'tensorflow.python.ops.gen_io_ops.write_file': 'writes files',
  'onnx.load': 'reads files',
  'yaml.load': 'constructs arbitrary Python objects from YAML',
  'yaml.unsafe_load': 'constructs arbitrary Python objects from YAML',
  'jinja2.Template': 'renders templates that can reach Python internals',
  'sklearn.utils._testing.assert_run_python_script': 'runs a Python script in a subprocess',
  'sklearn.utils._testing.assert_run_python_script_without_output': 'runs a Python script in a subprocess',
  'torch._inductor.codecache.compile_file': 'compiles and loads native code from the given source',
  'torch.utils.bottleneck.__main__.run_cprofile': 'executes a code string under the profiler',
  'torch._dynamo.guards.GuardBuilder.get': 'evaluates a Python expression string',
  'torch.fx.experimental.symbolic_shapes.ShapeEnv.evaluate_guards_expression': 'evaluates a Python expression string',
  'torch.utils.collect_env.run': 'runs a shell command',
  'torch.utils.collect_env.run_and_read_all': 'runs a shell command',
  'torch.utils.collect_env.run_and_parse_first_match': 'runs a shell command',
  'torch.jit.unsupported_tensor_ops.execWrapper': 'executes a code string',
  'torch.utils._config_module.ConfigModule.load_config': 'unpickles nested configuration bytes',
  'torch.serialization._load': 'unpickles a nested checkpoint',
  'uuid._get_command_stdout': 'runs a command',
  'functools.partial': 'binds any callable to arguments, so calling the result calls it (a call gadget)',
  'functools.reduce': 'calls any callable it is given (a call gadget)',
  '_functools.partial': 'binds any callable to arguments, so calling the result calls it (a call gadget)',
  '_functools.reduce': 'calls any callable it is given (a call gadget)',
  'operator.call': 'calls any callable it is given (a call gadget)',
  '_operator.call': 'calls any callable it is given (a call gadget)',
};

/**
 * Exact names known to rebuild plain data although their module is on the dangerous list:
 * what dill writes for a NumPy array.
 */
const SAFE_IN_DANGEROUS_MODULES = new Set(['dill._dill._create_array']);

/** Built-in names that are harmless constructors of plain data. */
// prettier-ignore
const SAFE_BUILTINS = new Set([
  'bool', 'bytearray', 'bytes', 'complex', 'dict', 'float', 'frozenset', 'int', 'list', 'object',
  'range', 'xrange', 'set', 'slice', 'str', 'tuple', 'unicode', 'long', 'NotImplemented', 'Ellipsis', 'True',
  'False', 'None',
]);

/** Built-ins that are neither plain data nor known to run code: reported as unknown. */
// prettier-ignore
const UNKNOWN_BUILTINS = new Set(['type', 'print', 'len', 'min', 'max', 'sum', 'sorted', 'reversed', 'enumerate', 'zip', 'map', 'filter', 'repr', 'hash', 'id', 'abs', 'round', 'divmod', 'pow', 'hex', 'oct', 'bin', 'chr', 'ord', 'format', 'iter', 'next', 'all', 'any', 'isinstance', 'issubclass', 'callable', 'property', 'staticmethod', 'classmethod', 'super']);

/** Why each dangerous built-in is dangerous. Built-ins not listed here or above are dangerous too. */
// prettier-ignore
const DANGEROUS_BUILTINS: Record<string, string> = {
  eval: 'evaluates Python code',
  exec: 'executes Python code',
  execfile: 'executes a Python file (Python 2)',
  compile: 'compiles Python code',
  getattr: 'reaches any attribute, including os.system',
  setattr: 'overwrites attributes of modules and classes',
  delattr: 'removes attributes of modules and classes',
  __import__: 'imports any module',
  open: 'opens files for reading or writing',
  file: 'opens files (Python 2)',
  input: 'evaluates console input (Python 2) or reads the terminal',
  raw_input: 'reads the terminal',
  breakpoint: 'starts the debugger',
  globals: 'reaches the module namespace',
  locals: 'reaches the local namespace',
  vars: 'reaches object namespaces',
  apply: 'calls any callable (Python 2)',
  reload: 're-imports modules (Python 2)',
  memoryview: 'exposes raw memory',
  help: 'runs a pager process',
  exit: 'stops the interpreter',
  quit: 'stops the interpreter',
  dir: 'enumerates attributes for reflection chains',
};

/**
 * Exact globals known to appear in benign checkpoints and to do nothing but rebuild data.
 * Sources: what torch.save, numpy, pandas, scikit-learn, XGBoost, LightGBM and the standard
 * library write when they pickle plain models and data.
 */
// prettier-ignore
const SAFE_NAMES = new Set([
  'collections.OrderedDict', 'collections.defaultdict', 'collections.deque', 'collections.Counter',
  'copyreg._reconstructor', 'copy_reg._reconstructor', 'copyreg.__newobj__', 'copyreg.__newobj_ex__',
  'datetime.datetime', 'datetime.date', 'datetime.time', 'datetime.timedelta', 'datetime.timezone',
  'decimal.Decimal', 'fractions.Fraction', 'uuid.UUID', 'types.SimpleNamespace', 'argparse.Namespace', 'enum.Enum', 're._compile', 'pathlib.PosixPath', 'pathlib.WindowsPath',
  'numpy.ndarray', 'numpy.dtype', 'numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar', 'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer', 'numpy.ma.core._mareconstruct', 'numpy.ma.core.MaskedArray',
  'numpy.random._pickle.__randomstate_ctor', 'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor', 'numpy.random.mtrand.RandomState', 'numpy.random._mt19937.MT19937',
  'numpy.random._pcg64.PCG64', 'numpy.random.bit_generator.SeedSequence',
  'torch._utils._rebuild_tensor', 'torch._utils._rebuild_tensor_v2', 'torch._utils._rebuild_tensor_v3',
  'torch._utils._rebuild_parameter', 'torch._utils._rebuild_parameter_with_state', 'torch._utils._rebuild_qtensor',
  'torch._utils._rebuild_sparse_tensor', 'torch._utils._rebuild_nested_tensor', 'torch._utils._rebuild_meta_tensor_no_storage',
  'torch._utils._rebuild_device_tensor_from_numpy', 'torch._utils._rebuild_wrapper_subclass',
  'torch._utils._rebuild_device_tensor_from_cpu_tensor', 'torch._tensor._rebuild_from_type_v2', 'torch._tensor._rebuild_from_type',
  'torch.nn.parameter.Parameter', 'torch.nn.parameter.Buffer', 'torch.Size', 'torch.device', 'torch.dtype', 'torch.layout',
  'torch.memory_format', 'torch.storage.UntypedStorage', 'torch.storage.TypedStorage', 'torch.serialization._get_layout',
  'torch.FloatStorage', 'torch.DoubleStorage', 'torch.HalfStorage', 'torch.BFloat16Storage', 'torch.LongStorage',
  'torch.IntStorage', 'torch.ShortStorage', 'torch.CharStorage', 'torch.ByteStorage', 'torch.BoolStorage',
  'torch.ComplexFloatStorage', 'torch.ComplexDoubleStorage', 'torch.QUInt8Storage', 'torch.QInt8Storage',
  'torch.QInt32Storage', 'torch.QUInt4x2Storage', 'torch.QUInt2x4Storage', 'torch.UntypedStorage',
  'torch.float32', 'torch.float64', 'torch.float16', 'torch.bfloat16', 'torch.int64', 'torch.int32', 'torch.int16',
  'torch.int8', 'torch.uint8', 'torch.bool', 'torch.complex64', 'torch.complex128', 'torch.strided', 'torch.sparse_coo',
  'torch.contiguous_format', 'torch.channels_last', 'torch.preserve_format',
  'joblib.numpy_pickle.NumpyArrayWrapper', 'joblib.numpy_pickle.NDArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
  'scipy.sparse._csr.csr_matrix', 'scipy.sparse._csc.csc_matrix', 'scipy.sparse._coo.coo_matrix',
  'scipy.sparse.csr.csr_matrix', 'scipy.sparse.csc.csc_matrix', 'scipy.sparse.coo.coo_matrix',
  'pandas.core.frame.DataFrame', 'pandas.core.series.Series', 'pandas._libs.internals._unpickle_block',
  'pandas.core.internals.managers.BlockManager', 'pandas.core.internals.managers.SingleBlockManager',
  'pandas.core.indexes.base._new_Index', 'pandas.core.indexes.base.Index', 'pandas.core.indexes.range.RangeIndex',
  'pandas.core.indexes.multi.MultiIndex', 'pandas.core.indexes.datetimes.DatetimeIndex', 'pandas._libs.tslibs.timestamps._unpickle_timestamp',
  'pandas.core.arrays.categorical.Categorical', 'pandas._libs.tslibs.timestamps.Timestamp',
  'xgboost.core.Booster', 'xgboost.sklearn.XGBClassifier', 'xgboost.sklearn.XGBRegressor', 'xgboost.sklearn.XGBRanker',
  'lightgbm.basic.Booster', 'lightgbm.sklearn.LGBMClassifier', 'lightgbm.sklearn.LGBMRegressor', 'lightgbm.sklearn.LGBMRanker',
  'catboost.core.CatBoostClassifier', 'catboost.core.CatBoostRegressor',
  '_codecs.encode',
]);

/**
 * Module prefixes whose classes are estimators or plain containers: scikit-learn estimator
 * modules (not `sklearn.utils`, whose testing helpers run subprocesses), PyTorch layers and
 * NumPy scalar types.
 */
// prettier-ignore
const SAFE_PREFIXES = [
  'sklearn.linear_model.', 'sklearn.ensemble.', 'sklearn.tree.', 'sklearn.svm.', 'sklearn.neighbors.',
  'sklearn.preprocessing.', 'sklearn.pipeline.', 'sklearn.compose.', 'sklearn.decomposition.', 'sklearn.cluster.',
  'sklearn.naive_bayes.', 'sklearn.feature_extraction.', 'sklearn.feature_selection.', 'sklearn.impute.',
  'sklearn.neural_network.', 'sklearn.discriminant_analysis.', 'sklearn.gaussian_process.', 'sklearn.calibration.',
  'sklearn.multiclass.', 'sklearn.multioutput.', 'sklearn.kernel_approximation.', 'sklearn.kernel_ridge.',
  'sklearn.isotonic.', 'sklearn.manifold.', 'sklearn.mixture.', 'sklearn.cross_decomposition.', 'sklearn.dummy.',
  'sklearn.random_projection.', 'sklearn.semi_supervised.', 'sklearn.covariance.', 'sklearn._loss.',
  'sklearn.model_selection._search.', 'sklearn.model_selection._split.',
  'torch.nn.modules.', 'numpy.core.numerictypes.',
];

/** NumPy scalar and dtype class names, importable from `numpy` directly. */
// prettier-ignore
const NUMPY_SCALARS = new Set([
  'bool_', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'float16', 'float32',
  'float64', 'float128', 'complex64', 'complex128', 'longlong', 'ulonglong', 'intc', 'uintc', 'str_', 'bytes_',
  'object_', 'void', 'datetime64', 'timedelta64', 'longdouble', 'clongdouble', 'half', 'single', 'double',
]);

/** Attribute names that walk from any object into interpreter internals. */
// prettier-ignore
const INTERNAL_ATTRIBUTES = new Set([
  '__globals__', '__builtins__', '__subclasses__', '__class__', '__bases__', '__mro__', '__dict__', '__code__',
  '__getattribute__', '__init__', '__import__', '__loader__', '__spec__', '__closure__', '__func__', '__self__',
  'f_globals', 'f_locals', 'gi_frame', 'tb_frame',
]);

/** Function names that run commands or code wherever they are defined. */
// prettier-ignore
const DANGEROUS_LEAF_NAMES: Record<string, string> = {
  system: 'runs a shell command',
  popen: 'spawns a process',
  Popen: 'spawns a process',
  exec: 'executes Python code',
  eval: 'evaluates Python code',
  execv: 'replaces the process',
  execve: 'replaces the process',
  spawn: 'spawns a process',
  check_output: 'spawns a process',
  check_call: 'spawns a process',
  run_path: 'runs a Python file',
  run_module: 'runs a Python module',
  loads: 'unpickles nested data',
  load: 'loads nested serialized data',
  import_module: 'imports any module',
};

/** Names through which an attribute path can reach a dangerous module. */
// prettier-ignore
const REACHABLE_MODULES = new Set(['os', 'posix', 'nt', 'subprocess', 'sys', 'builtins', '__builtin__', 'importlib', 'ctypes', 'socket', 'shutil', 'pty', 'runpy', 'marshal', 'pickle', '_pickle', 'code', 'webbrowser']);

function moduleRootMatch(module: string): string | undefined {
  const parts = module.split('.');
  for (let i = parts.length; i > 0; i--) {
    const reason = DANGEROUS_MODULES[parts.slice(0, i).join('.')];
    if (reason !== undefined) return reason;
  }
  return undefined;
}

/**
 * Classifies `module.name` as the unpickler would resolve it. Names with dots (protocol 4
 * `STACK_GLOBAL 'torch' 'serialization.os.system'`) are attribute paths: each segment is
 * checked, because such a path can reach `os.system` from a harmless-looking module.
 */
export function classifyGlobal(module: string, name: string): Classification {
  const builtinModule = module === 'builtins' || module === '__builtin__' || module === '__builtins__';
  const segments = name.split('.');
  if (builtinModule && segments.length === 1) {
    if (SAFE_BUILTINS.has(name)) return { class: 'safe', reason: 'plain data constructor' };
    if (UNKNOWN_BUILTINS.has(name)) return { class: 'unknown', reason: 'built-in that is neither plain data nor known to run code' };
    return { class: 'dangerous', reason: DANGEROUS_BUILTINS[name] ?? 'reaches Python built-ins' };
  }
  const full = name ? `${module}.${name}` : module;
  const exact = DANGEROUS_NAMES[full];
  if (exact) return { class: 'dangerous', reason: exact };
  if (SAFE_IN_DANGEROUS_MODULES.has(full)) return { class: 'safe', reason: 'known to rebuild plain data' };
  // The module as written, then the module the whole dotted path names (`logging` + `config.listen`).
  const byModule = moduleRootMatch(module) ?? moduleRootMatch(full);
  if (byModule !== undefined) return { class: 'dangerous', reason: byModule };
  if (segments.length > 1) {
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i];
      if (INTERNAL_ATTRIBUTES.has(seg)) return { class: 'dangerous', reason: `walks into interpreter internals through ${seg}` };
      if (i < segments.length - 1 && REACHABLE_MODULES.has(seg)) return { class: 'dangerous', reason: `reaches the ${seg} module through an attribute path` };
      const prefixDanger = DANGEROUS_NAMES[`${module}.${segments.slice(0, i + 1).join('.')}`];
      if (prefixDanger) return { class: 'dangerous', reason: prefixDanger };
    }
    const leaf = DANGEROUS_LEAF_NAMES[segments[segments.length - 1]];
    if (leaf) return { class: 'dangerous', reason: `${leaf} (reached through an attribute path)` };
  }
  if (INTERNAL_ATTRIBUTES.has(name)) return { class: 'dangerous', reason: `walks into interpreter internals through ${name}` };
  if (SAFE_NAMES.has(full)) return { class: 'safe', reason: 'known to rebuild plain data' };
  if (module === 'numpy' && NUMPY_SCALARS.has(name)) return { class: 'safe', reason: 'NumPy scalar type' };
  if (segments.length === 1 && SAFE_PREFIXES.some((p) => `${module}.`.startsWith(p))) {
    return { class: 'safe', reason: 'estimator or layer class' };
  }
  return { class: 'unknown', reason: 'on no list: loading imports and may run this code' };
}

/** Globals that unpickle their first argument, so a bytes argument is a nested pickle. */
// prettier-ignore
const NESTED_LOADERS = new Set([
  'pickle.loads', '_pickle.loads', 'pickle._loads', 'cPickle.loads', 'dill.loads', 'dill._dill.loads',
  'cloudpickle.loads', 'cloudpickle.cloudpickle.loads', 'torch.storage._load_from_bytes', 'numpy.loads', '_pickle._loads',
  'torch.utils._config_module.ConfigModule.load_config',
]);

export function isNestedLoader(module: string, name: string): boolean {
  return NESTED_LOADERS.has(`${module}.${name}`);
}

/** Globals that return an attribute of their first argument named by their second. */
export function isGetattr(module: string, name: string): boolean {
  return (module === 'builtins' || module === '__builtin__') && name === 'getattr';
}

/** Globals that import the module named by their first argument and return it. */
export function isModuleImporter(module: string, name: string): boolean {
  return ((module === 'builtins' || module === '__builtin__') && name === '__import__') || (module === 'importlib' && name === 'import_module');
}
