// The threat template catalogue: ids are unique and stable in shape, each template is the default
// export of the module named after its id and every such module is listed, and every rule a
// template names is a rule of the registry, so a finding of that rule can make the threat open.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../../src/core/rules';
import { TEMPLATES, templatedRuleIds } from '../../src/core/threat-model/templates';
import { templateModulePath, type ThreatTemplate } from '../../src/core/threat-model/templates/template';

const REPO = path.resolve(__dirname, '../../..');
const OUT = path.resolve(__dirname, '../..');
const DIR = 'src/core/threat-model/templates';

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

  it('keeps each template in the module named after its id, as that module’s default export', () => {
    assert.equal(templateModulePath('stride.process.spoofing'), `${DIR}/stride-process/spoofing.ts`);
    for (const t of TEMPLATES) {
      const file = templateModulePath(t.id);
      assert.ok(fs.existsSync(path.join(REPO, file)), `${file} exists`);
      const mod = require(path.join(OUT, file.replace(/\.ts$/, '.js'))) as { default?: ThreatTemplate };
      assert.equal(mod.default, t, `${file} exports the listed template as default`);
    }
  });

  it('lists every template module of a family folder in the catalogue', () => {
    const listed = new Set(TEMPLATES.map((t) => templateModulePath(t.id)));
    const families = fs.readdirSync(path.join(REPO, DIR), { withFileTypes: true }).filter((d) => d.isDirectory());
    assert.ok(families.length > 0);
    for (const d of families) {
      for (const f of fs.readdirSync(path.join(REPO, DIR, d.name)).filter((x) => x.endsWith('.ts'))) {
        assert.ok(listed.has(`${DIR}/${d.name}/${f}`), `${DIR}/${d.name}/${f} is listed in ${DIR}/index.ts`);
      }
    }
  });

  it('turns findings of at least the core rules into threats', () => {
    const ids = templatedRuleIds();
    for (const id of ['supply-chain/unpinned-image', 'serving/unauthenticated-ml-service', 'model/unsafe-deserialization']) assert.ok(ids.has(id), id);
  });
});
