// Benchmark: `mlsec scan` as a whole process (start-up, walk, read, analyse, JSON report written to
// a file) over 1x, 2x, 4x and 8x the generated Dockerfile corpus and a mixed corpus (Kubernetes,
// KFP IR, DVC, MLflow, Dockerfiles) on disk, beside a bare-parse process over the same files in the
// same run: wall time and peak RSS at each size and their growth per doubling, and start-up alone.
//
// MLSEC_BENCH_SCALE_SIZES=1,2 limits the sizes; MLSEC_BENCH_SCALE_ROUNDS=N keeps the best of N runs;
// MLSEC_BENCH_REFERENCE=/path/to/bin/mlsec.js runs another build too and fails unless its JSON
// reports are byte-identical (the same findings, fixes and notes); MLSEC_BENCH_SCALE_JSON=FILE
// writes the figures as JSON.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dvcChain, k8sWorkspace, kfpPipelines } from '../test/threat-model/generated-inputs';
import { generateDockerfile } from './dockerfile';
import { report } from './harness';

const ROOT = path.resolve(__dirname, '../..');
const MLSEC = path.join(ROOT, 'bin', 'mlsec.js');
const BARE = path.join(ROOT, 'bench', 'scale', 'bare-parse.js');
const MAX_RSS = path.join(ROOT, 'bench', 'scale', 'max-rss.js');
const TIME = '/usr/bin/time';
const SIZES = (process.env.MLSEC_BENCH_SCALE_SIZES ?? '1,2,4,8').split(',').map(Number);
const ROUNDS = Number(process.env.MLSEC_BENCH_SCALE_ROUNDS ?? 1);
const REFERENCE = process.env.MLSEC_BENCH_REFERENCE;

/** A corpus: files of unit `u` (a unit is one file, or one project of several files). */
interface Corpus {
  name: string;
  unitsPerSize: number;
  unit: (u: number) => Record<string, string>;
}

const mlproject = (u: number) => `name: project${u}

docker_env:
  image: ghcr.io/acme/trainer${u % 50}:latest
  environment:
    - ["MLFLOW_TRACKING_URI", "http://mlflow.acme.internal:5000"]

entry_points:
  main:
    parameters:
      epochs: {type: int, default: ${1 + (u % 20)}}
    command: "pip install -r requirements.txt && python train.py --epochs {epochs}"
  serve:
    command: "mlflow models serve -m models/m --host 0.0.0.0 --port 5001"
`;

const mlmodel = (u: number) => `artifact_path: model
flavors:
  python_function:
    loader_module: mlflow.sklearn
    model_path: model.pkl
    python_version: 3.11.7
  sklearn:
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.4.2
mlflow_version: 2.12.1
model_uuid: ${u.toString(16).padStart(32, '0')}
run_id: ${(u * 7).toString(16).padStart(32, '0')}
`;

const K8S_APPS = k8sWorkspace(10)['deploy/apps0.yaml'];

/** One project of the mixed corpus: a Dockerfile, ten Kubernetes apps, a KFP IR, a DVC chain and MLflow files. */
function mixedProject(u: number): Record<string, string> {
  const dir = `proj${u}`;
  const apps = K8S_APPS.replace(/\b(app|model|cache)(\d+)/g, (_, word: string, n: string) => `${word}${Number(n) + 10 * u}`);
  const pipelines = kfpPipelines(10, 10);
  const kfp = pipelines['pipelines/pipeline0.yaml'].replace(/p0-step/g, `p${u}-step`).replace(/pipeline0/g, `pipeline${u}`);
  const dvc = dvcChain(8);
  return {
    [`${dir}/Dockerfile`]: generateDockerfile(u),
    [`${dir}/deploy/apps.yaml`]: apps,
    [`${dir}/pipelines/pipeline.yaml`]: kfp,
    [`${dir}/dvc.yaml`]: dvc['dvc.yaml'],
    [`${dir}/dvc.lock`]: dvc['dvc.lock'],
    [`${dir}/MLproject`]: mlproject(u),
    [`${dir}/models/m/MLmodel`]: mlmodel(u),
  };
}

const CORPORA: Corpus[] = [
  { name: 'Dockerfiles', unitsPerSize: 2000, unit: (u) => ({ [`svc${u}/Dockerfile`]: generateDockerfile(u) }) },
  { name: 'mixed', unitsPerSize: 300, unit: mixedProject },
];

