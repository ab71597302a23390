// Preloaded with `node --require` where /usr/bin/time is missing: prints the process's peak
// resident set size (KiB) to standard error as it exits, for the scale benchmark to read.
'use strict';
process.on('exit', () => {
  process.stderr.write(`\nMLSEC_MAX_RSS_KIB=${process.resourceUsage().maxRSS}\n`);
});
