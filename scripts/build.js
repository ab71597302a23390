#!/usr/bin/env node
// Bundles the CLI, the language server and the VS Code client with esbuild into dist/.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const production = process.argv.includes('--production');

/**
 * ELK, the graph layout of the threat-model diagram, is half of the code and only the threat
 * model needs it: the CLI and the server load it from its own bundle (dist/elk.js) when they
 * lay out a diagram, so no other command pays for reading and compiling it at start-up.
 */
const ELK = 'elkjs/lib/elk.bundled.js';
const elkAside = {
  name: 'elk-aside',
  setup(build) {
    build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, () => ({ path: './elk.js', external: true }));
  },
};

/** Entry points: [source, output, platform options]. Missing sources are skipped. */
const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', plugins: [elkAside] },
  { in: 'src/server/server.ts', out: 'dist/server.js', plugins: [elkAside] },
  { in: 'src/extension/extension.ts', out: 'dist/extension.js', external: ['vscode'] },
  { in: ELK, out: 'dist/elk.js' },
];

async function main() {
  const builds = entries
    .filter((e) => e.in === ELK || fs.existsSync(path.join(root, e.in)))
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
        plugins: e.plugins ?? [],
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
