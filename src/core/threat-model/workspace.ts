// The threat model of a workspace folder, for the language server's `mlsec/threatModel` request
// and the CLI: reuses the caller's analysis when it has one, reads build files for image joins,
// and applies the review section of `.mlsec.yaml`.

import * as path from 'node:path';
import type { DocumentIndex } from '../document';
import type { Engine } from '../engine';
import type { MlsecConfig } from '../config';
import type { Finding, Loc, Position } from '../model';
import { SourceFile } from '../source';
import { loadWorkspaceConfig, scanWorkspace } from '../workspace/scan';
import { NodeWorkspaceIO, type WorkspaceIO } from '../workspace/io';
import { walk } from '../workspace/walk';
import { extractBuildHints, isBuildFile } from './build-hints';
import { buildThreatModel, ReviewLocator, type ImageBuildHint } from './index';
import type { ThreatModel } from './model';
import { renderThreatModel } from './export';
import { EXPORT_FILE_NAMES, type ThreatModelExportParams, type ThreatModelExportResult, type ThreatModelParams, type ThreatModelResult } from './protocol';
import type { SuppressedFinding } from './threats';
import { appendAll } from '../collections';

/** What the caller already holds from analysing the folder (the server keeps its last analysis). */
export interface WorkspaceAnalysis {
  index: DocumentIndex;
  findings: readonly Finding[];
  suppressed?: readonly SuppressedFinding[];
  io?: WorkspaceIO;
}

export interface WorkspaceThreatModelOptions {
  engine: Engine;
  /** Absolute path of the workspace folder. */
  root: string;
  /** The effective configuration; `.mlsec.yaml` is loaded when absent. */
  config?: MlsecConfig;
  analysis?: WorkspaceAnalysis;
  signal?: { cancelled: boolean };
}

/** Largest build file read for image joins; compose and CI files are far smaller. */
const MAX_BUILD_FILE = 1024 * 1024;

/** Image build hints from every build file under the root. */
export async function findBuildHints(root: string, io: WorkspaceIO, ignore: string[], signal?: { cancelled: boolean }): Promise<ImageBuildHint[]> {
  const { files } = await walk(root, { ignore, wants: isBuildFile, ...(signal ? { signal } : {}) });
  const hints: ImageBuildHint[] = [];
  for (const rel of files.sort()) {
    try {
      const bytes = await io.readFile(rel, MAX_BUILD_FILE);
      if (bytes.subarray(0, 8192).includes(0)) continue;
      appendAll(hints, extractBuildHints(rel, bytes.toString('utf8')));
    } catch {
      // An unreadable or oversized build file only means fewer image joins.
    }
  }
  return hints;
}

export async function threatModelForWorkspace(params: ThreatModelParams, options: WorkspaceThreatModelOptions): Promise<ThreatModelResult & { analysis: WorkspaceAnalysis }> {
  const { engine, root } = options;
  const loaded = await loadWorkspaceConfig(root, engine.knownRuleIds());
  const config = options.config ?? loaded.config;
  let analysis = options.analysis;
  if (!analysis) {
    const scan = await scanWorkspace(engine, root, { config, ...(options.signal ? { signal: options.signal } : {}) });
    analysis = { index: scan.index, findings: scan.findings, suppressed: scan.suppressed, io: scan.io };
  }
  const io = analysis.io ?? new NodeWorkspaceIO(root);
  const facts = await engine.gatherFacts(analysis.index, { config, io });
  const buildHints = await findBuildHints(root, io, config.ignore, options.signal);
  const rootName = path.basename(path.resolve(root));
  const model = buildThreatModel({
    facts,
    findings: analysis.findings,
    suppressed: analysis.suppressed ?? [],
    review: config['threat-model'],
    ...(loaded.path && loaded.text !== undefined ? { reviewLocator: new ReviewLocator(loaded.path, loaded.text) } : {}),
    buildHints,
    rootName,
    title: `Threat model of ${rootName}`,
  });
  for (const e of loaded.errors) model.notes.push({ level: 'error', message: `${loaded.path}: ${e.message}` });
  return { folder: params.folder ?? root, model, analysis };
}

/** The `mlsec/exportThreatModel` request: the folder's model rendered in one export format. */
export async function exportThreatModelForWorkspace(params: ThreatModelExportParams, options: WorkspaceThreatModelOptions): Promise<ThreatModelExportResult> {
  const { folder, model, analysis } = await threatModelForWorkspace(params, options);
  const locate = await sourceLocator(model, analysis.index, analysis.io ?? new NodeWorkspaceIO(options.root));
  return { folder, format: params.format, fileName: EXPORT_FILE_NAMES[params.format], text: await renderThreatModel(model, params.format, locate), model };
}

/**
 * A line/column lookup for every file the model points at: the parsed documents' own line index,
 * and the other files (configuration, build files) read once through the workspace.
 */
export async function sourceLocator(model: ThreatModel, index: DocumentIndex | undefined, io: WorkspaceIO): Promise<(loc: Loc) => Position | undefined> {
  const files = new Map<string, SourceFile>();
  const wanted = new Set<string>();
  const add = (l: Loc | undefined) => l && wanted.add(l.file);
  for (const x of [...model.elements, ...model.flows, ...model.boundaries]) x.evidence.forEach(add);
  for (const x of [...model.elements, ...model.flows]) x.controls.forEach((c) => add(c.loc));
  model.notes.forEach((n) => add(n.loc));
  for (const file of wanted) {
    const src = index?.source(file);
    if (src && !src.binary) {
      files.set(file, src);
      continue;
    }
    try {
      const bytes = await io.readFile(file, MAX_BUILD_FILE);
      if (!bytes.subarray(0, 8192).includes(0)) files.set(file, new SourceFile(file, bytes.toString('utf8')));
    } catch {
      // A file that cannot be read is shown by its path alone.
    }
  }
  return (loc) => files.get(loc.file)?.positionAt(loc.start);
}
