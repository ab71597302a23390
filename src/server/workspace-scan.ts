// The whole-folder scan of the language service: reads, parses and analyses every file of a
// workspace folder with progress reports and cancellation, lays open editor buffers over what is
// on disk, and publishes the result.

import type { WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { analyzeByConfig } from '../core/config-analysis';
import { scanWorkspace } from '../core/workspace/scan';
import { parseBuffer } from './buffers';
import type { Folder } from './folder';
import { applyFolderPolicy } from './policy';
import { ScanStatusNotification, type ScanStatus, type ScanSummary } from './protocol';
import type { Publisher } from './publish';
import type { ServiceState } from './state';

const PROGRESS_INTERVAL_MS = 150;

export function emptySummary(): ScanSummary {
  return { files: 0, findings: 0, skipped: 0, cancelled: false, durationMs: 0 };
}

export async function scanAll(state: ServiceState, publisher: Publisher): Promise<ScanSummary> {
  const summaries = await Promise.all(state.folders.filter((f) => f.enabled).map((f) => scanFolder(state, publisher, f)));
  return summaries.reduce(
    (a, s) => ({
      files: a.files + s.files,
      findings: a.findings + s.findings,
      skipped: a.skipped + s.skipped,
      cancelled: a.cancelled || s.cancelled,
      durationMs: Math.max(a.durationMs, s.durationMs),
    }),
    emptySummary(),
  );
}

/** Reads, parses and analyses every file of the folder, with progress, then publishes. */
export async function scanFolder(state: ServiceState, publisher: Publisher, f: Folder): Promise<ScanSummary> {
  if (f.scan) f.scan.cancelled = true;
  const signal = { cancelled: false };
  f.scan = signal;
  const started = Date.now();
  const progress = await beginProgress(state, signal);
  let last = 0;
  sendStatus(state, { state: 'started', done: 0, total: 0 });
  try {
    const result = await scanWorkspace(state.engine, f.root, {
      config: f.config,
      configs: f.configs,
      signal,
      onProgress: (done, total) => {
        const now = Date.now();
        if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
        last = now;
        progress?.report(Math.floor((done / Math.max(total, 1)) * 100), `${done}/${total} files`);
        sendStatus(state, { state: 'progress', done, total });
      },
    });
    if (state.shuttingDown || f.scan !== signal) return { ...emptySummary(), cancelled: true };
    state.logNotes(result.notes);
    f.index = result.index;
    const overlaid = await overlayOpenBuffers(state, f);
    const versions = state.openVersions(f);
    const analysed = overlaid ? await analyzeByConfig(state.engine, f.index, { tree: f.configs, io: f.io }) : result;
    const applied = applyFolderPolicy(state.engine, f, analysed);
    const { findings } = applied;
    f.generation++;
    publisher.publishPolicy(f, applied);
    publisher.publishFindings(f, findings, versions);
    const skipped = result.notes.filter((n) => n.message.startsWith('skipped') || n.message.startsWith('cannot read')).length;
    const summary = { files: f.index.paths().length, findings: findings.length, skipped, cancelled: signal.cancelled, durationMs: Date.now() - started };
    state.connection.console.info(
      `${signal.cancelled ? 'Cancelled the scan of' : 'Scanned'} ${f.root}: ${summary.files} files, ${summary.findings} findings, ${summary.skipped} skipped, in ${summary.durationMs} ms.`,
    );
    sendStatus(state, { state: 'done', done: summary.files, total: summary.files, summary });
    return summary;
  } finally {
    progress?.done();
    if (f.scan === signal) f.scan = undefined;
    if (signal.cancelled) sendStatus(state, { state: 'done', done: 0, total: 0, summary: { ...emptySummary(), cancelled: true } });
  }
}

/** Open editor buffers win over what is on disk; true when one replaced what the scan read. */
async function overlayOpenBuffers(state: ServiceState, f: Folder): Promise<boolean> {
  let overlaid = false;
  for (const [rel, uri] of f.openUris) {
    const doc = state.documents.get(uri);
    if (!doc) continue;
    const indexed = f.index.source(rel);
    if (indexed && indexed.text === doc.getText()) f.sourceVersions.set(indexed, doc.version);
    else overlaid = (await parseBuffer(state, f, rel, doc)) || overlaid;
  }
  return overlaid;
}

async function beginProgress(state: ServiceState, signal: { cancelled: boolean }): Promise<WorkDoneProgressServerReporter | undefined> {
  if (!state.caps.progress) return undefined;
  try {
    const p = await state.connection.window.createWorkDoneProgress();
    p.begin('mlsec: scanning the workspace', 0, undefined, true);
    p.token.onCancellationRequested(() => (signal.cancelled = true));
    return p;
  } catch {
    return undefined;
  }
}

function sendStatus(state: ServiceState, s: ScanStatus): void {
  void state.connection.sendNotification(ScanStatusNotification, s).catch(() => undefined);
}
