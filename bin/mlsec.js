#!/usr/bin/env node
// The mlsec command line: runs the bundled CLI.
'use strict';
require('../dist/cli.js');
