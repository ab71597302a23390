// Bundles the threat-model webview (script, stylesheet, codicon font) into dist/webview/, the only
// folder the webview may load from. Called by scripts/build.js; tests call it to get a fresh bundle.
'use strict';
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

/** Output folder, relative to the repository root. */
const OUT = 'dist/webview';

async function build({ root, production = false }) {
  const out = path.join(root, OUT);
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'threat-model': 'webview/src/main.ts' },
    outdir: OUT,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome114'],
    minify: production,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    // ELK's bundle mentions a Node worker module it never loads in the browser.
    external: ['web-worker'],
  });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { 'threat-model': 'webview/styles.css' },
    outdir: OUT,
    bundle: true,
    minify: production,
    logLevel: 'warning',
  });
  const codicons = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css', { paths: [root] }));
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, f), path.join(out, f));
  return out;
}

module.exports = { build, OUT };

if (require.main === module) {
  build({ root: path.resolve(__dirname, '..'), production: process.argv.includes('--production') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
