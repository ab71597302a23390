// Contributor: package installs, from each package index the install names (or the manager's
// default) to the workloads that install, with the packages as an asset and the pinning,
// hash-checking and TLS settings of the install.

import type { PackageInstallFact, Str } from '../../facts/model';
import { hostName, packageIndex, parseUri } from '../classify';
import type { InferenceContext } from '../context';
import { baseOf, dirOf } from '../locs';
import type { Contributor } from './contributor';

function installTargets(ctx: InferenceContext, p: PackageInstallFact): string[] {
  const direct = ctx.workloadElement(p.workloadId, p.loc);
  if (direct) return [direct];
  // An environment file beside MLproject entries or DVC stages is what those entries install.
  const siblings = ctx.index.projectWorkloadsByDir.get(dirOf(p.loc.file)) ?? [];
  if (siblings.length) return siblings.map((w) => ctx.b.byWorkload.get(w.id)!).filter(Boolean);
  return [
    ctx.b.element(`env-setup|${p.loc.file}`, {
      kind: 'process',
      role: 'environment-setup',
      name: `Install ${baseOf(p.loc.file)}`,
      description: `Installs the packages listed in ${p.loc.file}`,
      boundary: ctx.zones.workstation(),
      evidence: [p.loc, ...p.packages.filter((x) => x.loc.file === p.loc.file).map((x) => x.loc)],
    }),
  ];
}

/** Whether every named package is pinned: true, false, or unknown when nothing is named. */
function pinnedOf(p: PackageInstallFact): boolean | undefined {
  const named = p.packages.filter((r) => r.kind === 'name');
  const loose = p.packages.some((r) => r.kind === 'url' || r.kind === 'vcs' || r.kind === 'local');
  return named.length && !loose ? named.every((r) => !!r.pinnedVersion) : named.some((r) => !r.pinnedVersion) || loose ? false : undefined;
}

/** The package index element an install reads from. */
function indexElement(ctx: InferenceContext, p: PackageInstallFact, url: Str | undefined): { id: string; url?: string } {
  const info = packageIndex(p.manager, url?.value);
  const boundary = info.public ? ctx.zones.internet() : ctx.zones.orgRegistry(info.key, info.provider, url ? [url.loc] : undefined);
  const id = ctx.b.element(`index|${info.key}`, {
    kind: 'external-entity',
    role: 'package-index',
    name: info.name,
    boundary,
    properties: { publicNetwork: info.public },
    evidence: url ? [url.loc] : [p.loc],
  });
  return { id, ...(info.url ? { url: info.url } : {}) };
}

function addPackageInstall(ctx: InferenceContext, p: PackageInstallFact): void {
  const targets = installTargets(ctx, p);
  const pinned = pinnedOf(p);
  const names = p.packages
    .map((r) => r.name || r.spec)
    .filter(Boolean)
    .sort();
  const label = names.length > 4 ? `${names.slice(0, 4).join(', ')} +${names.length - 4}` : names.join(', ') || p.manager;
  const indexes: { url?: Str; extra: boolean }[] = p.indexUrls.length ? p.indexUrls.map((u) => ({ url: u, extra: false })) : [{ extra: false }];
  for (const u of p.extraIndexUrls) indexes.push({ url: u, extra: true });
  const trusted = new Set(p.trustedHosts.map((t) => hostName(t.value.toLowerCase())));
  const systemManager = p.manager === 'apt' || p.manager === 'apk' || p.manager === 'yum';
  for (const target of targets) {
    const asset = ctx.b.asset('package', `${p.manager}|${target}|${names.join(',')}`, `${p.manager}: ${label}`, { evidence: [p.loc] });
    ctx.b.hold(target, asset);
    for (const ix of indexes) {
      const source = indexElement(ctx, p, ix.url);
      const scheme = source.url ? parseUri(source.url).scheme : undefined;
      const host = source.url ? parseUri(source.url).host : undefined;
      ctx.b.flow({
        kind: 'package-install',
        source: source.id,
        target,
        name: ix.extra ? 'package install (extra index)' : p.atRuntime ? 'package install at step start' : 'package install',
        ...(scheme ? { protocol: scheme } : {}),
        ...(scheme ? { encrypted: scheme === 'https' } : {}),
        ...(host && trusted.has(hostName(host)) ? { tlsVerified: false } : {}),
        assets: [asset],
        integrity: { ...(pinned !== undefined ? { pinned } : {}), checksum: p.requireHashes, ...(systemManager ? { signatureVerified: true } : {}) },
        evidence: [p.loc, ...(ix.url ? [ix.url.loc] : []), ...p.trustedHosts.map((t) => t.loc)],
      });
    }
  }
}

export const installs: Contributor = {
  id: 'installs',
  description: 'Package installs from each package index to the workloads that install, with pinning, hash checking and TLS.',
  contribute(ctx) {
    for (const p of ctx.facts.packageInstalls) addPackageInstall(ctx, p);
  },
};
