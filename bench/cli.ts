// Benchmark: a whole `mlsec scan` of a generated repository on disk (walk, read, analyse) and
// the time each report format adds on top of it, measured in one run.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createEngine } from '../src/core';
import { defaultConfig } from '../src/core/config';
import { formatJson } from '../src/core/report/json';
import { formatSarif } from '../src/core/report/sarif';
import { toScanReport } from '../src/core/report/scan-report';
import { formatText } from '../src/core/report/text';
import { scanWorkspace, type ScanResult } from '../src/core/workspace/scan';
import { generateDockerfile } from './dockerfile';
import { PeakMemory, report, time } from './harness';

export async function run(): Promise<void> {
  const count = Number(process.env.MLSEC_BENCH_DOCKERFILES ?? 2000);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-bench-cli-'));
  try {
    for (let i = 0; i < count; i++) {
      fs.mkdirSync(path.join(root, `svc${i}`));
      fs.writeFileSync(path.join(root, `svc${i}`, 'Dockerfile'), generateDockerfile(i));
    }
    const engine = createEngine();
    const mem = new PeakMemory();
    let result: ScanResult | undefined;
    const scan = async () => {
      result = await scanWorkspace(engine, root, { config: defaultConfig() });
    };
    await scan();
    const scanTimes: number[] = [];
    for (let round = 0; round < 3; round++) scanTimes.push(await time(scan));
    const rep = toScanReport(result!, { tool: { name: 'mlsec', version: 'bench' }, root, rules: engine.allMeta() });
    const formats: [string, () => string][] = [
      ['text', () => formatText(rep, { color: false })],
      ['json', () => formatJson(rep)],
      ['sarif', () => formatSarif(rep)],
    ];
    const rows: [string, string][] = [
      ['files', `${count}, ${rep.findings.length} findings`],
      ['scan (walk, read, analyse)', `${(count / (Math.min(...scanTimes) / 1000)).toFixed(0)} files/s (${Math.min(...scanTimes).toFixed(0)} ms, best of 3)`],
    ];
    for (const [name, render] of formats) {
      let size = 0;
      const times: number[] = [];
      for (let round = 0; round < 3; round++) times.push(await time(() => (size = render().length)));
      const best = Math.min(...times);
      rows.push([`${name} report`, `${best.toFixed(0)} ms (${((best / rep.findings.length) * 1000).toFixed(1)} µs per finding, ${(size / 1e6).toFixed(1)} MB, best of 3)`]);
      mem.sample();
    }
    mem.stop();
    rows.push(['peak RSS', `${(mem.peak / 2 ** 20).toFixed(0)} MiB`]);
    report('mlsec scan of a generated repository', rows);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
