#!/usr/bin/env node
// Packages the VS Code extension: a production esbuild bundle, then a .vsix made by vsce with no
// node_modules and no sources inside (see .vscodeignore). Prints the file and its size.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const out = path.join(root, `${pkg.name}-${pkg.version}.vsix`);

function main() {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js'), '--production'], { cwd: root, stdio: 'inherit' });
  const vsce = require.resolve('@vscode/vsce/vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const kib = (fs.statSync(out).size / 1024).toFixed(0);
  console.log(`Packaged ${path.relative(root, out)} (${kib} KiB).`);
  return out;
}

if (require.main === module) main();
module.exports = { main, vsixPath: out };
