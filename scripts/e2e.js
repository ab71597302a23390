#!/usr/bin/env node
// `npm run test:e2e`: installs what the end-to-end tests need when it is missing (Debian's
// Chromium, and code-server with its build dependencies into .cache/), packages the .vsix, and
// runs the mocha suite in test-e2e/ against a real VS Code in Chromium.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensureChromium, ensureCodeServer, log } = require('./code-server');

const root = path.resolve(__dirname, '..');

function main() {
  ensureChromium();
  ensureCodeServer();
  const { main: packageVsix } = require('./package');
  const vsix = packageVsix();
  log('Running the end-to-end tests in code-server + Chromium');
  const mocha = require.resolve('mocha/bin/mocha.js');
  const r = spawnSync(process.execPath, [mocha, '--config', path.join('test-e2e', '.mocharc.json'), ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MLSEC_VSIX: vsix },
  });
  process.exit(r.status ?? 1);
}

try {
  main();
} catch (e) {
  console.error(`[mlsec] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
