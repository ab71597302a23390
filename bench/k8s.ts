// Benchmark of the Kubernetes-shaped reader and rules: a generated 5,000-line KFP IR file and the
// real corpus in ../shared, each against bare `yaml` parsing of the same text in the same run.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { timeAnalysis } from './harness';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus');

/** A KFP IR pipeline of `n` executors in the SDK's compiled style, about 5,000 lines for n = 139. */
export function generateKfpIr(n: number): string {
  const out: string[] = ['# PIPELINE DEFINITION', 'components:'];
  for (let i = 0; i < n; i++)
    out.push(
      `  comp-step-${i}:`,
      `    executorLabel: exec-step-${i}`,
      '    inputDefinitions:',
      '      parameters:',
      '        lr:',
      '          defaultValue: 0.01',
      '          parameterType: NUMBER_DOUBLE',
    );
  out.push('deploymentSpec:', '  executors:');
  for (let i = 0; i < n; i++) {
    out.push(
      `    exec-step-${i}:`,
      '      container:',
      '        args:',
      '        - --executor_input',
      "        - '{{$}}'",
      '        - --function_to_execute',
      `        - step_${i}`,
      '        command:',
      '        - sh',
      '        - -c',
      '        - "\\nif ! [ -x \\"$(command -v pip)\\" ]; then\\n    python3 -m ensurepip\\nfi\\n\\nPIP_DISABLE_PIP_VERSION_CHECK=1\\',
      '          \\ python3 -m pip install --quiet --index-url https://pypi.org/simple --trusted-host https://pypi.org/simple \'pandas\' \'kfp==2.14.3\' && \\"$0\\" \\"$@\\"\\n"',
      '        - sh',
      '        - -ec',
      '        - python3 -m kfp.dsl.executor_main "$@"',
      '        image: python:3.11',
      '        resources:',
      '          cpuLimit: 2.0',
      '          memoryLimit: 8.0',
      '        env:',
      '        - name: MODE',
      '          value: train',
    );
  }
  out.push('pipelineInfo:', '  name: generated', 'root:', '  dag:', '    tasks:');
  for (let i = 0; i < n; i++) {
    out.push(`      step-${i}:`, '        componentRef:', `          name: comp-step-${i}`, '        taskInfo:', `          name: step-${i}`);
    if (i > 0) out.push('        dependentTasks:', `        - step-${i - 1}`);
  }
  out.push('schemaVersion: 2.1.0', 'sdkVersion: kfp-2.14.3');
  return out.join('\n') + '\n';
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(p);
  }
  return out;
}

function timeYaml(files: { text: string }[]): number {
  const t0 = process.hrtime.bigint();
  for (const f of files) parseAllDocuments(f.text);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Best of `reps` runs, to keep JIT warm-up out of the numbers. */
async function best(reps: number, f: () => Promise<number> | number): Promise<number> {
  let m = Infinity;
  for (let i = 0; i < reps; i++) m = Math.min(m, await f());
  return m;
}

export async function run(): Promise<Record<string, unknown>> {
  const results: Record<string, unknown> = {};
  const ir = generateKfpIr(139);
  const irFiles = [{ rel: 'generated/pipeline.yaml', text: ir }];
  const a = await best(5, () => timeAnalysis(irFiles));
  const y = await best(5, () => timeYaml(irFiles));
  results.kfpIr = { lines: ir.split('\n').length, analysisMs: +a.toFixed(1), yamlMs: +y.toFixed(1), ratio: +(a / y).toFixed(2) };
  if (fs.existsSync(CORPUS)) {
    const files = ['kubeflow', 'argo', 'kserve', 'seldon', 'kubeflow-crs', 'kics-k8s']
      .flatMap((k) => filesUnder(path.join(CORPUS, k)))
      .map((p) => ({ rel: path.relative(CORPUS, p), text: fs.readFileSync(p, 'utf8') }));
    const ca = await best(3, () => timeAnalysis(files));
    const cy = await best(3, () => timeYaml(files));
    results.corpus = { files: files.length, analysisMs: +ca.toFixed(0), yamlMs: +cy.toFixed(0), ratio: +(ca / cy).toFixed(2), filesPerSecond: Math.round(files.length / (ca / 1000)) };
  } else {
    results.corpus = 'skipped: ../shared is not present';
  }
  results.peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`k8s: ${JSON.stringify(results, null, 2)}`);
  return results;
}
