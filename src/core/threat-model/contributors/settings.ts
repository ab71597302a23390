// Contributor: environment settings: a tracking URI as a tracking flow, a secret reference as a
// secret mount from the secret store, and a literal credential as a credential the workload holds.

import type { SettingFact } from '../../facts/model';
import { CLUSTER_FORMATS, type InferenceContext } from '../context';
import { isCredentialName } from '../../facts/classify';
import { addTracking } from '../parts';
import type { Contributor } from './contributor';

function addSecretReference(ctx: InferenceContext, s: SettingFact, target: string): void {
  const b = ctx.b;
  const name = s.name.value;
  const w = ctx.workloadFact(target);
  const ns = w?.pod?.namespace;
  const inCluster = w && CLUSTER_FORMATS.has(w.format);
  const store = b.element(`secrets|${inCluster ? `k8s|${ns ?? ''}` : (w?.format ?? 'other')}`, {
    kind: 'store',
    role: 'secret-store',
    name: inCluster ? `Kubernetes Secrets${ns ? ` (${ns})` : ''}` : 'Secret store',
    boundary: inCluster ? ctx.zones.namespaceOrCluster(ns) : b.elements.get(target)?.boundary,
    properties: { storesCredentials: true },
    evidence: [s.name.loc],
  });
  const asset = b.asset('credential', `secret|${name}`, name, { evidence: [s.name.loc] });
  b.hold(store, asset);
  b.flow({ kind: 'secret-mount', source: store, target, assets: [asset], evidence: [s.name.loc] });
  b.control(b.elements.get(target)!, { kind: 'secret-reference', text: `${name} comes from a secret reference`, loc: s.name.loc });
}

function addSetting(ctx: InferenceContext, s: SettingFact): void {
  const target = ctx.workloadElement(s.workloadId, s.name.loc);
  const name = s.name.value;
  if (/^MLFLOW_TRACKING_URI$/i.test(name) && s.value && !s.referenced) {
    addTracking(ctx, s.value, s.workloadId);
    return;
  }
  if (!target) return;
  if (s.referenced) {
    addSecretReference(ctx, s, target);
    return;
  }
  if (s.value && s.value.value && isCredentialName(name)) {
    ctx.b.elements.get(target)!.properties.storesCredentials = true;
    const asset = ctx.b.asset('credential', `literal|${s.name.loc.file}|${name}`, name, { evidence: [s.name.loc] });
    ctx.b.hold(target, asset);
  }
}

export const settings: Contributor = {
  id: 'settings',
  description: 'Tracking URIs, secret references and literal credentials in workload settings.',
  contribute(ctx) {
    for (const s of ctx.facts.settings) addSetting(ctx, s);
  },
};
