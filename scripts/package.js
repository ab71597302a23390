#!/usr/bin/env node
// Packages the VS Code extension: a production esbuild bundle, staged with only what the
// extension needs at run time (no node_modules, no sources), then made into a .vsix by vsce.
// Prints the file and its size.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
const stage = path.join(root, '.cache', 'vsix');

/** What the .vsix holds besides package.json: the bundles (the threat-model webview's too), the config schema and the rule pages. */
const CONTENTS = ['dist/extension.js', 'dist/server.js', 'dist/elk.js', 'dist/webview', 'schemas/mlsec-config.schema.json', 'docs/rules', 'README.md', 'CHANGELOG.md', 'LICENSE'];

/**
 * The manifest of the extension. `files` and `bin` describe the npm package of the CLI; the
 * staged folder already holds exactly the extension's files, and vsce refuses a `files` list
 * next to its own file selection.
 */
function extensionManifest() {
  const { files, bin, ...manifest } = pkg;
  return manifest;
}

function main() {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--production'], { cwd: root, stdio: 'inherit' });
  fs.rmSync(stage, { recursive: true, force: true });
  for (const rel of CONTENTS) fs.cpSync(path.join(root, rel), path.join(stage, rel), { recursive: true });
  fs.copyFileSync(path.join(root, '.vscodeignore'), path.join(stage, '.vscodeignore'));
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(extensionManifest(), null, 2)}\n`);
  const vsce = require.resolve('@vscode/vsce/vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], {
    cwd: stage,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const kib = (fs.statSync(out).size / 1024).toFixed(0);
  console.log(`Packaged ${path.relative(root, out)} (${kib} KiB).`);
  return out;
}

if (require.main === module) main();
module.exports = { main, vsixPath: out };
