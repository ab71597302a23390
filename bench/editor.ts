// Benchmark: the editor integration through the bundled language server over stdio, as VS Code
// runs it: client activation time, time from a document change to published diagnostics for a
// 2,000-line Dockerfile, and a workspace scan of the example repository copied to 5,000 files.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../test/helpers/lsp-client';
import { ScanStatusNotification, ScanWorkspaceRequest, ServerStatusRequest, type ScanStatus, type ScanSummary, type ServerStatus } from '../src/server/protocol';
import { report, time } from './harness';

/** The repository root (this file runs from out/bench). */
const ROOT = path.resolve(__dirname, '../..');
const SERVER = path.join(ROOT, 'dist', 'server.js');
const EXTENSION = path.join(ROOT, 'dist', 'extension.js');
const EXAMPLE = path.join(ROOT, 'examples', 'ml-repo');
const TARGET_FILES = Number(process.env.MLSEC_BENCH_WORKSPACE_FILES ?? 5000);
const EDITS = 15;

/**
 * Loads dist/extension.js and runs activate() in a child process against a stand-in `vscode`
 * module: every top-level name of the VS Code API is a value that accepts any use. The client it
 * starts never connects, so the child reports its figures and exits.
 */
function activationTime(): { requireMs: number; activateMs: number; bundleKiB: number } {
  const dts = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = [...new Set([...dts.matchAll(/^\s+export (?:namespace|class|enum) ([A-Za-z]+)/gm)].map((m) => m[1]))];
  const script = `
    const Module = require('node:module');
    const stub = () => new Proxy(function () {}, {
      get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => 0 : stub()),
      set: () => true,
      apply: () => stub(),
      construct: () => stub(),
    });
    const names = ${JSON.stringify([...names, 'version'])};
    const value = (k) => (k === 'version' ? '1.100.3' : stub());
    const api = new Proxy({}, {
      get: (t, k) => (k === 'then' || k === '__esModule' ? undefined : value(k)),
      ownKeys: () => names,
      getOwnPropertyDescriptor: (t, k) => ({ configurable: true, enumerable: true, writable: true, value: value(k) }),
    });
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? api : load.call(this, request, ...rest); };
    const t0 = process.hrtime.bigint();
    const ext = require(${JSON.stringify(EXTENSION)});
    const t1 = process.hrtime.bigint();
    ext.activate({ subscriptions: [], extensionUri: stub(), asAbsolutePath: (p) => require('node:path').join(${JSON.stringify(ROOT)}, p) });
    const t2 = process.hrtime.bigint();
    process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6 }));
    process.exit(0);
  `;
  const r = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { requireMs: number; activateMs: number };
  return { ...r, bundleKiB: fs.statSync(EXTENSION).size / 1024 };
}

/** A 2,000-line multi-stage Dockerfile whose last package name changes with `seed`. */
function longDockerfile(seed: number): string {
  const out = ['FROM python:3.12-slim AS base', 'WORKDIR /app'];
  for (let i = 0; out.length < 1998; i++) {
    if (i % 50 === 0) out.push(`FROM base AS stage${i}`);
    out.push(i % 7 === 0 ? `RUN pip install package${i} && curl -k https://example.com/f${i} -o /opt/data/f${i}` : `ENV VAR_${i}=value-${i}`);
  }
  out.push(`RUN pip install changed${seed}`, 'CMD ["python", "-m", "app"]');
  return `${out.join('\n')}\n`;
}

/** Starts the bundled server on `folder` and resolves once its first workspace scan is done. */
async function startServer(folder: string): Promise<{ client: LspTestClient; summary: ScanSummary; ms: number }> {
  const client = LspTestClient.child(SERVER);
  let summary: ScanSummary | undefined;
  const ms = await time(async () => {
    await client.initialize([folder]);
    const done = (await client.waitForNotification(ScanStatusNotification, (p) => (p as ScanStatus).state === 'done')) as ScanStatus;
    summary = done.summary;
  });
  if (!summary) throw new Error('the workspace scan finished without a summary');
  return { client, summary, ms };
}

async function changeToDiagnostics(): Promise<{ findings: number; medianMs: number; maxMs: number }> {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-bench-edit-'));
  try {
    const { client } = await startServer(ws);
    const uri = pathToFileURL(path.join(ws, 'long.Dockerfile')).href;
    await client.open(uri, longDockerfile(0), 'dockerfile');
    const first = await client.waitForDiagnostics(uri, (d) => d.length > 0);
    const times: number[] = [];
    for (let i = 1; i <= EDITS; i++) {
      // Each edit renames a package named in a finding's message, so every change publishes new diagnostics.
      times.push(
        await time(async () => {
          await client.change(uri, longDockerfile(i));
          await client.waitForDiagnostics(uri, (d) => d.some((x) => x.message.includes(`"changed${i}"`)));
        }),
      );
    }
    await client.stop();
    times.sort((a, b) => a - b);
    return { findings: first.length, medianMs: times[Math.floor(times.length / 2)], maxMs: times[times.length - 1] };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

async function workspaceScan() {
  const probe = await startServer(EXAMPLE);
  await probe.client.stop();
  const copies = Math.ceil(TARGET_FILES / probe.summary.files);
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-bench-scan-'));
  try {
    for (let i = 0; i < copies; i++) fs.cpSync(EXAMPLE, path.join(ws, `repo-${String(i).padStart(4, '0')}`), { recursive: true });
    const cold = await startServer(ws);
    let warm: ScanSummary | undefined;
    const warmMs = await time(async () => {
      warm = await cold.client.connection.sendRequest<ScanSummary>(ScanWorkspaceRequest);
    });
    const status = await cold.client.connection.sendRequest<ServerStatus>(ServerStatusRequest);
    await cold.client.stop();
    return { copies, perCopy: probe.summary.files, cold: cold.summary, coldMs: cold.ms, warm: warm!, warmMs, peakRssMiB: status.maxRssKb / 1024 };
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  // The production bundles are what users run, so the figures come from them.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.js'), '--production'], { cwd: ROOT, stdio: 'inherit' });
  const act = activationTime();
  const edit = await changeToDiagnostics();
  const scan = await workspaceScan();
  const rate = (files: number, ms: number) => `${(files / (ms / 1000)).toFixed(0)} files/s`;
  report('Editor (bundled language server over stdio, production build)', [
    ['client activation (stand-in vscode API)', `require ${act.requireMs.toFixed(1)} ms + activate ${act.activateMs.toFixed(1)} ms, dist/extension.js ${act.bundleKiB.toFixed(0)} KiB`],
    [
      `change -> diagnostics, 2,000-line Dockerfile (${edit.findings} findings)`,
      `median ${edit.medianMs.toFixed(0)} ms, max ${edit.maxMs.toFixed(0)} ms over ${EDITS} edits (includes the 200 ms debounce)`,
    ],
    [
      `workspace scan, example (${scan.perCopy} files) x${scan.copies} = ${scan.cold.files} files`,
      `cold ${(scan.coldMs / 1000).toFixed(2)} s (${rate(scan.cold.files, scan.coldMs)}), rescan ${(scan.warmMs / 1000).toFixed(2)} s (${rate(scan.warm.files, scan.warmMs)}), ${scan.cold.findings} findings`,
    ],
    ['server peak RSS after the scans', `${scan.peakRssMiB.toFixed(0)} MiB`],
  ]);
}
