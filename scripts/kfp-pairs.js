#!/usr/bin/env node
// Compares the findings of KFP pipelines written in Python with those of the IR YAML compiled
// from them, where both sit side by side (`name.py` beside `name.yaml`), component by component:
// `node scripts/kfp-pairs.js DIR [--json]` after `npm run build`. It scans DIR with the CLI
// (nothing is executed), attributes each finding to the component it is written in, and prints
// the rule ids that only one side reports. Findings outside any component are listed per file.
'use strict';

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** Components of a Python file: the name of each decorated function and the lines it spans. */
function dslComponents(text) {
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const def = /^def\s+(\w+)\s*\(/.exec(lines[i]);
    if (!def) continue;
    let start = i;
    while (start > 0 && /^(@|\s|\)|$)/.test(lines[start - 1]) && !/^(def|class)\b/.test(lines[start - 1])) start--;
    const decorators = lines.slice(start, i).join('\n');
    if (!/@[\w.]*(component|container_component)\b/.test(decorators)) continue;
    let end = i + 1;
    while (end < lines.length && (/^(\s|\)|$|#)/.test(lines[end]) || lines[end] === '')) end++;
    out.push({ name: def[1].replace(/_/g, '-'), start: start + 1, end });
  }
  return out;
}

/** The component an IR finding sits in: the nearest enclosing `exec-<name>:` or `comp-<name>:` key. */
function irComponent(lines, line) {
  for (let i = line - 1; i >= 0; i--) {
    const m = /^ {2,4}(?:exec|comp)-([\w-]+):\s*$/.exec(lines[i]);
    if (m) return m[1];
    if (/^\S/.test(lines[i])) return undefined;
  }
  return undefined;
}

function attributeDsl(text, components, f) {
  const line = f.location.line;
  const c = components.find((k) => line >= k.start && line <= k.end);
  if (c) return c.name;
  // A task call in a pipeline (missing limits are shown there) names its component.
  const written = text.slice(f.location.offset.start, f.location.offset.end).replace(/_/g, '-');
  if (components.some((k) => k.name === written)) return written;
  return '(module)';
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/kfp-pairs.js DIR [--json]');
    process.exit(2);
  }
  const cli = path.join(__dirname, '..', 'bin', 'mlsec.js');
  let raw;
  try {
    raw = execFileSync(process.execPath, [cli, 'scan', dir, '--format', 'json'], { maxBuffer: 1 << 30 }).toString();
  } catch (e) {
    // Exit code 1 means findings at or above --fail-on; the report is still on stdout.
    if (e.status !== 1) throw e;
    raw = e.stdout.toString();
  }
  const report = JSON.parse(raw);
  const byFile = new Map();
  for (const f of report.findings) byFile.set(f.location.file, [...(byFile.get(f.location.file) ?? []), f]);
  const pairs = [];
  for (const file of report.files ?? [...byFile.keys()]) {
    const rel = typeof file === 'string' ? file : file.path;
    if (!rel.endsWith('.py')) continue;
    const yamlRel = rel.replace(/\.py$/, '.yaml');
    if (!fs.existsSync(path.join(dir, yamlRel))) continue;
    const pyText = fs.readFileSync(path.join(dir, rel), 'utf8');
    const yamlLines = fs.readFileSync(path.join(dir, yamlRel), 'utf8').split('\n');
    const comps = dslComponents(pyText);
    const dsl = new Map();
    const ir = new Map();
    const add = (m, k, id) => m.set(k, new Set([...(m.get(k) ?? []), id]));
    for (const f of byFile.get(rel) ?? []) add(dsl, attributeDsl(pyText, comps, f), f.ruleId);
    // A task of a component used twice compiles to `exec-name-2`: the same component.
    const names = new Set(comps.map((c) => c.name));
    const irName = (n) => (n === undefined ? '(module)' : names.has(n) ? n : n.replace(/-\d+$/, ''));
    for (const f of byFile.get(yamlRel) ?? []) add(ir, irName(irComponent(yamlLines, f.location.line)), f.ruleId);
    // A finding at a module constant (an image shared by several components) counts for each of them.
    const shared = dsl.get('(module)') ?? new Set();
    const diffs = [];
    for (const k of new Set([...dsl.keys(), ...ir.keys()])) {
      const a = new Set([...(dsl.get(k) ?? []), ...(k === '(module)' ? [] : shared)]);
      if (k === '(module)') for (const id of shared) if ([...ir.values()].some((ids) => ids.has(id))) a.delete(id);
      const b = ir.get(k) ?? new Set();
      const onlyDsl = [...a].filter((x) => !b.has(x) && !(k !== '(module)' && shared.has(x)));
      const onlyIr = [...b].filter((x) => !a.has(x));
      if (onlyDsl.length || onlyIr.length) diffs.push({ component: k, onlyDsl, onlyIr });
    }
    pairs.push({ dsl: rel, ir: yamlRel, components: comps.length, diffs });
  }
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(pairs, null, 1));
    return;
  }
  for (const p of pairs) {
    for (const d of p.diffs) console.log(`${p.dsl} [${d.component}]  only DSL: ${d.onlyDsl.join(', ') || '-'}  only IR: ${d.onlyIr.join(', ') || '-'}`);
  }
  const same = pairs.filter((p) => !p.diffs.length).length;
  console.log(`${pairs.length} pairs, ${same} with the same rule ids per component`);
}

main();
