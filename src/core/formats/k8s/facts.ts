// Facts about Kubernetes-shaped workloads that only the container rules and the threat model need,
// kept in `facts.extra` under typed keys, and the builder that collects the facts of one document.

import { emptyFacts, type Facts, type Str } from '../../facts/model';
import type { Format, Loc } from '../../model';
import type { YamlDoc } from '../yaml/nodes';
import type { YamlEdit } from '../yaml/edit';

/** `facts.extra` key of {@link K8sContainerExtra}. */
export const K8S_CONTAINER = 'k8s.container';
/** `facts.extra` key of {@link K8sPodExtra}. */
export const K8S_POD = 'k8s.pod';
/** `facts.extra` key of {@link K8sResourceExtra}. */
export const K8S_RESOURCE = 'k8s.resource';

/** The securityContext fields that the container fixes set. */
export type SecurityField = 'allowPrivilegeEscalation' | 'readOnlyRootFilesystem' | 'runAsNonRoot';

/** One container of a pod-shaped workload, with what its rules and fixes need beyond WorkloadFact. */
export interface K8sContainerExtra {
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
  securityEdits: Partial<Record<SecurityField, YamlEdit[]>>;
  /** Entries of `capabilities.add`, each with the edit that removes it. */
  capabilitiesAdd: { value: Str; removal?: YamlEdit }[];
  /** Where a finding about missing resource limits is shown: the `resources` key, else the name. */
  resourcesAnchor: Loc;
  /** Edits that add placeholder cpu and memory limits, when they can be inserted cleanly. */
  limitsEdits?: YamlEdit[];
  /** The manifest can set resource limits for this container. */
  limitsApply: boolean;
}

/** A pod (or pod template) and its pod-level settings. */
export interface K8sPodExtra {
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
  serviceAccountEdits?: YamlEdit[];
  /** hostPath volumes with the path as written. */
  hostPaths: { volume: string; path: Str }[];
}

/** One Kubernetes-style resource of a document (for the threat model and messages). */
export interface K8sResourceExtra {
  format: Format;
  apiVersion?: string;
  kind: string;
  name?: string;
  namespace?: string;
  loc: Loc;
  /** Workload ids of the containers it runs. */
  workloads: string[];
}

/** Collects the facts of one YAML document while its readers walk it. */
export class FactsBuilder {
  readonly facts: Facts = emptyFacts();
  /** Names for nested resources that have none of their own (a Katib trial takes its Experiment's). */
  readonly fallbackNames = new Map<unknown, string>();

  constructor(
    readonly y: YamlDoc,
    readonly format: Format,
    /** Prefix of every workload id: file and document index. */
    readonly idPrefix: string,
  ) {}

  private readonly ids = new Map<string, number>();

  /** A workload id not used before in this document (init and app containers may share a name). */
  uniqueId(id: string): string {
    const n = (this.ids.get(id) ?? 0) + 1;
    this.ids.set(id, n);
    return n === 1 ? id : `${id}#${n}`;
  }

  extra<T>(key: string, value: T): void {
    (this.facts.extra[key] ??= []).push(value);
  }
}
