// Contributor: downloads and scripts piped to an interpreter, from the store, hub, git host or
// web source at the URL to the workload that fetches them, with the payload as an asset.

import type { DownloadFact, Facts } from '../../facts/model';
import { parseUri } from '../classify';
import type { InferenceContext } from '../context';
import type { FlowKind } from '../model';
import { payloadAsset, sourceOf } from '../parts';
import type { Contributor } from './contributor';

function addDownload(ctx: InferenceContext, d: DownloadFact): void {
  const target = ctx.workloadElement(d.workloadId, d.loc);
  if (!target) return;
  const src = sourceOf(ctx, d.url, d.payload, d.tool === 'git');
  const scheme = parseUri(d.url.value).scheme;
  const asset = payloadAsset(ctx, d.url.value, d.payload, d.url.loc);
  const kind: FlowKind = src.store ? (d.payload === 'model' ? 'model-load' : 'data-read') : 'download';
  ctx.b.flow({
    kind,
    source: src.id,
    target,
    ...(scheme ? { protocol: scheme } : {}),
    ...(scheme === 'http' || scheme === 'https' ? { encrypted: scheme === 'https' } : {}),
    publicNetwork: !src.store && !!ctx.b.elements.get(src.id)?.boundary,
    assets: [asset],
    integrity: { checksum: d.verified },
    evidence: [d.loc, d.url.loc],
  });
}

function addRemoteExec(ctx: InferenceContext, r: Facts['remoteExecs'][number]): void {
  const target = ctx.workloadElement(r.workloadId, r.loc);
  if (!target) return;
  const src = r.url
    ? sourceOf(ctx, r.url, 'script')
    : { id: ctx.b.element('web|unknown-script', { kind: 'external-entity', role: 'web-source', name: 'Remote script source', evidence: [r.loc] }), store: false };
  const scheme = r.url ? parseUri(r.url.value).scheme : undefined;
  const asset = payloadAsset(ctx, r.url?.value ?? `${r.fetcher} | ${r.interpreter}`, 'script', r.loc);
  ctx.b.flow({
    kind: 'download',
    source: src.id,
    target,
    name: `script piped to ${r.interpreter}`,
    ...(scheme ? { protocol: scheme, encrypted: scheme === 'https' } : {}),
    executes: true,
    assets: [asset],
    integrity: { checksum: false },
    evidence: [r.loc],
  });
}

export const downloads: Contributor = {
  id: 'downloads',
  description: 'Downloads and remotely fetched scripts, from their source to the workload that fetches them.',
  contribute(ctx) {
    for (const d of ctx.facts.downloads) addDownload(ctx, d);
    for (const r of ctx.facts.remoteExecs) addRemoteExec(ctx, r);
  },
};
