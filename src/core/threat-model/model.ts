// The threat model as plain data: trust boundaries, DFD elements, data flows, assets and threats,
// from which the webview, the Markdown report and the Threat Dragon export are all rendered.

import type { Loc, Problem, Range, Severity, Stride } from '../model';

/** Where a model part comes from: read from the pipeline files, or added in `.mlsec.yaml`. */
export type Origin = 'inferred' | 'review';

export type BoundaryKind =
  'internet' | 'third-party-service' | 'organisation-registry' | 'ci-build' | 'cloud-account' | 'object-storage' | 'cluster' | 'namespace' | 'node-host' | 'developer-workstation';

export const BOUNDARY_KINDS: readonly BoundaryKind[] = [
  'internet',
  'third-party-service',
  'organisation-registry',
  'ci-build',
  'cloud-account',
  'object-storage',
  'cluster',
  'namespace',
  'node-host',
  'developer-workstation',
];

export interface Boundary {
  id: string;
  name: string;
  kind: BoundaryKind;
  /** The enclosing boundary, if any. */
  parent?: string;
  /** Where the boundary shows in the files (the namespace field, the bucket URL, the FROM line…). */
  evidence: Loc[];
  origin: Origin;
  /** Why the boundary was placed where it is, when that was an assumption. */
  note?: string;
}

export type ElementKind = 'process' | 'store' | 'external-entity';
export const ELEMENT_KINDS: readonly ElementKind[] = ['process', 'store', 'external-entity'];

export type ProcessRole = 'pipeline-step' | 'image-build' | 'training-job' | 'inference-service' | 'tracking-server' | 'notebook' | 'dvc-stage' | 'ml-service' | 'container' | 'environment-setup';

export type StoreRole =
  | 'object-store'
  | 'model-registry'
  | 'artifact-store'
  | 'dvc-cache'
  | 'secret-store'
  | 'tracking-backend'
  | 'database'
  | 'volume'
  | 'host-path'
  | 'workspace-files'
  | 'feature-store'
  | 'stream'
  | 'log-store';

export type ExternalRole = 'package-index' | 'container-registry' | 'model-hub' | 'dataset-source' | 'web-source' | 'git-repository' | 'client' | 'developer' | 'third-party-service';

export type ElementRole = ProcessRole | StoreRole | ExternalRole | 'other';

export const PROCESS_ROLES: readonly ProcessRole[] = [
  'pipeline-step',
  'image-build',
  'training-job',
  'inference-service',
  'tracking-server',
  'notebook',
  'dvc-stage',
  'ml-service',
  'container',
  'environment-setup',
];
export const STORE_ROLES: readonly StoreRole[] = [
  'object-store',
  'model-registry',
  'artifact-store',
  'dvc-cache',
  'secret-store',
  'tracking-backend',
  'database',
  'volume',
  'host-path',
  'workspace-files',
  'feature-store',
  'stream',
  'log-store',
];
export const EXTERNAL_ROLES: readonly ExternalRole[] = [
  'package-index',
  'container-registry',
  'model-hub',
  'dataset-source',
  'web-source',
  'git-repository',
  'client',
  'developer',
  'third-party-service',
];

/**
 * What is known about an element. `undefined` means the files do not say; templates treat that
 * as "needs review", never as safe.
 */
export interface ElementProperties {
  authenticated?: boolean;
  publicNetwork?: boolean;
  encrypted?: boolean;
  signed?: boolean;
  storesCredentials?: boolean;
  privileged?: boolean;
  runsAsRoot?: boolean;
  /** Holds or processes personal data (set by the reviewer); enables LINDDUN threats. */
  personalData?: boolean;
  /** Shares a host namespace or mounts a host path. */
  hostAccess?: boolean;
}

/** A security control seen in the files, which mitigates the threats that name its kind. */
export type ControlKind =
  | 'digest-pinned'
  | 'version-pinned'
  | 'hashes-required'
  | 'checksum-verified'
  | 'hashes-recorded'
  | 'signature-verified'
  | 'tls'
  | 'authenticated'
  | 'private-network'
  | 'non-root'
  | 'no-privilege-escalation'
  | 'read-only-root-fs'
  | 'resource-limits'
  | 'secret-reference'
  | 'safe-serialization'
  | 'input-schema'
  | 'organisation-source'
  | 'tracked-run'
  | 'encrypted-at-rest';

export interface Control {
  kind: ControlKind;
  /** What was seen, as a reviewer would say it ("pinned by digest sha256:…"). */
  text: string;
  loc?: Loc;
  origin: Origin;
}

export interface Element {
  id: string;
  kind: ElementKind;
  role: ElementRole;
  name: string;
  description?: string;
  boundary?: string;
  properties: ElementProperties;
  controls: Control[];
  /** Asset ids this element holds. */
  assets: string[];
  /** Set when the element is drawn for context only; the reason says why. */
  outOfScope?: string;
  /** Every place in the files this element was inferred from. */
  evidence: Loc[];
  origin: Origin;
  /** Facts workload ids this element stands for. */
  workloads: string[];
  /** The image-build element that builds the image this process runs (cross-file join). */
  builtBy?: string;
  /** An image-build stage only later stages of the same build use (its image is never run). */
  intermediate?: boolean;
}