/** Writes units [0, n) of the corpus under `dir`; returns the file count and bytes. */
function writeCorpus(c: Corpus, n: number, dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (let u = 0; u < n; u++) {
    for (const [rel, text] of Object.entries(c.unit(u))) {
      const abs = path.join(dir, rel);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
  return { files, bytes };
}

interface Run {
  ms: number;
  rssMiB: number;
  stdout: string;
}

/** Runs `node args` as a whole process; wall time from spawn to exit, peak RSS from the kernel. */
function measure(args: string[], cwd: string): Run {
  const useTime = fs.existsSync(TIME);
  const argv = useTime ? [TIME, ['-v', process.execPath, ...args]] : [process.execPath, ['--require', MAX_RSS, ...args]];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv[0] as string, argv[1] as string[], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-2000)}`);
  const kib = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] : /MLSEC_MAX_RSS_KIB=(\d+)/.exec(r.stderr)?.[1];
  if (!kib) throw new Error(`no peak RSS in the output of node ${args.join(' ')}`);
  return { ms, rssMiB: Number(kib) / 1024, stdout: r.stdout };
}

function best(rounds: number, fn: () => Run): Run {
  let out: Run | undefined;
  for (let i = 0; i < rounds; i++) {
    const r = fn();
    if (!out || r.ms < out.ms) out = { ...r, rssMiB: Math.max(r.rssMiB, out?.rssMiB ?? 0) };
    else out.rssMiB = Math.max(out.rssMiB, r.rssMiB);
  }
  return out!;
}

/** Scans `dir` with the CLI at `bin`, the JSON report to a file; returns the run and the report's bytes. */
function scan(bin: string, dir: string, reportFile: string): Run & { report: Buffer } {
  const run = best(ROUNDS, () => measure([bin, 'scan', dir, '--format', 'json', '--output', reportFile, '--fail-on', 'none', '--quiet'], dir));
  return { ...run, report: fs.readFileSync(reportFile) };
}

interface SizeFigures {
  size: number;
  files: number;
  mb: number;
  findings: number;
  reportSha256: string;
  bare: { ms: number; rssMiB: number };
  mlsec: { ms: number; rssMiB: number };
  reference?: { ms: number; rssMiB: number; identical: boolean };
}

const fmt = (r: { ms: number; rssMiB: number }) => `${(r.ms / 1000).toFixed(2)} s ${r.rssMiB.toFixed(0).padStart(5)} MiB`;

function runCorpus(c: Corpus, tmp: string): { rows: [string, string][]; figures: SizeFigures[]; same: boolean } {
  const rows: [string, string][] = [];
  const figures: SizeFigures[] = [];
  let same = true;
  for (const size of SIZES) {
    const dir = path.join(tmp, `${c.name}-${size}x`);
    const { files, bytes } = writeCorpus(c, c.unitsPerSize * size, dir);
    const reportFile = path.join(tmp, `${c.name}-${size}x.json`);
    const bare = best(ROUNDS, () => measure([BARE, dir], dir));
    if (Number(bare.stdout) !== files) throw new Error(`the bare parse read ${bare.stdout.trim()} of ${files} files`);
    const mlsec = scan(MLSEC, dir, reportFile);
    const findings = (JSON.parse(mlsec.report.toString('utf8')) as { findings: unknown[] }).findings.length;
    const fig: SizeFigures = {
      size,
      files,
      mb: bytes / 1e6,
      findings,
      reportSha256: createHash('sha256').update(mlsec.report).digest('hex'),
      bare: { ms: bare.ms, rssMiB: bare.rssMiB },
      mlsec: { ms: mlsec.ms, rssMiB: mlsec.rssMiB },
    };
    if (REFERENCE) {
      const ref = scan(REFERENCE, dir, `${reportFile}.reference`);
      const identical = ref.report.equals(mlsec.report);
      same &&= identical;
      fig.reference = { ms: ref.ms, rssMiB: ref.rssMiB, identical };
    }
    const prev = figures[figures.length - 1];
    const growth = prev
      ? `; per doubling: time x${Math.pow(mlsec.ms / prev.mlsec.ms, 1 / Math.log2(size / prev.size)).toFixed(2)}, RSS x${Math.pow(mlsec.rssMiB / prev.mlsec.rssMiB, 1 / Math.log2(size / prev.size)).toFixed(2)}`
      : '';
    const ref = fig.reference ? `; reference ${fmt(fig.reference)}, report ${fig.reference.identical ? 'identical' : 'DIFFERS'}` : '';
    const row: [string, string] = [
      `${c.name} ${size}x (${files} files, ${fig.mb.toFixed(1)} MB)`,
      `mlsec ${fmt(mlsec)} | bare ${fmt(bare)} | ${(mlsec.ms / bare.ms).toFixed(2)}x the time${growth}; ${findings} findings${ref}`,
    ];
    // Printed as measured too: the largest sizes take minutes, and an interrupted run keeps its figures.
    console.log(`  (${row[0]}: ${row[1]})`);
    rows.push(row);
    figures.push(fig);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { rows, figures, same };
}

/** Start-up alone: `mlsec --version` and a scan of an empty directory. */
function startUp(tmp: string): [string, string][] {
  const empty = path.join(tmp, 'empty');
  fs.mkdirSync(empty);
  const rounds = Math.max(5, ROUNDS);
  const rows: [string, string][] = [];
  const bins: [string, string][] = [['mlsec', MLSEC], ...(REFERENCE ? [['reference', REFERENCE] as [string, string]] : [])];
  for (const [name, bin] of bins) {
    rows.push([`${name} --version`, `${fmt(best(rounds, () => measure([bin, '--version'], tmp)))} (best of ${rounds})`]);
    rows.push([
      `${name} scan of an empty directory`,
      `${fmt(best(rounds, () => measure([bin, 'scan', empty, '--format', 'json', '--output', path.join(tmp, 'empty.json'), '--quiet'], tmp)))} (best of ${rounds})`,
    ]);
  }
  rows.push(['node -e 0', `${fmt(best(rounds, () => measure(['-e', '0'], tmp)))} (best of ${rounds})`]);
  return rows;
}

export async function run(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-bench-scale-'));
  const all: Record<string, unknown> = {};
  let same = true;
  try {
    report('start-up (whole process, wall time and peak RSS)', startUp(tmp));
    for (const c of CORPORA) {
      const r = runCorpus(c, tmp);
      same &&= r.same;
      all[c.name] = r.figures;
      report(`mlsec scan --format json --output FILE, whole process: ${c.name} (${os.cpus().length} cores)`, r.rows);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  if (process.env.MLSEC_BENCH_SCALE_JSON) fs.writeFileSync(process.env.MLSEC_BENCH_SCALE_JSON, JSON.stringify(all, null, 2));
  if (!same) throw new Error('the JSON reports differ from the reference build');
}
