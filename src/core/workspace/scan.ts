// Reads workspace files for the engine (size limits, binary detection, decoding), builds the
// document index and runs the analysis. Used by the CLI and the language server alike.

import * as path from 'node:path';
import type { Engine, AnalysisResult } from '../engine';
import { DocumentIndex } from '../document';
import { defaultConfig, type MlsecConfig } from '../config';
import { analyzeByConfig } from '../config-analysis';
import { ConfigTree } from '../config-resolution';
import type { Problem } from '../model';
import { SourceFile } from '../source';
import { NodeWorkspaceIO, type WorkspaceIO } from './io';
import { walk } from './walk';
import { appendAll } from '../collections';

export interface ReadOutcome {
  file?: SourceFile;
  note?: Problem;
}

/** Decodes bytes read from a text file, reporting binary content and invalid UTF-8. */
export function decodeText(rel: string, bytes: Buffer): ReadOutcome {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return { note: { file: rel, level: 'warning', message: 'skipped: binary content (NUL bytes) in a file mlsec reads as text' } };
  }
  let text: string;
  let note: Problem | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('utf-8').decode(bytes);
    note = { file: rel, level: 'warning', message: 'contains invalid UTF-8; the invalid bytes were read as U+FFFD and fixes are not offered for this file' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { file: new SourceFile(rel, text), note };
}

/** Reads one workspace file as the engine needs it (text or binary handle). */
export async function readForAnalysis(engine: Engine, io: WorkspaceIO, rel: string, config: MlsecConfig): Promise<ReadOutcome> {
  if (io.readRegular && !engine.isBinaryPath(rel)) return readText(io, rel, config);
  const st = await io.stat(rel);
  if (!st || !st.isFile) return { note: { file: rel, level: 'warning', message: 'skipped: not a regular file' } };
  if (engine.isBinaryPath(rel)) return { file: new SourceFile(rel, '', true) };
  if (st.size > config.maxFileSize) {
    return { note: { file: rel, level: 'info', message: `skipped: ${st.size} bytes is over the ${config.maxFileSize}-byte size limit (maxFileSize)` } };
  }
  try {
    return decodeText(rel, await io.readFile(rel, config.maxFileSize));
  } catch (e) {
    return { note: { file: rel, level: 'error', message: `cannot read: ${(e as Error).message}` } };
  }
}

/** A text file through one open handle: no separate stat, the size from the handle. */
async function readText(io: WorkspaceIO, rel: string, config: MlsecConfig): Promise<ReadOutcome> {
  try {
    const r = await io.readRegular!(rel, config.maxFileSize);
    if ('bytes' in r) return decodeText(rel, r.bytes);
    if ('tooLarge' in r) return { note: { file: rel, level: 'info', message: `skipped: ${r.tooLarge} bytes is over the ${config.maxFileSize}-byte size limit (maxFileSize)` } };
    return { note: { file: rel, level: 'warning', message: 'skipped: not a regular file' } };
  } catch (e) {
    return { note: { file: rel, level: 'error', message: `cannot read: ${(e as Error).message}` } };
  }
}

/**
 * Files read ahead of the one being parsed. Enough to keep the disk and the thread pool busy while
 * one file is analysed, few enough that memory stays bounded by a handful of files.
 */
const READ_AHEAD = 24;

/** Reads `files` in order with up to READ_AHEAD reads in flight, handing each to `use` in order. */
async function readInOrder(files: readonly string[], read: (rel: string) => Promise<ReadOutcome>, use: (rel: string, r: ReadOutcome) => Promise<void>, signal?: { cancelled: boolean }): Promise<void> {
  const pending: Promise<ReadOutcome>[] = [];
  let next = 0;
  const fill = () => {
    while (next < files.length && pending.length < READ_AHEAD) pending.push(read(files[next++]));
  };
  fill();
  for (let i = 0; i < files.length; i++) {
    if (signal?.cancelled) break;
    const outcome = await pending.shift()!;
    fill();
    await use(files[i], outcome);
  }
  // Reads started but not used (a cancelled scan) still settle before the scan returns.
  await Promise.all(pending);
}

export interface LoadedWorkspaceConfig {
  config: MlsecConfig;
  errors: Problem[];
  path?: string;
  text?: string;
}

/**
 * Loads the root's `.mlsec.yaml`, if present, with what it extends, through the workspace
 * boundary: a configuration that is a symlink to outside, a FIFO or a device is refused with an
 * error naming only the file. Nested configurations are resolved by ConfigTree.
 */
export async function loadWorkspaceConfig(root: string, knownRuleIds: ReadonlySet<string>): Promise<LoadedWorkspaceConfig> {
  const tree = await ConfigTree.load(root, knownRuleIds);
  const { file, config } = tree.rootConfig;
  if (!file) return { config: defaultConfig(), errors: [] };
  const own = tree.files().find((f) => f.file === file);
  const errors = own?.errors ?? [];
  return { config, errors, path: file, text: own?.text };
}

export interface ScanOptions {
  config: MlsecConfig;
  /** Files or directories relative to root; the whole root when empty. */
  paths?: string[];
  signal?: { cancelled: boolean };
  /** The configurations of the workspace: each file is read and analysed under its nearest one. */
  configs?: ConfigTree;
  onProgress?: (done: number, total: number) => void;
}

export interface ScanResult extends AnalysisResult {
  index: DocumentIndex;
  files: string[];
  io: WorkspaceIO;
}

/** Finds, reads, parses and analyses the files under `root`. Never throws for bad files. */
export async function scanWorkspace(engine: Engine, root: string, opts: ScanOptions): Promise<ScanResult> {
  const io = new NodeWorkspaceIO(root);
  const notes: Problem[] = [];
  const files: string[] = [];
  const wants = (rel: string) => engine.wants(rel);
  const starts = opts.paths?.length ? opts.paths : [''];
  for (const start of starts) {
    const st = start ? await io.stat(start) : { isDirectory: true, isFile: false, size: 0, mtimeMs: 0 };
    if (!st) {
      notes.push({ file: start, level: 'error', message: 'no such file or directory' });
    } else if (st.isFile) {
      files.push(start);
    } else if (st.isDirectory) {
      const sub = start ? path.join(root, start) : root;
      const r = await walk(sub, { ignore: opts.config.ignore, wants: (rel) => wants(start ? `${start}/${rel}` : rel), signal: opts.signal });
      for (const f of r.files) files.push(start ? `${start}/${f}` : f);
      for (const n of r.notes) notes.push({ file: start ? `${start}/${n.file}` : n.file, level: 'info', message: n.message });
    }
  }
  const tree = opts.configs;
  if (tree) {
    await tree.ensure(files);
    const kept = files.filter((f) => !tree.ignored(f));
    files.length = 0;
    appendAll(files, kept);
  }
  const configOf = (rel: string) => (tree ? tree.configFor(rel).config : opts.config);
  const index = new DocumentIndex();
  let done = 0;
  const read = (rel: string) => readForAnalysis(engine, io, rel, configOf(rel));
  await readInOrder(
    files,
    read,
    async (rel, { file, note }) => {
      if (note) notes.push(note);
      if (file) {
        const { docs, notes: parseNotes } = await engine.parse(file, { config: configOf(rel), io });
        appendAll(notes, parseNotes);
        for (const d of docs) index.add(d);
      }
      opts.onProgress?.(++done, files.length);
    },
    opts.signal,
  );
  const result = tree ? await analyzeByConfig(engine, index, { tree, io }) : await engine.analyze(index, { config: opts.config, io });
  return { ...result, notes: [...notes, ...result.notes], index, files, io };
}
