// The threat template catalogue: ids are unique and stable in shape, and every rule a template
// names is a rule of the registry, so a finding of that rule can make the threat open.

import * as assert from 'node:assert/strict';
import { rules } from '../../src/core/rules';
import { TEMPLATES, templatedRuleIds } from '../../src/core/threat-model/templates';

describe('threat template catalogue', () => {
  it('names only rules that exist in the rule registry', () => {
    const known = new Set(rules.map((r) => r.meta.id));
    for (const t of TEMPLATES) for (const id of t.rules) assert.ok(known.has(id), `${t.id} names ${id}, which is not a registered rule`);
  });

  it('gives every template a unique id of the form family.name', () => {
    const ids = TEMPLATES.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z-]+(\.[a-z-]+)+$/);
  });

  it('turns findings of at least the core rules into threats', () => {
    const ids = templatedRuleIds();
    for (const id of ['supply-chain/unpinned-image', 'serving/unauthenticated-ml-service', 'model/unsafe-deserialization']) assert.ok(ids.has(id), id);
  });
});
