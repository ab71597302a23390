// The rule registry: every rule module, in catalog order. A test checks that ids, file names,
// documentation pages and test tables agree with this list.

import type { Rule } from './rule';

export const rules: Rule[] = [];
