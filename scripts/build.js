#!/usr/bin/env node
// Bundles the CLI, the language server and the VS Code client with esbuild into dist/.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const production = process.argv.includes('--production');

/** Entry points: [source, output, platform options]. Missing sources are skipped. */
const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js' },
  { in: 'src/server/server.ts', out: 'dist/server.js' },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
];

async function main() {
  const builds = entries
    .filter((e) => fs.existsSync(path.join(root, e.in)))
    .map((e) =>
      esbuild.build({
        absWorkingDir: root,
        entryPoints: [e.in],
        outfile: e.out,
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        sourcemap: !production,
        minify: production,
        external: e.external ?? [],
        logLevel: 'warning',
        legalComments: 'none',
      }),
    );
  await Promise.all(builds);
  for (const extra of fs.readdirSync(path.join(__dirname)).filter((f) => /^build-.*\.js$/.test(f))) {
    await require(path.join(__dirname, extra)).build({ root, production });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
