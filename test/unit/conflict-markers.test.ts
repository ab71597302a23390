// No merge-conflict marker is left in the sources, tests or documents of the repository.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..', '..');
const ROOTS = ['src', 'test', 'docs', 'bench', 'scripts', 'examples', 'schemas', 'README.md', 'CONTRIBUTING.md', 'package.json'];
const TEXT = /\.(ts|js|json|md|ya?ml|toml|txt)$|Dockerfile$/;
const SKIP = new Set(['node_modules', 'out', 'dist', '.cache']);

function* files(at: string): Generator<string> {
  const st = fs.lstatSync(at, { throwIfNoEntry: false });
  if (!st) return;
  if (st.isFile()) {
    if (TEXT.test(at)) yield at;
    return;
  }
  if (!st.isDirectory()) return;
  for (const name of fs.readdirSync(at)) if (!SKIP.has(name)) yield* files(path.join(at, name));
}

/** The 1-based lines of a text that are conflict markers. A setext heading's `=======` is not one. */
export function conflictMarkerLines(text: string): number[] {
  const lines = text.split(/\r?\n/);
  const out: number[] = [];
  let open = false;
  lines.forEach((l, i) => {
    const prev = lines[i - 1] ?? '';
    if (/^<{7}( |$)/.test(l)) open = true;
    const heading = /^={7}$/.test(l) && !open && prev.trim() !== '' && !prev.startsWith('|');
    if (/^(<{7}|>{7}|\|{7})( |$)/.test(l) || (/^={7}$/.test(l) && !heading)) out.push(i + 1);
    if (/^>{7}( |$)/.test(l)) open = false;
  });
  return out;
}

describe('conflict markers', () => {
  it('finds markers, and not setext headings', () => {
    assert.deepEqual(conflictMarkerLines('a\n<<<<<<< HEAD\nb\n=======\nc\n>>>>>>> main\n'), [2, 4, 6]);
    assert.deepEqual(conflictMarkerLines('| a |\n=======\n## Next'), [2]);
    assert.deepEqual(conflictMarkerLines('Title\n=======\ntext'), []);
  });

  it('none is left in the repository', () => {
    const found: string[] = [];
    for (const root of ROOTS) for (const f of files(path.join(REPO, root))) for (const n of conflictMarkerLines(fs.readFileSync(f, 'utf8'))) found.push(`${path.relative(REPO, f)}:${n}`);
    assert.deepEqual(found, []);
  });
});
