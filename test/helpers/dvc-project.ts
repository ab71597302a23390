// Writes a small two-stage DVC project (prepare → train) with a dvc.lock whose md5s match the
// files, and a .git directory at a known commit, for the attestation tests and the bench.

import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

const md5 = (b: string | Buffer) => createHash('md5').update(b).digest('hex');

export const PROJECT_COMMIT = '0123456789abcdef0123456789abcdef01234567';

export const PROJECT_FILES: Record<string, string> = {
  'data/raw.csv': 'id,value\n1,2\n3,4\n',
  'src/prepare.py': 'print("prepare")\n',
  'src/train.py': 'print("train")\n',
  'params.yaml': 'train:\n  lr: 0.1\n',
  'data/prepared/train.csv': 'id,value\n1,2\n',
  'data/prepared/test.csv': 'id,value\n3,4\n',
  'models/model.pkl': 'not really a pickle, only bytes\n',
};

/** DVC's md5 of a directory: the md5 of its listing as Python's json.dumps writes it. */
function dirMd5(files: Record<string, string>, dir: string): string {
  const entries = Object.keys(files)
    .filter((f) => f.startsWith(`${dir}/`))
    .map((f) => ({ relpath: f.slice(dir.length + 1), md5: md5(files[f]) }))
    .sort((a, b) => (a.relpath < b.relpath ? -1 : 1));
  return `${md5(`[${entries.map((e) => `{"md5": "${e.md5}", "relpath": "${e.relpath}"}`).join(', ')}]`)}.dir`;
}

const DVC_YAML = `stages:
  prepare:
    cmd: python src/prepare.py data/raw.csv data/prepared
    deps:
      - data/raw.csv
      - src/prepare.py
    outs:
      - data/prepared
  train:
    cmd: python src/train.py
    deps:
      - data/prepared
      - src/train.py
    params:
      - train.lr
    outs:
      - models/model.pkl
`;

function lockText(files: Record<string, string>): string {
  const entry = (p: string) => `    - path: ${p}\n      hash: md5\n      md5: ${p === 'data/prepared' ? dirMd5(files, p) : md5(files[p])}\n`;
  return `schema: '2.0'
stages:
  prepare:
    cmd: python src/prepare.py data/raw.csv data/prepared
    deps:
${entry('data/raw.csv')}${entry('src/prepare.py')}    outs:
${entry('data/prepared')}  train:
    cmd: python src/train.py
    deps:
${entry('data/prepared')}${entry('src/train.py')}    params:
      params.yaml:
        train.lr: 0.1
    outs:
${entry('models/model.pkl')}`;
}

/** Writes the project under `root`; `git: false` leaves out the .git directory. */
export async function writeDvcProject(root: string, options: { git?: boolean } = {}): Promise<void> {
  const all: Record<string, string> = { ...PROJECT_FILES, 'dvc.yaml': DVC_YAML, 'dvc.lock': lockText(PROJECT_FILES) };
  if (options.git !== false) {
    all['.git/HEAD'] = 'ref: refs/heads/main\n';
    all['.git/refs/heads/main'] = `${PROJECT_COMMIT}\n`;
    all['.git/config'] = '[core]\n\tbare = false\n[remote "origin"]\n\turl = https://user:secret-token@example.com/team/project.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n';
  }
  for (const [f, text] of Object.entries(all)) {
    await fsp.mkdir(path.dirname(path.join(root, f)), { recursive: true });
    await fsp.writeFile(path.join(root, f), text);
  }
}
