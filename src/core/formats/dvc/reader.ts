// The 'dvc' format reader: dvc.yaml, dvc.lock, *.dvc files and .dvc/config(.local).

import type { ParsedDocument } from '../../document';
import { emptyFacts, mergeFacts } from '../../facts/model';
import { SourceFile } from '../../source';
import type { WorkspaceIO } from '../../workspace/io';
import { baseName, type FormatReader, type ReaderContext } from '../reader';
import { readConfig } from './config';
import { configFacts, dvcFileFacts, lockFacts, pipelineFacts, type SiblingTexts } from './facts';
import { stageScriptFacts } from './commands';
import { readDvcFile, readLock, type DvcFile, type Lockfile } from './lock';
import { dirOf } from './paths';
import { readPipeline, varsFilesOf, type Pipeline } from './pipeline';
import type { DvcConfig } from './config';
import { AliasLimitError, aliasLimitNote, parseYaml, toPlain, type YamlDoc } from './yaml';
import type { Problem } from '../../model';

/** The structure a DVC document carries as its `ast`. */
export type DvcAst = Pipeline | Lockfile | DvcFile | DvcConfig;

export type DvcFileKind = 'pipeline' | 'lock' | 'dvcfile' | 'config';

export function dvcFileKind(path: string): DvcFileKind | undefined {
  const base = baseName(path);
  if (base === 'dvc.yaml') return 'pipeline';
  if (base === 'dvc.lock') return 'lock';
  if (/(^|\/)\.dvc\/config(\.local)?$/.test(path)) return 'config';
  if (base.endsWith('.dvc') && base !== '.dvc') return 'dvcfile';
  return undefined;
}

/** Reads a text file through WorkspaceIO, or undefined when it is absent, too big or unreadable. */
async function readText(io: WorkspaceIO, path: string, limit: number): Promise<string | undefined> {
  try {
    const st = await io.stat(path);
    if (!st?.isFile || st.size > limit) return undefined;
    return (await io.readFile(path, limit)).toString('utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

/** Parses a params/vars file (YAML or JSON) to plain data. */
function parseData(path: string, text: string): unknown {
  if (path.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
  if (!/\.ya?ml$/.test(path)) return undefined;
  const { doc, notes } = parseYaml(new SourceFile(path, text));
  if (!doc || notes.some((n) => n.level === 'error')) return undefined;
  try {
    return toPlain(doc, doc.root);
  } catch (e) {
    if (e instanceof AliasLimitError) return undefined;
    throw e;
  }
}

export const dvcReader: FormatReader = {
  id: 'dvc',
  matches(path) {
    return dvcFileKind(path) ? 'yes' : 'no';
  },
  async parse(file: SourceFile, ctx: ReaderContext): Promise<ParsedDocument[]> {
    const kind = dvcFileKind(file.path);
    if (!kind) return [];
    if (kind === 'config') {
      const cfg = readConfig(file);
      let siblings: SiblingTexts | undefined;
      if (ctx.io && !cfg.local) {
        const dir = dirOf(file.path);
        siblings = {
          local: await readText(ctx.io, `${dir}/config.local`, ctx.config.maxFileSize),
          gitignore: await readText(ctx.io, `${dir}/.gitignore`, ctx.config.maxFileSize),
        };
      }
      return [{ file, format: 'dvc', facts: configFacts(cfg, file.text, siblings), notes: cfg.ini.notes, ast: cfg }];
    }
    const { doc, notes } = parseYaml(file);
    if (!doc) return [{ file, format: 'dvc', facts: emptyFacts(), notes }];
    try {
      return await readYamlDocument(kind, doc, file, notes, ctx);
    } catch (e) {
      if (!(e instanceof AliasLimitError)) throw e;
      return [{ file, format: 'dvc', facts: emptyFacts(), notes: [...notes, aliasLimitNote(file, e)] }];
    }
  },
};

/** Reads a parsed dvc.yaml, dvc.lock or .dvc file. */
async function readYamlDocument(kind: Exclude<DvcFileKind, 'config'>, doc: YamlDoc, file: SourceFile, notes: Problem[], ctx: ReaderContext): Promise<ParsedDocument[]> {
  if (kind === 'lock') {
    const r = readLock(doc, file);
    const facts = lockFacts(r.lock);
    facts.dvcRecords.push(r.lock);
    return [{ file, format: 'dvc', facts, notes: [...notes, ...r.notes], ast: r.lock }];
  }
  if (kind === 'dvcfile') {
    const f = readDvcFile(doc, file);
    const facts = dvcFileFacts(f);
    facts.dvcRecords.push(f);
    return [{ file, format: 'dvc', facts, notes, ast: f }];
  }
  const data = new Map<string, unknown>();
  if (ctx.io) {
    for (const p of varsFilesOf(doc, file.path)) {
      const text = await readText(ctx.io, p, ctx.config.maxFileSize);
      if (text !== undefined) data.set(p, parseData(p, text));
    }
  }
  const r = readPipeline(doc, file, (p) => data.get(p));
  const facts = pipelineFacts(r.pipeline);
  for (const st of r.pipeline.stages) mergeFacts(facts, stageScriptFacts(st, file.path));
  facts.dvcPipelines.push(r.pipeline);
  return [{ file, format: 'dvc', facts, notes: [...notes, ...r.notes], ast: r.pipeline }];
}
