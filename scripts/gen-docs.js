#!/usr/bin/env node
// Generates docs/rules/<concern>/<name>.md and docs/rules/README.md from the rules' metadata, and
// docs/threats/<id>.md and docs/threats/README.md from the threat templates' metadata, and the
// rule ids that settings.json completes under `mlsec.rules` (package.json) and `.mlsec.yaml`
// completes under `rules` (schemas/mlsec-config.schema.json).
// The rules are TypeScript, so a small entry is bundled with esbuild into a temporary file and
// loaded from there. `--check` only reports pages that are missing or out of date (exit 1).
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

async function loadGenerator() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-docs-'));
  const outfile = path.join(tmp, 'docs.js');
  try {
    await esbuild.build({
      absWorkingDir: root,
      stdin: {
        contents:
          "export { createEngine } from './src/core';\n" +
          "export { ruleDocPages, RULE_DOCS_DIR } from './src/core/report/rule-docs';\n" +
          "export { TEMPLATES } from './src/core/threat-model/templates';\n" +
          "export { threatDocPages, THREAT_DOCS_DIR } from './src/core/threat-model/templates/docs';\n",
        resolveDir: root,
        loader: 'ts',
        sourcefile: 'gen-docs-entry.ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'warning',
    });
    return require(outfile);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Markdown files under a directory, relative to the repository root. */
function markdownFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) =>
      path
        .relative(root, path.join(e.parentPath ?? e.path, e.name))
        .split(path.sep)
        .join('/'),
    );
}

/** Pages that are missing or differ, and pages under the folder that nothing generates. */
function compare(pages, dir) {
  const wanted = new Set(pages.map((p) => p.path));
  const stale = markdownFiles(path.join(root, dir)).filter((p) => !wanted.has(p));
  const outdated = pages.filter((p) => {
    const abs = path.join(root, p.path);
    return !fs.existsSync(abs) || fs.readFileSync(abs, 'utf8') !== p.text;
  });
  return { outdated, stale };
}

function write(pages, dir, what) {
  const { outdated, stale } = compare(pages, dir);
  for (const p of outdated) {
    const abs = path.join(root, p.path);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, p.text);
  }
  for (const p of stale) fs.rmSync(path.join(root, p));
  // Folders left empty by removed pages go too.
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const abs = path.join(root, dir, entry.name);
    if (entry.isDirectory() && fs.readdirSync(abs).length === 0) fs.rmdirSync(abs);
  }
  console.log(`${pages.length} ${what} pages: ${outdated.length} written, ${stale.length} removed.`);
}

/**
 * Lists every rule id as a property of a per-rule settings object, with the rule's severity and
 * title, so editors complete the ids; the value schema applies to every key through
 * `patternProperties` (an id the registry lacks is reported by the server, not the schema).
 */
function withRuleIds(settings, metas) {
  const { additionalProperties, patternProperties, properties: _old, ...rest } = settings;
  const properties = {};
  for (const m of [...metas].sort((a, b) => a.id.localeCompare(b.id))) properties[m.id] = { markdownDescription: `\`${m.severity}\` · ${m.title}` };
  return { ...rest, properties, patternProperties: patternProperties ?? { '.+': additionalProperties } };
}

/** The JSON files that carry the rule ids, as they should be. */
function ruleIdFiles(metas) {
  const pkgPath = path.join(root, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  const props = pkg.contributes.configuration.properties;
  props['mlsec.rules'] = withRuleIds(props['mlsec.rules'], metas);
  const schemaPath = path.join(root, 'schemas', 'mlsec-config.schema.json');
  const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
  schema.properties.rules = withRuleIds(schema.properties.rules, metas);
  return [
    { path: pkgPath, text: `${JSON.stringify(pkg, null, 2)}\n` },
    { path: schemaPath, text: `${JSON.stringify(schema, null, 2)}\n` },
  ];
}

/** The rule-id files formatted as the repository's formatter writes JSON. */
async function formattedRuleIdFiles(metas) {
  const prettier = require('prettier');
  const options = (await prettier.resolveConfig(path.join(root, 'package.json'))) ?? {};
  return Promise.all(ruleIdFiles(metas).map(async (f) => ({ path: f.path, text: await prettier.format(f.text, { ...options, filepath: f.path }) })));
}

async function main() {
  const check = process.argv.includes('--check');
  const { createEngine, ruleDocPages, RULE_DOCS_DIR, TEMPLATES, threatDocPages, THREAT_DOCS_DIR } = await loadGenerator();
  const sets = [
    { pages: ruleDocPages(createEngine().allMeta()), dir: RULE_DOCS_DIR, what: 'rule', owner: 'rule' },
    { pages: threatDocPages(TEMPLATES), dir: THREAT_DOCS_DIR, what: 'threat', owner: 'threat template' },
  ];
  if (check) {
    let bad = false;
    for (const set of sets) {
      const { outdated, stale } = compare(set.pages, set.dir);
      for (const p of outdated) console.error(`out of date: ${p.path}`);
      for (const p of stale) console.error(`no ${set.owner} for: ${p}`);
      if (outdated.length || stale.length) bad = true;
      else console.log(`${set.pages.length} ${set.what} pages are up to date.`);
    }
    for (const f of await formattedRuleIdFiles(createEngine().allMeta())) {
      if (fs.readFileSync(f.path, 'utf8') !== f.text) {
        console.error(`rule ids out of date: ${path.relative(root, f.path)}`);
        bad = true;
      }
    }
    if (bad) {
      console.error('Run "npm run docs" to regenerate the rule and threat pages and the rule ids of the settings schemas.');
      process.exit(1);
    }
    return;
  }
  for (const set of sets) write(set.pages, set.dir, set.what);
  for (const f of await formattedRuleIdFiles(createEngine().allMeta())) fs.writeFileSync(f.path, f.text);
  console.log('Rule ids written to the settings schemas.');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
