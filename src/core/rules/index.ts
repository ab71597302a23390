// The rule registry: every rule module, in catalog order. A test checks that ids, file names,
// documentation pages and test tables agree with this list.

import type { Rule } from './rule';
import modelUnsafeDeserialization from './model/unsafe-deserialization';
import modelPickleFormat from './model/pickle-format';
import modelSignatureInvalid from './model/signature-invalid';
import modelUnsignedModel from './model/unsigned-model';

export const rules: Rule[] = [
  modelUnsafeDeserialization,
  modelPickleFormat,
  modelSignatureInvalid,
  modelUnsignedModel,
];
