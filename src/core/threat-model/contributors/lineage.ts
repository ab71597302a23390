// Contributor: lineage: artifact handovers from the stage that writes a path to the stages that
// read it, reads from sources and stores for inputs nobody writes, writes to the DVC remote or a
// bucket for outputs nobody reads, and task dependencies as handovers of task outputs.

import type { LineageFact } from '../../facts/model';
import { assetKindOfPath, isStorageScheme, normalisePath, parseUri, serializationOfPath, storageLocation } from '../classify';
import type { InferenceContext } from '../context';
import { stableId } from '../ids';
import { sourceOf, storeElement, transportOf, workspaceFiles } from '../parts';
import type { Contributor } from './contributor';

function lineageAsset(ctx: InferenceContext, l: LineageFact): string {
  const path = normalisePath(l.path);
  const kind = assetKindOfPath(path);
  const u = parseUri(path);
  const format = kind === 'model' ? (ctx.index.modelByPath.get(path)?.serialization ?? serializationOfPath(path)) : undefined;
  return ctx.b.asset(kind, u.scheme ? `uri|${l.path}` : `path|${path}`, u.scheme ? l.path : path, {
    ...(u.scheme ? { uri: l.path } : { uri: path }),
    hashes: l.hashes,
    ...(format ? { format } : {}),
    evidence: [l.loc],
  });
}

const hashed = (l: LineageFact) => Object.keys(l.hashes).length > 0;

function handOver(ctx: InferenceContext, inp: LineageFact, o: LineageFact, consumer: string, asset: string): void {
  const producer = ctx.b.byWorkload.get(o.workloadId);
  if (!producer) return;
  const pw = ctx.index.workload(o.workloadId);
  const cw = ctx.index.workload(inp.workloadId);
  ctx.b.flow({
    kind: 'artifact-handover',
    source: producer,
    target: consumer,
    assets: [asset, lineageAsset(ctx, o)].filter((a, i, all) => all.indexOf(a) === i),
    integrity: { checksum: hashed(inp) && hashed(o) },
    evidence: [o.loc, inp.loc],
    join: { kind: 'lineage', reason: `${pw?.name ?? 'a step'} writes ${normalisePath(o.path)} and ${cw?.name ?? 'a step'} reads ${normalisePath(inp.path)}`, evidence: [o.loc, inp.loc] },
  });
}

/** An input nobody in the pipeline writes: read from its source, or from the store that keeps it. */
function readInput(ctx: InferenceContext, inp: LineageFact, consumer: string, asset: string): void {
  const kind = assetKindOfPath(normalisePath(inp.path));
  const u = parseUri(inp.path);
  if (u.scheme) {
    const src = sourceOf(ctx, { value: inp.path, loc: inp.loc }, kind === 'model' ? 'model' : 'data', u.scheme === 'git' || /\.git$/.test(u.path));
    const flowKind = src.store ? (kind === 'model' ? 'model-load' : 'data-read') : 'download';
    ctx.b.flow({ kind: flowKind, source: src.id, target: consumer, ...transportOf(u.scheme), protocol: u.scheme, assets: [asset], integrity: { checksum: hashed(inp) }, evidence: [inp.loc] });
    if (src.store) ctx.b.hold(src.id, asset);
    return;
  }
  const w = ctx.index.workload(inp.workloadId);
  const store = w?.format === 'dvc' ? (ctx.dvcStore() ?? workspaceFiles(ctx)) : workspaceFiles(ctx);
  ctx.b.hold(store, asset);
  ctx.b.flow({ kind: kind === 'model' ? 'model-load' : 'data-read', source: store, target: consumer, assets: [asset], integrity: { checksum: hashed(inp) }, evidence: [inp.loc] });
}

/** An output nobody in the pipeline reads: written to its bucket or to the DVC store. */
function writeOutput(ctx: InferenceContext, o: LineageFact): void {
  const producer = ctx.b.byWorkload.get(o.workloadId);
  if (!producer) return;
  const kind = assetKindOfPath(normalisePath(o.path));
  const asset = lineageAsset(ctx, o);
  const u = parseUri(o.path);
  let store: string | undefined;
  if (u.scheme && (isStorageScheme(u.scheme) || storageLocation(o.path).provider)) store = storeElement(ctx, storageLocation(o.path), 'object-store', [o.loc]);
  else if (!u.scheme) store = ctx.index.workload(o.workloadId)?.format === 'dvc' ? (ctx.dvcStore() ?? workspaceFiles(ctx)) : undefined;
  if (!store) return;
  ctx.b.hold(store, asset);
  ctx.b.flow({ kind: kind === 'model' ? 'model-publish' : 'data-write', source: producer, target: store, assets: [asset], integrity: { checksum: hashed(o) }, evidence: [o.loc] });
}

function addLineage(ctx: InferenceContext): void {
  const consumed = new Set<LineageFact>();
  for (const inp of ctx.lineage) {
    if (inp.direction !== 'input') continue;
    const consumer = ctx.b.byWorkload.get(inp.workloadId);
    if (!consumer) continue;
    const asset = lineageAsset(ctx, inp);
    if (assetKindOfPath(normalisePath(inp.path)) === 'code') {
      ctx.b.hold(consumer, asset);
      continue;
    }
    const producers = ctx.index.producersOf(inp);
    for (const o of producers) {
      consumed.add(o);
      handOver(ctx, inp, o, consumer, asset);
    }
    if (!producers.length) readInput(ctx, inp, consumer, asset);
  }
  for (const o of ctx.index.outputs) if (!consumed.has(o)) writeOutput(ctx, o);
}

function addTaskDependencies(ctx: InferenceContext): void {
  for (const w of ctx.facts.workloads) {
    const target = ctx.b.byWorkload.get(w.id);
    if (!target) continue;
    for (const dep of w.dependsOn) {
      const source = ctx.b.byWorkload.get(dep);
      if (!source || source === target) continue;
      // A lineage handover between the two already says more than the task order.
      if (ctx.b.flows.has(stableId('fl', 'artifact-handover', source, target))) continue;
      const d = ctx.index.workload(dep);
      ctx.b.flow({
        kind: 'artifact-handover',
        source,
        target,
        name: 'task outputs',
        evidence: [w.anchor],
        join: { kind: 'task-dependency', reason: `${w.name} runs after ${d?.name ?? dep} and may read its outputs`, evidence: [w.anchor] },
      });
    }
  }
}

export const lineage: Contributor = {
  id: 'lineage',
  description: 'Artifact handovers between the stages that write and read a path, reads and writes of unmatched inputs and outputs, and task dependencies.',
  contribute(ctx) {
    addLineage(ctx);
    addTaskDependencies(ctx);
  },
};