export type FlowKind =
  | 'image-pull'
  | 'image-push'
  | 'package-install'
  | 'download'
  | 'data-read'
  | 'data-write'
  | 'artifact-handover'
  | 'model-publish'
  | 'model-load'
  | 'inference-request'
  | 'inference-response'
  | 'secret-mount'
  | 'tracking'
  | 'host-access'
  | 'logging';

export const FLOW_KINDS: readonly FlowKind[] = [
  'image-pull',
  'image-push',
  'package-install',
  'download',
  'data-read',
  'data-write',
  'artifact-handover',
  'model-publish',
  'model-load',
  'inference-request',
  'inference-response',
  'secret-mount',
  'tracking',
  'host-access',
  'logging',
];

export interface FlowIntegrity {
  /** Versions or tags are fixed (packages `==`, image tags other than latest). */
  pinned?: boolean;
  /** Content addressed by a digest (image `@sha256:`). */
  digest?: boolean;
  /** A checksum is recorded or verified for what moves. */
  checksum?: boolean;
  signatureVerified?: boolean;
}

/** How a cross-file join linked two parts of the pipeline, for reviewers to check. */
export interface Join {
  kind: 'image-build' | 'lineage' | 'model-uri' | 'task-dependency' | 'service-name';
  reason: string;
  evidence: Loc[];
}

export interface Flow {
  id: string;
  source: string;
  target: string;
  kind: FlowKind;
  /** A short label for the arrow. */
  name: string;
  protocol?: string;
  /** Asset ids carried. */
  assets: string[];
  encrypted?: boolean;
  /** False when certificate verification is switched off for this flow. */
  tlsVerified?: boolean;
  publicNetwork?: boolean;
  /** Downloaded content is executed (`curl | sh`). */
  executes?: boolean;
  bidirectional?: boolean;
  integrity: FlowIntegrity;
  controls: Control[];
  /** Boundary ids that contain exactly one end of the flow (derived). */
  crosses: string[];
  evidence: Loc[];
  origin: Origin;
  join?: Join;
}

export type AssetKind = 'dataset' | 'model' | 'code' | 'container-image' | 'package' | 'credential' | 'inference-payload';
export const ASSET_KINDS: readonly AssetKind[] = ['dataset', 'model', 'code', 'container-image', 'package', 'credential', 'inference-payload'];

export type Classification = 'personal' | 'confidential' | 'internal' | 'public';

export interface Asset {
  id: string;
  kind: AssetKind;
  name: string;
  uri?: string;
  hashes: Record<string, string>;
  /** Serialization or file format (pickle, safetensors, oci image…). */
  format?: string;
  classification?: Classification;
  evidence: Loc[];
}

export type Linddun = 'linkability' | 'identifiability' | 'non-repudiation' | 'detectability' | 'disclosure-of-information' | 'unawareness' | 'non-compliance';

export type ThreatStatus = 'open' | 'mitigated' | 'needs-review' | 'accepted' | 'not-applicable' | 'transferred';
export const THREAT_STATUSES: readonly ThreatStatus[] = ['open', 'needs-review', 'mitigated', 'accepted', 'transferred', 'not-applicable'];

export type DecisionStatus = 'accepted' | 'mitigated' | 'not-applicable' | 'transferred';
export const DECISION_STATUSES: readonly DecisionStatus[] = ['accepted', 'mitigated', 'not-applicable', 'transferred'];

/** A reviewer's decision on a threat, recorded in `.mlsec.yaml`. */
export interface ThreatDecision {
  status: DecisionStatus;
  reason: string;
  by?: string;
  date?: string;
}

/** A finding that makes a threat concrete, in the shape the views need. */
export interface ThreatFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  loc: Loc;
  range: Range;
  /** Set when the finding is suppressed in the file; the reason is the suppression's. */
  suppressed?: string;
}

/** A finding of the analysis with the elements and flows it is about. */
export interface ModelFinding extends ThreatFinding {
  targets: string[];
}

export type Framework = 'STRIDE' | 'LINDDUN' | 'ATLAS' | 'OWASP';

export interface Threat {
  /** Stable: a hash of the template id and the target id. */
  id: string;
  template: string;
  /** The element or flow ids the threat is about (the first is the main one). */
  targets: string[];
  targetType: 'element' | 'flow';
  title: string;
  description: string;
  impact: string;
  mitigation: string;
  stride: Stride[];
  linddun: Linddun[];
  atlas: string[];
  owasp: string[];
  cwe: string[];
  severity: Severity;
  status: ThreatStatus;
  /** The status the evidence gives, before any reviewer decision. */
  computedStatus: 'open' | 'mitigated' | 'needs-review';
  findings: ThreatFinding[];
  /** Controls that mitigate it (when computedStatus is mitigated). */
  mitigations: Control[];
  decision?: ThreatDecision;
  references: string[];
}

export interface ThreatModelSummary {
  elements: number;
  flows: number;
  boundaries: number;
  threats: Record<ThreatStatus, number>;
  openBySeverity: Record<Severity, number>;
}

export interface ThreatModel {
  format: 'mlsec-threat-model';
  version: 1;
  title: string;
  boundaries: Boundary[];
  elements: Element[];
  flows: Flow[];
  assets: Asset[];
  threats: Threat[];
  /** Every finding, with the elements and flows it lands on. */
  findings: ModelFinding[];
  summary: ThreatModelSummary;
  notes: Problem[];
}
