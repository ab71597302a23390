// Reads `dvc.yaml`: stages with their commands, dependencies, outputs, metrics, plots and params,
// expanding `foreach` and `matrix` and resolving `${…}` from `vars` and params files.

import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Str } from '../../facts/model';
import type { Loc, Problem } from '../../model';
import type { SourceFile } from '../../source';
import type { PathSection, Pipeline, PipelineStage, StageCommand, StageParams, StagePath } from '../../facts/dvc';
import { dirOf, isUrl, stageId, workspacePath } from './paths';
import { hasTemplate, interpolate, mergeContext, select, templateIndex, type TemplateContext } from './template';
import { locatedScalar, mapEntries, mapGet, nodeLoc, scalarText, seqItems, toPlain, type YamlDoc } from './yaml';
import { checkBudget } from '../../workspace/budget';

export type { StageCommand, PathSection, StagePath, StageParams, PipelineStage, Pipeline };

/** Synchronous access to parsed params/vars files, prepared by the reader through WorkspaceIO. */
export type DataLoader = (workspacePath: string) => unknown;

const DEFAULT_PARAMS = 'params.yaml';

/** Names of files the pipeline's templates may read, so the reader can load them first. */
export function varsFilesOf(doc: YamlDoc, path: string): string[] {
  const dir = dirOf(path);
  const files = new Set<string>([workspacePath(dir, DEFAULT_PARAMS)]);
  const collect = (varsNode: unknown, base: string) => {
    for (const item of seqItems(doc, varsNode)) {
      if (isScalar(item)) files.add(workspacePath(base, splitVarsRef(scalarText(doc, item)).file));
    }
  };
  collect(mapGet(doc, doc.root, 'vars'), dir);
  for (const st of mapEntries(doc, mapGet(doc, doc.root, 'stages'))) {
    const wdir = mapGet(doc, st.value, 'wdir');
    const base = isScalar(wdir) ? workspacePath(dir, scalarText(doc, wdir)) : dir;
    collect(mapGet(doc, st.value, 'vars'), base);
    collect(mapGet(doc, mapGet(doc, st.value, 'do'), 'vars'), base);
  }
  return [...files];
}

/** `file.yaml:a,b` → the file and the keys it imports (all keys when none are named). */
function splitVarsRef(ref: string): { file: string; keys: string[] } {
  const m = /^(.*?\.(?:ya?ml|json|toml|py))(?::(.*))?$/.exec(ref);
  if (!m) return { file: ref, keys: [] };
  return {
    file: m[1],
    keys: m[2]
      ? m[2]
          .split(',')
          .map((k) => k.trim())
          .filter(Boolean)
      : [],
  };
}

function loadVars(doc: YamlDoc, varsNode: unknown, base: string, load: DataLoader, ctx: TemplateContext): void {
  for (const item of seqItems(doc, varsNode)) {
    if (isScalar(item)) {
      const ref = splitVarsRef(scalarText(doc, item));
      const data = load(workspacePath(base, ref.file));
      if (!data || typeof data !== 'object') continue;
      if (!ref.keys.length) mergeContext(ctx, data);
      else
        for (const k of ref.keys) {
          const r = select(data as TemplateContext, k);
          if (r.found) mergeContext(ctx, { [k]: r.value });
        }
    } else if (isMap(item)) {
      mergeContext(ctx, toPlain(doc, item));
    }
  }
}

interface StageReadContext {
  doc: YamlDoc;
  file: SourceFile;
  dir: string;
  ctx: TemplateContext;
  unresolved: Set<string>;
}

/** Interpolates one scalar, returning its resolved text and the map back to file offsets. */
function resolveScalar(rc: StageReadContext, node: Node, inCmd: boolean): { value: unknown; text: string; loc: Loc; offsetAt(i: number): number; unresolved: string[] } | undefined {
  if (!isScalar(node)) return undefined;
  const located = locatedScalar(rc.doc, node);
  if (!located) return undefined;
  const { text: raw, loc, offsetAt: toFile } = located;
  if (typeof node.value !== 'string' || !hasTemplate(raw)) return { value: node.value ?? raw, text: raw, loc, offsetAt: toFile, unresolved: [] };
  const r = interpolate(raw, rc.ctx, { inCmd });
  for (const m of r.missing) rc.unresolved.add(m);
  return { value: r.value, text: r.text, loc, offsetAt: (i) => toFile(templateIndex(r.substitutions, i)), unresolved: r.missing };
}

