#!/usr/bin/env node
// `npm start`: runs the mlsec command line on the example repository (examples/ml-repo), building
// the bundle first when it is missing. Extra arguments go to `mlsec scan` (e.g. `-- --format sarif`).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
  const build = spawnSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const args = ['scan', path.join('examples', 'ml-repo'), '--fail-on', 'none', ...process.argv.slice(2)];
const run = spawnSync(process.execPath, [path.join(root, 'bin/mlsec.js'), ...args], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
