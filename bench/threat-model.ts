// Benchmark: inference and ELK layout of a threat model of about 500 elements, in Node and in the
// webview running in Chromium (from the model message to the drawn diagram).
// MLSEC_BENCH_TM_INPUTS, a comma-separated list of input names (dockerfiles, dvc, kfp, kubernetes),
// limits the scaling figures to those inputs, e.g. MLSEC_BENCH_TM_INPUTS=kfp,kubernetes.

import * as fs from 'node:fs';
import type { Facts } from '../src/core/facts/model';
import type { Finding } from '../src/core/model';
import { buildThreatModel } from '../src/core/threat-model';
import { layoutThreatModel } from '../src/core/threat-model/layout';
import type { ThreatModel } from '../src/core/threat-model/model';
import { buildWebview, CHROMIUM, launchChromium, openWebview } from '../test/helpers/webview-page';
import { churnScenario } from '../test/threat-model/fixtures';
import { dvcChain, k8sWorkspace, kfpPipelines, type GeneratedFiles } from '../test/threat-model/generated-inputs';
import { PeakMemory, report, time } from './harness';
import { generateDockerfile } from './dockerfile';
import { createEngine } from '../src/core';
import { defaultConfig } from '../src/core/config';
import { DocumentIndex } from '../src/core/document';
import { emptyFacts, mergeFacts } from '../src/core/facts/model';
import { SourceFile } from '../src/core/source';

const TARGET_ELEMENTS = Number(process.env.MLSEC_BENCH_TM_ELEMENTS ?? 500);
const ROUNDS = 5;

/** Keys whose values name a workload or store, so every team's copy gets its own. */
const ID_KEYS = new Set(['id', 'workloadId']);

/**
 * One team's copy of the churn repository: its files under teams/N/, its ids, names, images,
 * buckets and hosts renamed, so copies share only what real teams share (PyPI, Docker Hub, the internal index).
 */
function teamCopy<T>(value: T, n: number, key = ''): T {
  if (typeof value === 'string') {
    if (key === 'file' || (key === 'path' && !value.includes('://'))) return `teams/${n}/${value}`.replace(/churn/g, `churn${n}`) as T;
    if (ID_KEYS.has(key) || key === 'dependsOn') return `${value}@${n}` as T;
    if (key === 'name' && !value.includes('churn') && !value.includes('trainer')) return `${value}-${n}` as T;
    return value
      .replace(/churn/g, `churn${n}`)
      .replace(/trainer/g, `trainer${n}`)
      .replace(/acme-/g, `acme${n}-`)
      .replace(/mlflow\.mlops/g, `mlflow.team${n}`) as T;
  }
  if (Array.isArray(value)) return value.map((v) => teamCopy(v, n, key === 'dependsOn' ? key : '')) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'number' ? v : teamCopy(v, n, k);
    return out as T;
  }
  return value;
}

/** Facts and findings of as many team copies as it takes to reach the target element count. */
export function largeScenario(target = TARGET_ELEMENTS): { facts: Facts; findings: Finding[]; teams: number } {
  const s = churnScenario();
  const merged = (teams: number) => {
    const facts = teamCopy(s.facts, 0);
    const findings = teamCopy(s.findings, 0);
    for (let n = 1; n < teams; n++) {
      const f = teamCopy(s.facts, n);
      for (const k of Object.keys(facts) as (keyof Facts)[]) {
        const into = facts[k];
        const from = f[k];
        if (Array.isArray(into) && Array.isArray(from)) (into as unknown[]).push(...from);
      }
      findings.push(...teamCopy(s.findings, n));
    }
    return { facts, findings };
  };
  // Teams share the public registries and indexes, so each further team adds fewer elements than the first.
  const one = buildThreatModel({ facts: merged(1).facts, findings: [] }).elements.length;
  const two = buildThreatModel({ facts: merged(2).facts, findings: [] }).elements.length;
  const teams = Math.max(1, 1 + Math.round((target - one) / Math.max(1, two - one)));
  return { ...merged(teams), teams };
}

