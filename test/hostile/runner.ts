// Runs the command line in a child process of the hostile suite and records its peak memory
// (maximum resident set size, in KiB) in the file named by MLSEC_HOSTILE_RSS when it exits.

import * as fs from 'node:fs';
import { runCli } from '../../src/cli/main';

const rssFile = process.env.MLSEC_HOSTILE_RSS;
if (rssFile) process.on('exit', () => fs.writeFileSync(rssFile, String(process.resourceUsage().maxRSS)));
runCli();
