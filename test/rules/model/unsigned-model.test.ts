// Rule table for model/unsigned-model: info by default, high when the workspace requires
// signatures, silent when a signature covers the model.

import rule from '../../../src/core/rules/model/unsigned-model';
import { ruleTester } from '../../helpers/rule-tester';
import * as fx from '../../helpers/model-fixtures';
import { newKey, signFile, signModel } from '../../helpers/signing';

const key = newKey();
const sign = { kind: 'guided' as const, title: /model_signing .*cosign sign-blob .*explanation only, no automatic edit/, output: {} };

ruleTester(rule, {
  valid: [
    {
      name: 'a model directory with a model.sig',
      files: { 'models/m/model.safetensors': fx.validSafetensors(), 'models/m/model.sig': signModel('m', { 'model.safetensors': fx.validSafetensors() }, key) },
    },
    { name: 'a model.sig higher up covers nested files', files: { 'models/m/onnx/model.pkl': fx.containersP2(), 'models/model.sig': signModel('models', {}, key) } },
    { name: 'a file with its own Sigstore bundle', files: { 'model.pt': fx.torchZip(fx.torchStateDictPickle()), 'model.pt.sigstore.json': signFile(Buffer.from('x'), key) } },
    { name: 'a .bin file that is not a model', files: { 'firmware.bin': Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1, 2, 3]) } },
    { name: 'a .zip archive that carries no model', files: { 'sources.zip': fx.zipOf({ 'src/train.py': Buffer.from('print(1)\n') }) } },
  ],
  invalid: [
    {
      name: 'an unsigned checkpoint',
      files: { 'checkpoints/model.pt': fx.torchZip(fx.torchStateDictPickle()) },
      errors: [{ line: 1, column: 1, severity: 'info', message: 'This model (a PyTorch zip checkpoint) has no signature: nothing shows who produced it or that it is unchanged.' }],
      fixes: [sign],
    },
    {
      name: 'an unsigned zip archive of model files',
      files: { 'model.zip': fx.zipOf({ 'model.pkl': fx.containersP2() }) },
      errors: [{ line: 1, severity: 'info', message: 'This model (a zip archive of model files) has no signature: nothing shows who produced it or that it is unchanged.' }],
      fixes: [sign],
    },
    {
      name: 'an unsigned model when the workspace requires signatures',
      files: { 'model.safetensors': fx.validSafetensors() },
      config: { models: { requireSignatures: true } },
      errors: [{ line: 1, severity: 'high', message: 'This model (a safetensors file) has no signature, but the workspace requires signed models (models.requireSignatures).' }],
      fixes: [sign],
    },
    {
      name: 'the configured severity applies when signatures are required',
      files: { 'model.onnx': Buffer.from([0x08, 0x07, 0x12, 0x00]) },
      config: { models: { requireSignatures: true }, rules: { 'model/unsigned-model': { severity: 'critical' } } },
      errors: [{ line: 1, severity: 'critical', message: /an ONNX model\) has no signature, but the workspace requires signed models/ }],
      fixes: [sign],
    },
  ],
});
