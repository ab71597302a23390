// Rule table for model/unfetched-lfs-pointer: a model-named Git LFS pointer is reported, the
// fetched file and pointer-like text are not.

import rule from '../../../src/core/rules/model/unfetched-lfs-pointer';
import { ruleTester } from '../../helpers/rule-tester';
import * as fx from '../../helpers/model-fixtures';
import { lfsPointer } from '../../helpers/hf-download';

const fetch = { kind: 'guided' as const, title: /git lfs pull --include .*explanation only, no automatic edit/, output: {} };
const oid = 'a'.repeat(64);

ruleTester(rule, {
  valid: [
    { name: 'the fetched weights', files: { 'pytorch_model.bin': fx.torchZip(fx.torchStateDictPickle()) } },
    { name: 'a pointer with another name is not a model', files: { 'notes.txt': lfsPointer({ oid, size: 10 }) } },
    { name: 'a text file that only mentions the pointer format', files: { 'model.pkl': Buffer.from('see version https://git-lfs.github.com/spec/v1\n') } },
  ],
  invalid: [
    {
      name: 'pytorch_model.bin as a pointer',
      files: { 'pytorch_model.bin': lfsPointer({ oid, size: 548118077 }) },
      errors: [
        {
          line: 1,
          column: 1,
          severity: 'low',
          message: `This file is a Git LFS pointer (to 548118077 bytes, sha256:${oid}): the file itself was never fetched, so the model it names was not scanned.`,
        },
      ],
      fixes: [fetch],
    },
    {
      name: 'model.pkl as a pointer',
      files: { 'models/model.pkl': lfsPointer(Buffer.from('payload')) },
      errors: [{ line: 1, severity: 'low', message: /^This file is a Git LFS pointer \(to 7 bytes, sha256:[0-9a-f]{64}\)/ }],
      fixes: [fetch],
    },
  ],
});
