// Rule table for model/signature-invalid: model directories and files with key-signed
// signatures generated in the test, tampered, extended, and checked with the wrong key or none.

import rule from '../../../src/core/rules/model/signature-invalid';
import { ruleTester, type Files } from '../../helpers/rule-tester';
import { newKey, signFile, signModel } from '../../helpers/signing';
import * as fx from '../../helpers/model-fixtures';

const key = newKey('P-384');
const other = newKey();
const weights = fx.validSafetensors();
const config = Buffer.from('{"hidden_size": 8}');
const trustKey = { models: { trust: { publicKeys: ['keys/release.pem'] } } };
const sig = signModel('bert', { 'model.safetensors': weights, 'config.json': config }, key);

/**
 * The key file the bundle's hint names is offered for trust in a new .mlsec.yaml. The table runs
 * with each case's configuration, so the finding stays; test/integration/trust-fix.test.ts
 * re-analyses with the edited file.
 */
const trustReleaseKey = {
  kind: 'review' as const,
  title: 'Trust the key keys/release.pem in .mlsec.yaml',
  output: { '.mlsec.yaml': 'models:\n  trust:\n    publicKeys:\n      - "keys/release.pem"\n' },
  stillReported: true,
};

function workspace(files: Files): Files {
  return { 'models/bert/model.sig': sig, ...files, 'keys/release.pem': key.pem, 'keys/other.pem': other.pem };
}

ruleTester(rule, {
  valid: [
    { name: 'a model directory signed with a trusted P-384 key', files: workspace({ 'models/bert/model.safetensors': weights, 'models/bert/config.json': config }), config: trustKey },
    {
      name: 'a checkpoint with a key-signed Sigstore bundle',
      files: { 'model.pt': fx.torchZip(fx.torchStateDictPickle()), 'model.pt.sigstore.json': signFile(fx.torchZip(fx.torchStateDictPickle()), key), 'keys/release.pem': key.pem },
      config: trustKey,
    },
  ],
  invalid: [
    {
      name: 'weights changed after signing',
      files: workspace({ 'models/bert/model.safetensors': fx.outOfBoundsSafetensors(), 'models/bert/config.json': config }),
      config: trustKey,
      errors: [{ line: 1, column: 1, severity: 'critical', message: /^The signature models\/bert\/model\.sig does not verify models\/bert: model\.safetensors differs from the signed manifest/ }],
    },
    {
      name: 'a file added after signing',
      files: workspace({ 'models/bert/model.safetensors': weights, 'models/bert/config.json': config, 'models/bert/extra.pkl': fx.containersP2() }),
      config: trustKey,
      errors: [{ line: 1, message: /extra\.pkl is not in the signed manifest \(an extra file\)/ }],
    },
    {
      name: 'a file removed after signing',
      files: workspace({ 'models/bert/model.safetensors': weights }),
      config: trustKey,
      errors: [{ line: 1, message: /config\.json is in the signed manifest but missing/ }],
    },
    {
      name: 'signed by a key the workspace does not trust',
      files: workspace({ 'models/bert/model.safetensors': weights, 'models/bert/config.json': config }),
      config: { models: { trust: { publicKeys: ['keys/other.pem'] } } },
      errors: [{ line: 1, severity: 'critical', message: /the signature does not verify with the configured public key \(keys\/other\.pem\)/ }],
      fixes: [trustReleaseKey],
    },
    {
      name: 'no key configured to check a key signature',
      files: workspace({ 'models/bert/model.safetensors': weights, 'models/bert/config.json': config }),
      errors: [{ line: 1, severity: 'medium', message: /cannot be checked: the bundle is signed with a public key .* add it to models\.trust in \.mlsec\.yaml\./ }],
      fixes: [trustReleaseKey],
    },
    {
      name: 'a single file changed after its bundle was made',
      files: { 'model.pt.sigstore.json': signFile(fx.torchZip(fx.torchStateDictPickle()), key), 'model.pt': fx.torchZip(fx.torchMaliciousPickle()), 'keys/release.pem': key.pem },
      config: trustKey,
      errors: [{ line: 1, message: /does not verify model\.pt: the file's sha256 \([0-9a-f]+\) differs from the digest the bundle signs/ }],
    },
    {
      name: 'a bundle that is not JSON',
      files: { 'models/bert/model.sig': '{"mediaType": ', 'models/bert/model.safetensors': weights },
      errors: [{ line: 1, message: /does not verify models\/bert: the bundle is not valid JSON/ }],
    },
  ],
});
