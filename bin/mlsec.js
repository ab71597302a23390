#!/usr/bin/env node
// The mlsec command line: runs the bundled CLI (built into dist/ by `npm run build`, which
// `npm ci` runs through the prepare script).
'use strict';
require('../dist/cli.js').runCli();
