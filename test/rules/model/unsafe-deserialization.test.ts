// Rule table for model/unsafe-deserialization over generated model files.

import rule from '../../../src/core/rules/model/unsafe-deserialization';
import { ruleTester } from '../../helpers/rule-tester';
import * as fx from '../../helpers/model-fixtures';

ruleTester(rule, {
  valid: [
    { name: 'a pickle of plain containers', files: { 'artifacts/config.pkl': fx.containersP2() } },
    { name: 'a PyTorch state dict', files: { 'checkpoints/model.pt': fx.torchZip(fx.torchStateDictPickle()) } },
    { name: 'a joblib dump with a NumPy array', files: { 'model.joblib': fx.joblibDump() } },
    { name: 'safetensors weights', files: { 'model.safetensors': fx.validSafetensors() } },
    { name: 'a Keras model with Dense layers', files: { 'model.keras': fx.denseKeras() } },
    { name: 'a float NumPy array', files: { 'embeddings.npy': fx.numericNpy() } },
    { name: 'a zip archive carrying a pickle of plain containers', files: { 'model.zip': fx.zipOf({ 'model.pkl': fx.containersP2() }) } },
    { name: 'an ordinary zip of data and code', files: { 'dataset.zip': fx.zipOf({ 'train.csv': Buffer.from('a,b\n'), 'run.py': Buffer.from('import os\n') }) } },
  ],
  invalid: [
    {
      name: 'os.system called from a protocol 0 pickle',
      files: { 'model.pkl': fx.osSystemP0() },
      errors: [{ line: 1, column: 1, severity: 'critical', message: 'Loading this model runs code: it calls os.system (runs shell commands, spawns processes or changes files).' }],
    },
    {
      name: 'a call hidden behind STACK_GLOBAL and memoised strings',
      files: { 'model.pkl': fx.subprocessStackGlobalMemoP4() },
      errors: [{ line: 1, message: /it calls subprocess\.check_output \(spawns processes\)/ }],
    },
    {
      name: 'a malicious entry in a PyTorch checkpoint',
      files: { 'weights/pytorch_model.bin': fx.torchZip(fx.torchMaliciousPickle()) },
      errors: [{ line: 1, message: /it calls os\.system/ }],
    },
    {
      name: 'a nested pickle passed to pickle.loads',
      files: { 'model.pkl': fx.nestedLoadsP3() },
      errors: [{ line: 1, message: /calls (pickle\.loads|os\.system) .* and 1 more dangerous reference\./ }],
    },
    {
      name: 'a bytes value that only carries a pickle, passed to no loader',
      files: { 'model.pkl': fx.carriedPickleP3() },
      errors: [{ line: 1, severity: 'medium', message: /carries a pickle in a string or bytes value that calls os\.system .*loading the model does not run it/ }],
    },
    {
      name: 'an object array in an .npy file',
      files: { 'labels.npy': fx.maliciousObjectNpy() },
      errors: [{ line: 1, message: /calls os\.system/ }],
    },
    {
      name: 'Lambda bytecode in a .keras archive',
      files: { 'model.keras': fx.lambdaKeras() },
      errors: [{ line: 1, message: /carries Lambda layer "exfiltrate" \(carries \d+ bytes of Python bytecode/ }],
    },
    {
      name: 'a dangerous pickle inside a zip archive, named by its path there',
      files: { 'uploads/model.zip': fx.zipOf({ 'inner/model.pkl': fx.osSystemP0() }) },
      errors: [{ line: 1, severity: 'critical', message: /it calls os\.system/ }],
    },
    {
      name: 'a malicious checkpoint nested in a zip archive',
      files: { 'model.zip': fx.zipOf({ 'model.pt': fx.torchZip(fx.torchMaliciousPickle()) }) },
      errors: [{ line: 1, message: /it calls os\.system/ }],
    },
    {
      name: 'a pickle named .safetensors',
      files: { 'model.safetensors': fx.posixSystemP2() },
      errors: [{ line: 1, message: /calls posix\.system .*The file is named "\.safetensors" but its content is a pickle\./ }],
    },
  ],
});
