// Keeps the rule catalog whole: every rule has its source file named after its id, a registry
// entry, a test table and an up-to-date documentation page, and its taxonomy ids are known.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../../src/core';
import { ruleDocPages, ruleDocPath, RULE_DOCS_DIR, renderRuleDoc } from '../../src/core/report/rule-docs';
import { rules } from '../../src/core/rules';
import type { Rule } from '../../src/core/rules/rule';
import { ATLAS_NAMES, atlasId, OWASP_ML_NAMES } from '../../src/core/taxonomy';

const REPO = path.resolve(__dirname, '../../..');
const OUT = path.resolve(__dirname, '../..');

/** `<concern>/<name>` of every file directly inside a concern folder with the given suffix. */
function concernFiles(dir: string, suffix: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      fs
        .readdirSync(path.join(dir, d.name))
        .filter((f) => f.endsWith(suffix))
        .map((f) => `${d.name}/${f.slice(0, -suffix.length)}`),
    );
}

function markdownUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).map((f) => `${RULE_DOCS_DIR}/${f.split(path.sep).join('/')}`);
}

describe('rule catalog', () => {
  const ids = rules.map((r) => r.meta.id);

  it('has unique ids and aliases in the form concern/name', () => {
    const all = [...ids, ...rules.flatMap((r) => r.meta.aliases ?? [])];
    assert.equal(new Set(all).size, all.length, 'ids and aliases are unique');
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9-]*\/[a-z][a-z0-9-]*$/, id);
  });

  it('registers every rule from the file named after its id', () => {
    for (const rule of rules) {
      const compiled = path.join(OUT, 'src/core/rules', `${rule.meta.id}.js`);
      assert.ok(fs.existsSync(path.join(REPO, 'src/core/rules', `${rule.meta.id}.ts`)), `src/core/rules/${rule.meta.id}.ts exists`);
      assert.equal((require(compiled) as { default?: Rule }).default, rule, `src/core/rules/${rule.meta.id}.ts exports the registered rule as default`);
    }
  });

  it('has a registry entry for every rule file', () => {
    for (const name of concernFiles(path.join(REPO, 'src/core/rules'), '.ts')) {
      const mod = require(path.join(OUT, 'src/core/rules', `${name}.js`)) as { default?: Partial<Rule> };
      // Helper modules beside the rules export no default rule.
      if (!mod.default?.meta) continue;
      assert.equal(mod.default.meta.id, name, `the id of src/core/rules/${name}.ts matches its file name`);
      assert.ok(ids.includes(name), `${name} is registered in src/core/rules/index.ts`);
    }
  });

  it('has a test table for every rule and no table without a rule', () => {
    const tables = concernFiles(path.join(REPO, 'test/rules'), '.test.ts');
    for (const id of ids) assert.ok(tables.includes(id), `test/rules/${id}.test.ts exists`);
    // A rule may have further tables per format family, named <rule>.<format>.test.ts.
    for (const t of tables) assert.ok(ids.includes(t.replace(/\.[a-z0-9-]+$/, '')), `test/rules/${t}.test.ts belongs to a registered rule`);
  });

  it('gives every rule complete metadata with known taxonomy ids', () => {
    for (const { meta } of rules) {
      for (const key of ['title', 'description', 'explanation'] as const) assert.ok(meta[key].trim().length > 0, `${meta.id} has a ${key}`);
      assert.ok(meta.formats.length > 0, `${meta.id} lists its formats`);
      for (const a of meta.atlas) assert.ok(ATLAS_NAMES[atlasId(a)], `${meta.id}: ATLAS id ${a} is in src/core/taxonomy.ts`);
      for (const o of meta.owasp) assert.ok(OWASP_ML_NAMES[o], `${meta.id}: OWASP id ${o} is in src/core/taxonomy.ts`);
      for (const r of meta.references) assert.match(r, /^https?:\/\//, `${meta.id}: references are links`);
    }
  });

  it('has an up-to-date documentation page for every rule, the built-in check and the index', () => {
    const metas = createEngine().allMeta();
    assert.ok(metas.some((m) => m.id === 'mlsec/invalid-suppression'));
    const pages = ruleDocPages(metas);
    for (const page of pages) {
      const file = path.join(REPO, page.path);
      assert.ok(fs.existsSync(file), `${page.path} exists (run npm run docs)`);
      assert.equal(fs.readFileSync(file, 'utf8'), page.text, `${page.path} is up to date (run npm run docs)`);
    }
    const wanted = new Set(pages.map((p) => p.path));
    for (const md of markdownUnder(path.join(REPO, RULE_DOCS_DIR))) assert.ok(wanted.has(md), `${md} belongs to a rule (run npm run docs)`);
  });

  it('lists every rule id, and only those, for completion in mlsec.rules and in .mlsec.yaml', () => {
    const ids = createEngine()
      .allMeta()
      .map((m) => m.id)
      .sort();
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { properties: object }> } } };
    const schema = JSON.parse(fs.readFileSync(path.join(REPO, 'schemas/mlsec-config.schema.json'), 'utf8')) as { properties: { rules: { properties: object } } };
    assert.deepEqual(Object.keys(pkg.contributes.configuration.properties['mlsec.rules'].properties).sort(), ids, 'package.json mlsec.rules (run npm run docs)');
    assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), ids, 'schemas/mlsec-config.schema.json rules (run npm run docs)');
  });

  it('renders the page sections from the metadata', () => {
    const meta = createEngine().ruleMeta('mlsec/invalid-suppression')!;
    const page = renderRuleDoc(meta);
    for (const heading of ['## What it does', '## Why is this bad?', '## Example', '## Use instead', '## Fix', '## Severity and taxonomy', '## Equivalent checks', '## Suppression']) {
      assert.ok(page.includes(`\n${heading}\n`), heading);
    }
    assert.ok(page.includes(meta.explanation));
    assert.equal(ruleDocPath(meta.id), 'docs/rules/mlsec/invalid-suppression.md');
  });
});
