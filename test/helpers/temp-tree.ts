// Writes a tree of files under a directory, for tests that need a real workspace on disk.

import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}
