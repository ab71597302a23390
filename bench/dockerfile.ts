// Benchmark: full mlsec analysis of a generated Dockerfile corpus against bare dockerfile-ast
// parsing of the same files, measured in one run.

import { DockerfileParser } from 'dockerfile-ast';
import { DocumentIndex } from '../src/core/document';
import { createEngine } from '../src/core';
import { defaultConfig } from '../src/core/config';
import { SourceFile } from '../src/core/source';
import { PeakMemory, time, report } from './harness';

const BASES = [
  'python:3.11-slim',
  'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
  'nvcr.io/nvidia/pytorch:24.05-py3',
  'tensorflow/tensorflow:2.16.1-gpu',
  'ubuntu:22.04',
  'ghcr.io/mlflow/mlflow:v2.14.1',
  'python@sha256:' + 'a'.repeat(64),
  'continuumio/miniconda3',
  'rayproject/ray:2.30.0-py311',
  'gcr.io/distroless/python3-debian12:nonroot',
];
const PIP = ['torch==2.3.1', 'transformers', 'datasets==2.19.0', 'scikit-learn>=1.4', 'mlflow==2.14.1', 'numpy', 'pandas==2.2.2', 'xgboost', 'fastapi==0.111.0', 'uvicorn[standard]'];

/** A small deterministic PRNG so the corpus is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateDockerfile(i: number): string {
  const r = rng(i + 1);
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)];
  const lines: string[] = [`# Generated training image ${i}`];
  if (r() < 0.5) lines.push(`ARG BASE=${pick(BASES)}`);
  const stages = 1 + Math.floor(r() * 3);
  for (let s = 0; s < stages; s++) {
    const last = s === stages - 1;
    const from = s > 0 && r() < 0.3 ? `stage${s - 1}` : lines[1]?.startsWith('ARG BASE') && r() < 0.5 ? '${BASE}' : pick(BASES);
    lines.push(`FROM ${from}${last ? '' : ` AS stage${s}`}`);
    lines.push('ARG DEBIAN_FRONTEND=noninteractive');
    if (r() < 0.3) lines.push(`ENV PIP_INDEX_URL=https://pypi.example.com/simple MODEL_DIR=/models`);
    lines.push('RUN apt-get update \\\n    && apt-get install -y --no-install-recommends git curl ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*');
    const pkgs = Array.from({ length: 2 + Math.floor(r() * 6) }, () => pick(PIP));
    lines.push(`RUN pip install --no-cache-dir ${pkgs.join(' ')}`);
    if (r() < 0.3) lines.push('RUN curl -fsSL https://downloads.example.com/install.sh | bash');
    if (r() < 0.3)
      lines.push(`RUN wget -q https://models.example.com/m${i}/model.safetensors -O /models/model.safetensors \\\n && echo "${'b'.repeat(64)}  /models/model.safetensors" | sha256sum -c -`);
    if (r() < 0.2) lines.push(`ADD https://data.example.com/d${i}.tar.gz /data/`);
    if (r() < 0.2) lines.push('RUN <<EOF\nset -eux\npip install -r requirements.txt\npython -m compileall /app\nEOF');
    lines.push('WORKDIR /app', 'COPY . /app');
    for (let k = 0; k < Math.floor(r() * 8); k++) lines.push(`RUN python -m pip install --upgrade pip && python scripts/step_${k}.py --epochs ${k + 1} --out /models/${k}`);
    if (last) {
      if (r() < 0.6) lines.push('USER 10001');
      lines.push(
        pick(['CMD ["python", "train.py"]', 'CMD mlflow server --host 0.0.0.0 --port 5000', 'ENTRYPOINT ["python", "-m", "serve"]', 'CMD ["jupyter", "lab", "--ip=0.0.0.0", "--ServerApp.token="]']),
      );
    }
  }
  return lines.join('\n') + '\n';
}

export async function run(): Promise<void> {
  const count = Number(process.env.MLSEC_BENCH_DOCKERFILES ?? 3000);
  const files = Array.from({ length: count }, (_, i) => new SourceFile(`svc${i}/Dockerfile`, generateDockerfile(i)));
  const bytes = files.reduce((n, f) => n + f.text.length, 0);
  const engine = createEngine();
  const config = defaultConfig();
  const mem = new PeakMemory();

  const bare = (chunk: readonly SourceFile[]) => {
    for (const f of chunk) DockerfileParser.parse(f.text).getInstructions();
  };
  let findings = 0;
  const full = async (chunk: readonly SourceFile[]) => {
    for (const f of chunk) {
      const file = new SourceFile(f.path, f.text);
      const { docs } = await engine.parse(file, { config });
      const index = new DocumentIndex(docs);
      const r = await engine.analyze(index, { config });
      findings += r.findings.length;
    }
  };
  // The files are timed in chunks, bare and full alternately (which goes first alternates too),
  // over several rounds. A burst of load on a shared machine then hits a few chunk timings rather
  // than a whole pass: the estimate sums each chunk's median over the rounds, which keeps the
  // garbage collection every round pays. The best whole pass of each is shown as well.
  const rounds = Number(process.env.MLSEC_BENCH_ROUNDS ?? 9);
  const chunkSize = 100;
  const chunks: SourceFile[][] = [];
  for (let i = 0; i < files.length; i += chunkSize) chunks.push(files.slice(i, i + chunkSize));
  bare(files);
  await full(files);
  const bareTimes = chunks.map((): number[] => []);
  const fullTimes = chunks.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    findings = 0;
    for (let c = 0; c < chunks.length; c++) {
      if ((c + round) % 2 === 0) {
        bareTimes[c].push(await time(() => bare(chunks[c])));
        fullTimes[c].push(await time(() => full(chunks[c])));
      } else {
        fullTimes[c].push(await time(() => full(chunks[c])));
        bareTimes[c].push(await time(() => bare(chunks[c])));
      }
    }
    mem.sample();
  }
  mem.stop();
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const sum = (xs: number[]) => xs.reduce((n, x) => n + x, 0);
  const b = sum(bareTimes.map(median));
  const a = sum(fullTimes.map(median));
  const pass = (times: number[][], round: number) => sum(times.map((t) => t[round]));
  const passes = Array.from({ length: rounds }, (_, r) => ({ bare: pass(bareTimes, r), full: pass(fullTimes, r) }));
  const bestBare = Math.min(...passes.map((p) => p.bare));
  const bestFull = Math.min(...passes.map((p) => p.full));
  const perRound = passes.map((p) => p.full / p.bare).sort((x, y) => x - y);
  const rate = (ms: number) => (count / (ms / 1000)).toFixed(0);
  report('Dockerfile corpus', [
    ['files', `${count} (${(bytes / 1e6).toFixed(1)} MB), ${findings} findings`],
    ['bare dockerfile-ast parse', `${rate(b)} files/s (${b.toFixed(0)} ms: median of ${rounds} rounds per chunk of ${chunkSize}, summed)`],
    ['mlsec full analysis', `${rate(a)} files/s (${a.toFixed(0)} ms, the same way)`],
    ['ratio full / bare', `${(a / b).toFixed(2)}x (target <= 1.5x)`],
    ['best whole pass', `bare ${bestBare.toFixed(0)} ms, full ${bestFull.toFixed(0)} ms: ${(bestFull / bestBare).toFixed(2)}x`],
    ['ratio per pass', `median ${median(perRound).toFixed(2)}x, range ${perRound[0].toFixed(2)}-${perRound[perRound.length - 1].toFixed(2)}x`],
    ['peak RSS', `${(mem.peak / 2 ** 20).toFixed(0)} MiB`],
  ]);
}