function readPaths(rc: StageReadContext, node: unknown, section: PathSection, wdir: string, into: StagePath[]): void {
  const add = (s: Str, cache: boolean, unresolved: boolean) => {
    into.push({ path: s, target: workspacePath(wdir, s.value), section, cache, unresolved });
  };
  for (const item of seqItems(rc.doc, node)) {
    if (isScalar(item)) {
      const r = resolveScalar(rc, item, false);
      if (!r) continue;
      // A whole-string template may expand to a list of paths.
      const values = Array.isArray(r.value) ? r.value.map(String) : [r.text];
      for (const v of values) add({ value: v, loc: r.loc }, true, r.unresolved.length > 0);
    } else if (isMap(item)) {
      for (const e of mapEntries(rc.doc, item)) {
        const keyRes = resolveScalar(rc, e.keyNode, false);
        const cacheNode = mapGet(rc.doc, e.value, 'cache');
        const cache = !(isScalar(cacheNode) && cacheNode.value === false);
        if (keyRes) add({ value: keyRes.text, loc: keyRes.loc }, cache, keyRes.unresolved.length > 0);
      }
    }
  }
}

function readParams(rc: StageReadContext, node: unknown, wdir: string): StageParams[] {
  const out: StageParams[] = [];
  const byFile = new Map<string, StageParams>();
  const entry = (file: string, loc: Loc) => {
    let p = byFile.get(file);
    if (!p) {
      p = { file: workspacePath(wdir, file), keys: [], loc };
      byFile.set(file, p);
      out.push(p);
    }
    return p;
  };
  for (const item of seqItems(rc.doc, node)) {
    if (isScalar(item)) {
      const r = resolveScalar(rc, item, false);
      if (r) entry(DEFAULT_PARAMS, r.loc).keys.push(r.text);
    } else if (isMap(item)) {
      for (const e of mapEntries(rc.doc, item)) {
        const p = entry(e.key.value, e.key.loc);
        for (const k of seqItems(rc.doc, e.value)) if (isScalar(k)) p.keys.push(scalarText(rc.doc, k));
      }
    }
  }
  return out;
}

function readStage(rc: StageReadContext, name: string, nameLoc: Loc, body: Node, loc: Loc, pipelinePath: string, generatedBy?: 'foreach' | 'matrix'): PipelineStage {
  const { doc } = rc;
  const wdirNode = mapGet(doc, body, 'wdir');
  const wdirRes = wdirNode ? resolveScalar(rc, wdirNode, false) : undefined;
  const wdir = workspacePath(rc.dir, wdirRes?.text ?? '.');
  const commands: StageCommand[] = [];
  const cmdNode = mapGet(doc, body, 'cmd');
  const cmdNodes = cmdNode && isSeq(cmdNode) ? seqItems(doc, cmdNode) : cmdNode ? [cmdNode] : [];
  for (const c of cmdNodes) {
    const r = resolveScalar(rc, c, true);
    if (r) commands.push({ text: r.text, offsetAt: r.offsetAt, loc: r.loc, unresolved: r.unresolved });
  }
  const deps: StagePath[] = [];
  const outs: StagePath[] = [];
  readPaths(rc, mapGet(doc, body, 'deps'), 'deps', wdir, deps);
  for (const section of ['outs', 'metrics', 'plots'] as const) readPaths(rc, mapGet(doc, body, section), section, wdir, outs);
  const frozenNode = mapGet(doc, body, 'frozen');
  return {
    id: stageId(pipelinePath, name),
    name,
    nameLoc,
    loc,
    generatedBy,
    commands,
    wdir,
    deps,
    outs,
    params: readParams(rc, mapGet(doc, body, 'params'), wdir),
    frozen: isScalar(frozenNode) && frozenNode.value === true,
    unresolved: [...rc.unresolved],
  };
}

/** Python's str() of a foreach/matrix value as DVC uses it in generated stage names. */
function nameSegment(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return undefined;
}

/** Resolves a `foreach`/`matrix` source: a literal node, or `${name}` naming a list or dict. */
function iterationSource(rc: StageReadContext, node: Node | undefined): unknown {
  if (!node) return undefined;
  if (isScalar(node) && typeof node.value === 'string') {
    const r = interpolate(node.value, rc.ctx);
    if (!r.resolved) for (const m of r.missing) rc.unresolved.add(m);
    return r.resolved ? r.value : undefined;
  }
  return toPlain(rc.doc, node);
}

/** Stages one `foreach` or `matrix` may generate; the rest are not read (a note says so). */
export const MAX_GENERATED_STAGES = 1000;

function capNote(file: SourceFile, loc: Loc, stage: string, how: 'foreach' | 'matrix', n: number): Problem {
  return { file: file.path, level: 'warning', message: `stage "${stage}": its ${how} generates ${n} stages; only the first ${MAX_GENERATED_STAGES} are checked`, loc, range: file.rangeOf(loc) };
}

/** The first {@link MAX_GENERATED_STAGES} combinations of a matrix's dimensions, and how many there are in all. */
function matrixCombos(dims: [string, unknown[]][]): { combos: { item: Record<string, unknown>; segs: string[] }[]; total: number } {
  let combos: { item: Record<string, unknown>; segs: string[] }[] = [{ item: {}, segs: [] }];
  let total = 1;
  for (const [k, values] of dims) {
    total *= values.length;
    const next: typeof combos = [];
    for (const c of combos) {
      for (let i = 0; i < values.length && next.length < MAX_GENERATED_STAGES; i++) next.push({ item: { ...c.item, [k]: values[i] }, segs: [...c.segs, nameSegment(values[i]) ?? `${k}${i}`] });
    }
    combos = next;
  }
  return { combos, total };
}

