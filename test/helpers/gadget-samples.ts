// Builds, as bytes, one pickle per published gadget that calls it on load (never loaded), for the
// scanner-parity tests: GLOBAL for plain names, STACK_GLOBAL for class attributes.

import { pickle } from './pickle-writer';

/** Published gadgets by family: module, name. */
export const GADGETS: Record<string, [string, string][]> = {
  'torch internals': [
    ['torch._inductor.codecache', 'compile_file'],
    ['torch.utils.bottleneck.__main__', 'run_cprofile'],
    ['torch._dynamo.guards', 'GuardBuilder.get'],
    ['torch.fx.experimental.symbolic_shapes', 'ShapeEnv.evaluate_guards_expression'],
    ['torch.utils.collect_env', 'run'],
    ['torch.jit.unsupported_tensor_ops', 'execWrapper'],
    ['torch.utils._config_module', 'ConfigModule.load_config'],
  ],
  'numpy and lib2to3 code paths': [
    ['numpy.f2py.crackfortran', 'getlincoef'],
    ['lib2to3.pgen2.pgen', 'generate_grammar'],
  ],
  'standard-library command helpers': [
    ['_aix_support', '_read_cmd_output'],
    ['_osx_support', '_read_output'],
    ['uuid', '_get_command_stdout'],
    ['_pyrepl.pager', 'pipe_pager'],
    ['test.support.script_helper', 'assert_python_ok'],
    ['pexpect', 'run'],
  ],
  subinterpreters: [
    ['_xxsubinterpreters', 'run_string'],
    ['_interpreters', 'exec'],
  ],
  'import machinery': [
    ['_imp', 'create_dynamic'],
    ['_frozen_importlib_external', 'SourceFileLoader'],
    ['_frozen_importlib', '_call_with_frames_removed'],
    ['unittest.mock', '_importer'],
  ],
  'logging configuration': [['logging.config', 'listen']],
  'C modules of listed modules': [
    ['_signal', 'signal'],
    ['_sqlite3', 'connect'],
  ],
  'call gadgets': [
    ['functools', 'partial'],
    ['functools', 'reduce'],
  ],
};

/** A protocol 4 pickle that imports `module.name` and calls it with one string argument. */
export function gadgetPickle(module: string, name: string): Buffer {
  return pickle().proto(4).str(module).str(name).stackGlobal().str('id').tuple1().reduce().stop().bytes();
}
