// The bare-parse process the scale benchmark compares mlsec with: walks a directory, reads every
// file synchronously and parses it with the library mlsec's reader of that format starts from
// (`dockerfile-ast` for Dockerfiles, `yaml` for the rest), and prints how many files it parsed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { DockerfileParser } = require('dockerfile-ast');
const { parseAllDocuments } = require('yaml');

let files = 0;
function visit(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) visit(p);
    else if (e.isFile()) {
      const text = fs.readFileSync(p, 'utf8');
      if (e.name === 'Dockerfile') DockerfileParser.parse(text).getInstructions();
      else parseAllDocuments(text);
      files++;
    }
  }
}
visit(process.argv[2]);
process.stdout.write(`${files}\n`);
