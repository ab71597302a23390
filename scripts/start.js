#!/usr/bin/env node
// `npm start`: builds mlsec, prints the CLI scan of the embedded example repository
// (examples/ml-repo), then opens the packaged extension on that repository in a real VS Code
// (code-server) and prints the URL. `--cli-only`, MLSEC_START=cli or CI stop after the scan.
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensureCodeServer, installExtension, startCodeServer, cacheDir, log } = require('./code-server');

const root = path.resolve(__dirname, '..');
const example = path.join(root, 'examples', 'ml-repo');

function cliScan() {
  log(`mlsec scan of ${path.relative(root, example)}:`);
  spawnSync(process.execPath, [path.join(root, 'bin', 'mlsec.js'), 'scan', '--fail-on', 'none'], { cwd: example, stdio: 'inherit' });
}

async function main() {
  execFileSync(process.execPath, [path.join(__dirname, 'build.js')], { cwd: root, stdio: 'inherit' });
  cliScan();
  const cliOnly = process.argv.includes('--cli-only') || process.env.MLSEC_START === 'cli' || !!process.env.CI;
  if (cliOnly) return;

  const { main: packageVsix } = require('./package');
  const vsix = packageVsix();
  ensureCodeServer();
  const base = path.join(cacheDir, 'start');
  const extensionsDir = path.join(base, 'extensions');
  const userDataDir = path.join(base, 'user-data');
  installExtension(vsix, extensionsDir, userDataDir);
  const port = Number(process.env.MLSEC_PORT) || 8080;
  const { child, url } = await startCodeServer({ userDataDir, extensionsDir, folder: example, port, stdio: 'inherit' });
  log(`VS Code with the mlsec extension is running on the example repository. Open:\n\n    ${url}\n`);
  log('Press Ctrl+C to stop.');
  const stop = () => child.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise((resolve) => child.once('exit', resolve));
}

main().catch((e) => {
  console.error(`[mlsec] ${e.message}`);
  process.exit(1);
});
