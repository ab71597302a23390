#!/usr/bin/env node
// Runs every benchmark in bench/ (TypeScript ones from the compiled out/ tree) in one process
// run each, printing their figures. `npm run bench -- NAME` runs only the named ones.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', root], { stdio: 'inherit' });
const only = process.argv.slice(2);
const benches = fs
  .readdirSync(path.join(root, 'bench'))
  .filter((f) => /\.(ts|js)$/.test(f) && !/^harness\./.test(f) && !f.endsWith('.d.ts'))
  .map((f) => ({ name: f.replace(/\.(ts|js)$/, ''), file: f.endsWith('.ts') ? path.join(root, 'out/bench', f.replace(/\.ts$/, '.js')) : path.join(root, 'bench', f) }))
  .filter((b) => only.length === 0 || only.includes(b.name));

(async () => {
  console.log(`mlsec benchmarks on ${process.version}, ${require('node:os').cpus().length} cores`);
  for (const b of benches) {
    // Each benchmark runs in its own process so peak memory figures do not mix.
    execFileSync(process.execPath, ['--expose-gc', '-e', `require(${JSON.stringify(b.file)}).run().catch((e) => { console.error(e); process.exit(1); })`], { stdio: 'inherit', cwd: root });
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