const ms = (t: number) => `${t.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function inBrowser(model: ThreatModel): Promise<[string, string][]> {
  if (!fs.existsSync(CHROMIUM)) return [['browser', `skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`]];
  const bundle = await buildWebview();
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    const layouts: number[] = [];
    const renders: number[] = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      const p = await openWebview(browser, bundle, 'dark');
      // Timed inside the page: from the message's arrival to the diagram in the document.
      const t = await p.page.evaluate(
        (m) =>
          new Promise<number>((resolve) => {
            const t0 = performance.now();
            const seen = new MutationObserver(() => {
              if (document.querySelector('main')?.getAttribute('aria-busy') === 'false' && document.querySelector('.diagram-host[data-rendered]')) {
                seen.disconnect();
                resolve(performance.now() - t0);
              }
            });
            seen.observe(document.body, { subtree: true, attributes: true, childList: true });
            window.postMessage({ type: 'model', model: m }, '*');
          }),
        model,
      );
      const nodes = await p.page.evaluate(() => document.querySelectorAll('.node').length);
      const [drawn, laid] = await p.page.evaluate(() => {
        const d = document.querySelector<HTMLElement>('.status')?.dataset;
        return [Number(d?.renderMs), Number(d?.layoutMs)];
      });
      if (nodes !== model.elements.length) throw new Error(`the webview drew ${nodes} of ${model.elements.length} elements`);
      await p.page.context().close();
      // The first page load warms the browser's code caches; it is not counted.
      if (round > 0) {
        times.push(t);
        layouts.push(laid);
        renders.push(drawn);
      }
    }
    return [
      ['Chromium: ELK layout', `${ms(median(layouts))} median, ${ms(Math.min(...layouts))} best of ${ROUNDS} (Chromium ${browser.version()})`],
      ['Chromium: layout and drawing', `${ms(median(renders))} median, ${ms(Math.min(...renders))} best of ${ROUNDS}`],
      ['Chromium: model message to drawn diagram', `${ms(median(times))} median, ${ms(Math.min(...times))} best of ${ROUNDS}`],
    ];
  } finally {
    await browser.close();
  }
}

/** The best of five runs after a warm-up, each after a full collection, so garbage from one size does not land on the next. */
async function bestTime(fn: () => unknown): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  fn();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    gc?.();
    times.push(await time(fn));
  }
  return Math.min(...times);
}

/** Facts and findings of a generated workspace, read by the real format readers and rules. */
async function analyse(files: GeneratedFiles): Promise<{ facts: Facts; findings: Finding[] }> {
  const engine = createEngine();
  const config = defaultConfig();
  const index = new DocumentIndex();
  for (const [path, text] of Object.entries(files)) for (const d of (await engine.parse(new SourceFile(path, text), { config })).docs) index.add(d);
  const { findings } = await engine.analyze(index, { config });
  const facts = emptyFacts();
  for (const d of index.all()) mergeFacts(facts, d.facts);
  return { facts, findings };
}

/** The generated Dockerfile corpus, one image per service folder. */
function dockerfiles(files: number): GeneratedFiles {
  const workspace: GeneratedFiles = {};
  for (let i = 0; i < files; i++) workspace[`svc${i}/Dockerfile`] = generateDockerfile(i);
  return workspace;
}

const INPUT_KINDS: { key: string; name: string; unit: string; make: (units: number) => GeneratedFiles }[] = [
  { key: 'dockerfiles', name: 'Dockerfiles', unit: 'files', make: dockerfiles },
  { key: 'dvc', name: 'DVC chain', unit: 'stages', make: dvcChain },
  { key: 'kfp', name: 'KFP pipelines', unit: 'tasks', make: (n) => kfpPipelines(n) },
  { key: 'kubernetes', name: 'Kubernetes workspace', unit: 'applications', make: k8sWorkspace },
];

/** The input kinds MLSEC_BENCH_TM_INPUTS names, or all of them. */
function selectedKinds(): typeof INPUT_KINDS {
  const names = (process.env.MLSEC_BENCH_TM_INPUTS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !INPUT_KINDS.some((k) => k.key === n));
  if (unknown.length) throw new Error(`MLSEC_BENCH_TM_INPUTS: unknown input ${unknown.join(', ')} (known: ${INPUT_KINDS.map((k) => k.key).join(', ')})`);
  return names.length ? INPUT_KINDS.filter((k) => names.includes(k.key)) : INPUT_KINDS;
}

/** Largest growth of inference time per doubling of elements any input kind may show. */
const MAX_GROWTH_PER_DOUBLING = 2.2;

/**
 * Inference time of generated Dockerfiles, DVC chains, KFP pipelines and Kubernetes workspaces of
 * about 500, 1,000 and 2,000 elements, with the growth per doubling: linear inference grows about 2x.
 */
async function scalingByKind(): Promise<{ rows: [string, string][]; worst: number }> {
  const rows: [string, string][] = [];
  let worst = 0;
  for (const kind of selectedKinds()) {
    // Elements per unit, measured on a small input, sets the unit count for each size.
    const probe = await analyse(kind.make(100));
    const perUnit = buildThreatModel(probe).elements.length / 100;
    let previous: { t: number; elements: number } | undefined;
    for (const size of [500, 1000, 2000]) {
      const units = Math.max(1, Math.round(size / perUnit));
      const input = await analyse(kind.make(units));
      let elements = 0;
      const t = await bestTime(() => (elements = buildThreatModel(input).elements.length));
      // Growth per doubling of elements, so a size that lands off 2x its predecessor compares fairly.
      const growth = previous ? Math.pow(t / previous.t, 1 / Math.log2(elements / previous.elements)) : undefined;
      if (growth !== undefined) worst = Math.max(worst, growth);
      rows.push([
        `Node: inference, ${kind.name} ~${size}`,
        `${ms(t)} best of 5 (${units} ${kind.unit}; ${elements} elements, ${input.findings.length} findings)${growth !== undefined ? `; x${growth.toFixed(2)} per doubling` : ''}`,
      ]);
      previous = { t, elements };
    }
  }
  return { rows, worst };
}

export async function run(): Promise<void> {
  const { facts, findings, teams } = largeScenario();
  const mem = new PeakMemory();
  let model = buildThreatModel({ facts, findings });
  await layoutThreatModel(model);
  const infer: number[] = [];
  const layout: number[] = [];
  const tdLayout: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    infer.push(await time(() => (model = buildThreatModel({ facts, findings }))));
    layout.push(await time(() => layoutThreatModel(model)));
    tdLayout.push(await time(() => layoutThreatModel(model, { style: 'threat-dragon' })));
    mem.sample();
  }
  mem.stop();
  const rows: [string, string][] = [
    ['model', `${model.elements.length} elements, ${model.flows.length} flows, ${model.boundaries.length} boundaries, ${model.threats.length} threats (${teams} team repositories)`],
    ['Node: inference', `${ms(median(infer))} median, ${ms(Math.min(...infer))} best of ${ROUNDS}`],
    ['Node: ELK layout (webview style)', `${ms(median(layout))} median, ${ms(Math.min(...layout))} best of ${ROUNDS}`],
    ['Node: ELK layout (Threat Dragon style)', `${ms(median(tdLayout))} median, ${ms(Math.min(...tdLayout))} best of ${ROUNDS}`],
    ['Node: peak RSS', `${(mem.peak / 2 ** 20).toFixed(0)} MiB`],
  ];
  const byKind = await scalingByKind();
  const worst = byKind.worst;
  rows.push(...byKind.rows, ['Node: worst growth per doubling', `x${worst.toFixed(2)} (acceptance: at most x${MAX_GROWTH_PER_DOUBLING})`]);
  rows.push(...(process.env.MLSEC_BENCH_TM_BROWSER === '0' ? [] : await inBrowser(model)));
  report('Threat model of about 500 elements', rows);
  if (worst > MAX_GROWTH_PER_DOUBLING) process.exitCode = 1;
}
