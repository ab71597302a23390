// The generated threat pages under docs/threats/ match the template metadata, one page per
// template plus the index, and nothing else lives there.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TEMPLATES } from '../../src/core/threat-model/templates';
import { renderThreatDoc, THREAT_DOCS_DIR, threatDocPages } from '../../src/core/threat-model/templates/docs';

const REPO = path.resolve(__dirname, '../../..');

describe('threat documentation pages', () => {
  it('are up to date with the templates (run npm run docs)', () => {
    for (const page of threatDocPages(TEMPLATES)) {
      const file = path.join(REPO, page.path);
      assert.ok(fs.existsSync(file), `${page.path} exists (run npm run docs)`);
      assert.equal(fs.readFileSync(file, 'utf8'), page.text, `${page.path} is up to date (run npm run docs)`);
    }
  });

  it('leave no page without a template', () => {
    const wanted = new Set(threatDocPages(TEMPLATES).map((p) => path.basename(p.path)));
    for (const f of fs.readdirSync(path.join(REPO, THREAT_DOCS_DIR))) assert.ok(wanted.has(f), `${f} belongs to a threat template (run npm run docs)`);
  });

  it('link each rule a template names to its rule page', () => {
    const tpl = TEMPLATES.find((t) => t.rules.includes('supply-chain/unpinned-image'))!;
    assert.match(renderThreatDoc(tpl), /\[`supply-chain\/unpinned-image`\]\(\.\.\/rules\/supply-chain\/unpinned-image\.md\)/);
  });
});
