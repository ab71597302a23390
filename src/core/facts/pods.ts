// Facts about pod-shaped workloads (Kubernetes, Argo, KServe, Seldon, training jobs, KFP
// executors) beyond the shared WorkloadFact: what the container rules check and fix, and the
// resources the threat model draws.

import type { Format, Loc } from '../model';
import type { Str, WorkloadFact } from './model';

type WorkloadKind = WorkloadFact['kind'];

/** A replacement of `[start, end)` in the file the fact was read from. */
export interface SpanEdit {
  start: number;
  end: number;
  newText: string;
}

/** The securityContext fields that the container fixes set. */
export type SecurityField = 'allowPrivilegeEscalation' | 'readOnlyRootFilesystem' | 'runAsNonRoot';

/** One container of a pod-shaped workload, with what its rules and fixes need beyond WorkloadFact. */
export interface ContainerSecurityFact {
  workloadId: string;
  podId: string;
  /** Container name for messages. */
  name: string;
  /**
   * Where a finding about a missing securityContext setting is shown: the container's
   * `securityContext` key when it has one, else its name.
   */
  securityAnchor: Loc;
  /** The manifest decides this container's securityContext (false for KFP executors). */
  securityContextApplies: boolean;
  /** Edits that set a securityContext field to the safe value, inserting the key (and mapping) when absent. */
  securityEdits: Partial<Record<SecurityField, SpanEdit[]>>;
  /** The edit that removes `privileged: true` where the format's fix is to drop the key (docker-compose). */
  privilegedRemoval?: SpanEdit;
  /** Entries of `capabilities.add`, each with the edit that removes it. */
  capabilitiesAdd: { value: Str; removal?: SpanEdit }[];
  /** Where a finding about missing resource limits is shown: the `resources` key, else the name. */
  resourcesAnchor: Loc;
  /** Edits that add placeholder cpu and memory limits, when they can be inserted cleanly. */
  limitsEdits?: SpanEdit[];
  /** The manifest can set resource limits for this container. */
  limitsApply: boolean;
}

/** A pod (or pod template) and its pod-level settings. */
export interface PodFact {
  id: string;
  format: Format;
  /** Resource kind (Deployment, Workflow, InferenceService…). */
  kind: string;
  /** Resource name, for messages. */
  name: string;
  /** Where a finding about a missing pod-level setting is shown. */
  anchor: Loc;
  /** Whether a missing or default service account is worth reporting for this pod. */
  serviceAccountApplies: boolean;
  serviceAccountName?: Str;
  /** Edit that adds a placeholder `serviceAccountName`, when it can be inserted cleanly. */
  serviceAccountEdits?: SpanEdit[];
  /** hostPath volumes with the path as written. */
  hostPaths: { volume: string; path: Str }[];
  /** A PersistentVolume rather than a pod: its hostPath reaches whichever pod claims it. */
  persistentVolume?: boolean;
  /** What the pod's containers run as (serving, training…), for rules that depend on it. */
  workloadKind?: WorkloadKind;
  namespace?: string;
  /** `automountServiceAccountToken` as the pod spec sets it. */
  automountToken?: { value: boolean; loc: Loc };
  /** Edits that make the pod spec say `automountServiceAccountToken: false`, when they apply cleanly. */
  automountEdits?: SpanEdit[];
  /** A container of the pod talks to the Kubernetes API (a Ray head running the autoscaler). */
  needsApi?: boolean;
}

/** One Kubernetes-style resource of a document (for the threat model and messages). */
export interface ResourceFact {
  format: Format;
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  loc: Loc;
  /** Workload ids of the containers it runs. */
  workloads: string[];
  /** For a ServiceAccount: its `automountServiceAccountToken`, when set. */
  automountServiceAccountToken?: boolean;
}
