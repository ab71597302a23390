// Human-readable names for threat-model vocabulary (kinds, roles, statuses, taxonomies), shared by
// the Markdown report, the Threat Dragon export and the webview.

import type { Stride } from '../model';
import { STRIDE_NAMES } from '../taxonomy';
import type { BoundaryKind, ElementRole, FlowKind, Linddun, ThreatStatus } from './model';

/** STRIDE letters by name, as the rule documentation spells them. */
export const STRIDE_LABELS: Record<Stride, string> = STRIDE_NAMES;

/** LINDDUN categories as Threat Dragon writes them in English. */
export const LINDDUN_LABELS: Record<Linddun, string> = {
  linkability: 'Linkability',
  identifiability: 'Identifiability',
  'non-repudiation': 'Non-repudiation',
  detectability: 'Detectability',
  'disclosure-of-information': 'Disclosure of information',
  unawareness: 'Unawareness',
  'non-compliance': 'Non-compliance',
};

export const STATUS_LABELS: Record<ThreatStatus, string> = {
  open: 'open',
  'needs-review': 'needs review',
  mitigated: 'mitigated',
  accepted: 'accepted',
  'not-applicable': 'not applicable',
  transferred: 'transferred',
};

export const BOUNDARY_LABELS: Record<BoundaryKind, string> = {
  internet: 'internet',
  'third-party-service': 'third-party service',
  'organisation-registry': 'organisation registry',
  'ci-build': 'CI/build',
  'cloud-account': 'cloud account',
  'object-storage': 'object storage',
  cluster: 'Kubernetes cluster',
  namespace: 'namespace',
  'node-host': 'node/host',
  'developer-workstation': 'developer workstation',
};

export function roleLabel(role: ElementRole): string {
  return role === 'dvc-stage' ? 'DVC stage' : role === 'ml-service' ? 'ML service' : role.replace(/-/g, ' ');
}

export function flowKindLabel(kind: FlowKind): string {
  return kind.replace(/-/g, ' ');
}