/** Reads a parsed dvc.yaml into its stages. */
export function readPipeline(doc: YamlDoc, file: SourceFile, load: DataLoader): { pipeline: Pipeline; notes: Problem[] } {
  const notes: Problem[] = [];
  const dir = dirOf(file.path);
  const base: TemplateContext = {};
  const varsFiles = varsFilesOf(doc, file.path);
  const defaults = load(workspacePath(dir, DEFAULT_PARAMS));
  if (defaults && typeof defaults === 'object') mergeContext(base, defaults);
  loadVars(doc, mapGet(doc, doc.root, 'vars'), dir, load, base);
  const stages: PipelineStage[] = [];
  const stagesNode = mapGet(doc, doc.root, 'stages');
  if (!stagesNode && !mapGet(doc, doc.root, 'metrics') && !mapGet(doc, doc.root, 'plots') && !mapGet(doc, doc.root, 'artifacts')) {
    notes.push({ file: file.path, level: 'info', message: 'dvc.yaml has no `stages`' });
  }
  for (const st of mapEntries(doc, stagesNode)) {
    checkBudget();
    const body = st.value;
    if (!body || !isMap(body)) continue;
    const loc = nodeLoc(doc, st.pair.value as Node, st.key.loc);
    const stageCtx = (extra: TemplateContext, stageBody: Node): StageReadContext => {
      const ctx = mergeContext(structuredClone(base), {});
      const wdir = mapGet(doc, stageBody, 'wdir');
      loadVars(doc, mapGet(doc, stageBody, 'vars'), isScalar(wdir) ? workspacePath(dir, scalarText(doc, wdir)) : dir, load, ctx);
      mergeContext(ctx, extra);
      return { doc, file, dir, ctx, unresolved: new Set() };
    };
    const foreach = mapGet(doc, body, 'foreach');
    const matrix = mapGet(doc, body, 'matrix');
    if (foreach) {
      const doBody = mapGet(doc, body, 'do');
      if (!doBody || !isMap(doBody)) continue;
      const probe = stageCtx({}, doBody);
      const src = iterationSource(probe, foreach);
      if (Array.isArray(src)) {
        if (src.length > MAX_GENERATED_STAGES) notes.push(capNote(file, st.key.loc, st.key.value, 'foreach', src.length));
        src.slice(0, MAX_GENERATED_STAGES).forEach((item, i) => {
          const seg = nameSegment(item) ?? String(i);
          stages.push(readStage(stageCtx({ item }, doBody), `${st.key.value}@${seg}`, st.key.loc, doBody, loc, file.path, 'foreach'));
        });
      } else if (src && typeof src === 'object') {
        const entries = Object.entries(src as Record<string, unknown>);
        if (entries.length > MAX_GENERATED_STAGES) notes.push(capNote(file, st.key.loc, st.key.value, 'foreach', entries.length));
        for (const [key, item] of entries.slice(0, MAX_GENERATED_STAGES)) {
          stages.push(readStage(stageCtx({ item, key }, doBody), `${st.key.value}@${key}`, st.key.loc, doBody, loc, file.path, 'foreach'));
        }
      } else {
        // The iteration source is not statically known: keep one stage as written.
        const rc = stageCtx({}, doBody);
        for (const m of probe.unresolved) rc.unresolved.add(m);
        stages.push(readStage(rc, st.key.value, st.key.loc, doBody, loc, file.path, 'foreach'));
      }
    } else if (matrix) {
      const probe = stageCtx({}, body);
      const dims: [string, unknown[]][] = [];
      let known = true;
      for (const e of mapEntries(doc, matrix)) {
        const v = iterationSource(probe, e.value);
        if (Array.isArray(v)) dims.push([e.key.value, v]);
        else known = false;
      }
      if (!known || !dims.length) {
        const rc = stageCtx({}, body);
        for (const m of probe.unresolved) rc.unresolved.add(m);
        stages.push(readStage(rc, st.key.value, st.key.loc, body, loc, file.path, 'matrix'));
        continue;
      }
      const { combos, total } = matrixCombos(dims);
      if (total > MAX_GENERATED_STAGES) notes.push(capNote(file, st.key.loc, st.key.value, 'matrix', total));
      for (const c of combos) stages.push(readStage(stageCtx({ item: c.item }, body), `${st.key.value}@${c.segs.join('-')}`, st.key.loc, body, loc, file.path, 'matrix'));
    } else {
      stages.push(readStage(stageCtx({}, body), st.key.value, st.key.loc, body, loc, file.path));
    }
  }
  return { pipeline: { kind: 'pipeline', path: file.path, stages, varsFiles }, notes };
}

export { isUrl };
