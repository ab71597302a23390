// KFP components a Python file loads from YAML rather than defines: `load_component_from_text`
// (the text is read by the KFP YAML reader and every location mapped back into the Python string),
// `load_component_from_file` (the task is the component file's workload, which that file's own
// scan describes) and `load_component_from_url` (a component fetched when the pipeline compiles).

import type { SyntaxNode } from '@lezer/common';
import { mergeFacts, type Facts, type WorkloadFact } from '../../facts/model';
import type { Problem } from '../../model';
import { dirOf } from '../../paths';
import { SourceFile } from '../../source';
import { readManifests } from '../k8s/reader';
import { CallView } from './calls';
import type { DslComponent } from './kfp-components';
import { normaliseKfp } from './kfp-values';
import { editableRange, mapEnd, mapStart, mappedString, type MappedString } from './mapped-string';
import type { PyModule } from './module';
import { strOf } from './values';

const LOADER = /^kfp\.components\.load_component_from_(text|file|url)$/;
/** Fact fields that hold fixes: dropped when an edit of theirs cannot be written into the Python string. */
const FIX_KEYS = new Set(['remedy', 'remedies', 'removal']);

/** The name a loader call is assigned to (`op = components.load_component_from_text(...)`). */
function boundName(m: PyModule, call: SyntaxNode): string | undefined {
  const assign = call.parent;
  if (assign?.name !== 'AssignStatement' || assign.lastChild?.from !== call.from) return undefined;
  const target = assign.firstChild;
  return target?.name === 'VariableName' && target.nextSibling?.name === 'AssignOp' ? m.slice(target) : undefined;
}

/** What the loaders of a module give: components tasks can be made of, facts and notes. */
export interface LoadedComponents {
  components: DslComponent[];
  facts: Facts;
  notes: Problem[];
}

/** Reads every KFP component loader call of a module. */
export function readLoadedComponents(m: PyModule, facts: Facts): LoadedComponents {
  const out: LoadedComponents = { components: [], facts, notes: [] };
  for (const call of m.calls) {
    if (!call.imported) continue;
    const kind = LOADER.exec(normaliseKfp(call.callee))?.[1];
    if (!kind) continue;
    const name = boundName(m, call.node);
    const view = new CallView(m, call);
    const w = kind === 'text' ? readText(m, view, out) : kind === 'file' ? fileWorkload(m, view, name) : urlWorkload(m, view, name, facts);
    if (w && name) out.components.push({ name, kind: kind === 'text' ? 'component' : 'external', workload: w });
  }
  return out;
}

/** Parses the component text; its workload when it defines exactly one step. */
function readText(m: PyModule, view: CallView, out: LoadedComponents): WorkloadFact | undefined {
  const text = mappedString(m, view.arg('text', 0)?.value);
  if (!text) return undefined;
  const docs = readManifests(new SourceFile(m.file.path, text.value)).filter((d) => d.format === 'kfp');
  const before = new Set(out.facts.workloads);
  for (const d of docs) {
    const seen = new Set<object>();
    relocate(d.facts, text, m.file.path, seen);
    relocate(d.notes, text, m.file.path, seen);
    mergeFacts(out.facts, d.facts);
    out.notes.push(...d.notes);
  }
  const steps = out.facts.workloads.filter((w) => !before.has(w) && w.kind === 'pipeline-step');
  if (steps.length !== 1) return undefined;
  // The pipeline's tasks set the resources, so the DSL reader decides where limits are checked.
  const own = steps[0].id;
  out.facts.containerSecurity = out.facts.containerSecurity.filter((c) => c.workloadId !== own);
  return steps[0];
}

/** A task of a component file: the file's workload, which the threat model joins it to. */
function fileWorkload(m: PyModule, view: CallView, name: string | undefined): WorkloadFact | undefined {
  const path = strOf(view.value('file_path', 0)) ?? strOf(view.value('filename', 0));
  if (!path || !name || /^[a-z][a-z0-9+.-]*:|^\/|^~/i.test(path.value)) return undefined;
  const clean = (p: string) => {
    const parts: string[] = [];
    for (const seg of p.split('/')) {
      if (seg === '..') parts.pop();
      else if (seg && seg !== '.') parts.push(seg);
    }
    return parts.join('/');
  };
  const dir = dirOf(m.file.path);
  // Python opens the path from the working directory: the file's folder or the workspace root.
  const candidates = [...new Set([clean(dir ? `${dir}/${path.value}` : path.value), clean(path.value)])];
  return { ...externalWorkload(m, view, name), componentFile: candidates };
}

/** A component fetched from a URL when the pipeline is compiled: its URL is a download. */
function urlWorkload(m: PyModule, view: CallView, name: string | undefined, facts: Facts): WorkloadFact | undefined {
  const url = strOf(view.value('url', 0));
  if (!url) return undefined;
  const w = name ? externalWorkload(m, view, name) : undefined;
  facts.urls.push({ url, role: 'download', ...(w ? { workloadId: w.id } : {}) });
  return w;
}

function externalWorkload(m: PyModule, view: CallView, name: string): WorkloadFact {
  const loc = view.loc;
  return { id: `${m.file.path}#kfp/loaded-${name}`, kind: 'pipeline-step', name: name.replace(/_/g, '-'), format: 'kfp', loc, anchor: loc, dependsOn: [] };
}

/**
 * Moves every location and edit of facts read from a string value to where the value is written
 * in the Python file. A fix with an edit that cannot be written into the string as is (it touches
 * an escape or an f-string replacement, or its text needs escaping) is dropped.
 */
function relocate(node: unknown, s: MappedString, file: string, seen: Set<object>, depth = 0): void {
  if (!node || typeof node !== 'object' || seen.has(node) || depth > 32) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const item of node) relocate(item, s, file, seen, depth + 1);
    return;
  }
  const o = node as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number' && (o.file === file || typeof o.newText === 'string')) {
    const start = o.start;
    o.start = mapStart(s, start);
    o.end = o.end === start ? o.start : mapEnd(s, o.end);
  }
  for (const [key, value] of Object.entries(o)) {
    if (FIX_KEYS.has(key) && !relocateEdits(value, s, seen)) delete o[key];
    else if (key === 'securityEdits' && value && typeof value === 'object') {
      for (const [field, edits] of Object.entries(value)) if (!relocateEdits(edits, s, seen)) delete (value as Record<string, unknown>)[field];
    } else relocate(value, s, file, seen, depth + 1);
  }
}

/** Maps the edits of one fix; false when one of them cannot be made in the Python string. */
function relocateEdits(node: unknown, s: MappedString, seen: Set<object>, depth = 0): boolean {
  if (!node || typeof node !== 'object' || depth > 8) return true;
  if (Array.isArray(node)) return node.every((e) => relocateEdits(e, s, seen, depth + 1));
  const o = node as Record<string, unknown>;
  if (typeof o.newText === 'string' && typeof o.start === 'number' && typeof o.end === 'number') {
    if (seen.has(o)) return true;
    seen.add(o);
    if (!editableRange(s, o.start, o.end, o.newText)) return false;
    const start = o.start;
    o.start = mapStart(s, start);
    o.end = o.end === start ? o.start : mapEnd(s, o.end);
    return true;
  }
  return Object.values(o).every((v) => relocateEdits(v, s, seen, depth + 1));
}
