// `mlsec scan - --stdin-filename PATH`: scans a stream read from standard input, such as the
// output of `helm template`, as if it were the file PATH. Each document of a rendered stream that
// names its template in a `# Source:` comment is reported on that template when it is in the
// workspace, at the template line that reads the same (or the template's first line), with the
// rendered line in the finding's details; everything else is reported on PATH.

import * as path from 'node:path';
import { analyzeByConfig } from '../core/config-analysis';
import type { ConfigTree } from '../core/config-resolution';
import { DocumentIndex } from '../core/document';
import type { Engine } from '../core/engine';
import { SourceFile } from '../core/source';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { decodeText, type ScanResult } from '../core/workspace/scan';
import { CliError, type CliIO } from './io';
import { mapStreamResult, resolveTemplates, type StdinNames } from './stdin-mapping';
import { splitRenderedStream } from './rendered-stream';

/** What standard input held, or why it could not be read. */
export type StdinRead = { bytes: Buffer } | { tooLarge: number };

/** A DocumentIndex that also serves the texts findings were moved into (templates, the stream). */
class ReportSources extends DocumentIndex {
  constructor(
    docs: DocumentIndex,
    private readonly extra: Map<string, SourceFile>,
  ) {
    super(docs.all());
  }

  override source(p: string): SourceFile | undefined {
    return this.extra.get(p) ?? super.source(p);
  }
}

/** Works out the names of the stream; a name outside the workspace is refused. */
export async function stdinNames(engine: Engine, root: string, cwd: string, name: string): Promise<StdinNames> {
  if (!name.trim()) throw new CliError('--stdin-filename needs a path (the file or chart directory the stream stands for)');
  const abs = path.resolve(cwd, name);
  const rel = path.relative(root, abs).split(path.sep).join('/');
  if (rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) throw new CliError(`--stdin-filename ${name} is outside the current directory`);
  const st = await new NodeWorkspaceIO(root).stat(rel || '.');
  const isDir = /[\\/]$/.test(name) || st?.isDirectory === true || !rel;
  const base = rel || '.';
  if (isDir) return { display: base === '.' ? './' : `${base}/`, dir: base, analysed: path.posix.join(base, 'rendered.yaml') };
  return { display: base, analysed: engine.wants(base) ? base : `${base}.yaml` };
}

/** The stream's text; empty, over-size, binary or undecodable input stops the scan (exit 2). */
export function decodeStdin(read: StdinRead, limit: number): string {
  if ('tooLarge' in read) throw new CliError(`standard input is larger than the ${limit}-byte size limit (maxFileSize in .mlsec.yaml, or --max-file-size): it was not scanned`);
  const { file, note } = decodeText('-', read.bytes);
  if (!file) throw new CliError('standard input holds binary content (NUL bytes), not text mlsec can scan');
  if (note) throw new CliError('standard input is not valid UTF-8 text: it was not scanned');
  const text = file.text;
  if (!text.trim()) throw new CliError('standard input is empty: nothing to scan (pipe a rendered stream into it, e.g. helm template . | mlsec scan - --stdin-filename chart/)');
  return text;
}

async function readStdin(io: CliIO, limit: number): Promise<StdinRead> {
  if (io.stdinBytes) return io.stdinBytes(limit);
  if (!io.stdin) throw new CliError('scan - reads standard input, which is not available here');
  const bytes = Buffer.from(await io.stdin(), 'utf8');
  return bytes.length > limit ? { tooLarge: bytes.length } : { bytes };
}

/** Reads standard input, analyses it under its names and places the findings as described above. */
export async function scanStdin(engine: Engine, root: string, configs: ConfigTree, io: CliIO, name: string): Promise<ScanResult> {
  const names = await stdinNames(engine, root, io.cwd, name);
  await configs.ensure([names.analysed]);
  const config = configs.configFor(names.analysed).config;
  const text = decodeStdin(await readStdin(io, config.maxFileSize), config.maxFileSize);
  const wsio = new NodeWorkspaceIO(root);
  const parsed = await engine.parse(new SourceFile(names.analysed, text), { config, io: wsio });
  if (!parsed.docs.length) {
    const why = parsed.notes.map((n) => n.message).join('; ');
    throw new CliError(
      `standard input holds nothing mlsec reads as ${names.display}${why ? ` (${why})` : ''}: a rendered Helm stream should hold Kubernetes manifests; for another kind of file, --stdin-filename names it (Dockerfile, dvc.yaml…)`,
    );
  }
  const index = new DocumentIndex(parsed.docs);
  const analysis = await analyzeByConfig(engine, index, { tree: configs, io: wsio });
  const docs = splitRenderedStream(text);
  const templates = await resolveTemplates(wsio, docs, names, config.maxFileSize);
  const stream = new SourceFile(names.display, text);
  const mapped = mapStreamResult({ ...analysis, notes: [...parsed.notes, ...analysis.notes] }, { names, docs, templates, stream });
  await configs.ensure(mapped.files);
  const sources = new Map<string, SourceFile>([[stream.path, stream], ...[...templates.values()].filter((t) => t !== undefined).map((t) => [t.path, t] as const)]);
  return { ...mapped.result, index: new ReportSources(index, sources), files: mapped.files, io: wsio };
}
