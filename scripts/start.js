#!/usr/bin/env node
// `npm start`: builds mlsec and scans the embedded example ML repository with the CLI.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'examples', 'ml-repo');
execFileSync(process.execPath, [path.join(root, 'scripts', 'build.js')], { stdio: 'inherit' });
try {
  execFileSync(process.execPath, [path.join(root, 'bin', 'mlsec.js'), 'scan', example, '--fail-on', 'none'], { stdio: 'inherit' });
} catch (e) {
  process.exit(typeof e.status === 'number' ? e.status : 1);
}
