// Recognises the YAML documents this reader handles by their content (kind and apiVersion, or the
// shape of KFP specs), with a cheap text pre-check that lets unrelated YAML through quickly.

import type { Format } from '../../model';
import type { YamlDoc } from '../yaml/nodes';

/** What a document is. */
export interface Classified {
  format: Format;
  /** The resource kind, or `PipelineSpec`, `PlatformSpec`, `ComponentSpec` for KFP documents. */
  kind: string;
  apiVersion?: string;
  /** A Service, Ingress, OpenShift Route, Istio VirtualService, NetworkPolicy or Istio policy. */
  network?: boolean;
}

const K8S_WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'ReplicationController', 'PodTemplate']);
const ARGO = new Set(['Workflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'CronWorkflow']);
const KSERVE = new Set(['InferenceService', 'ServingRuntime', 'ClusterServingRuntime', 'InferenceGraph']);
const SELDON_V1 = new Set(['SeldonDeployment']);
const SELDON_V2 = new Set(['Model', 'Server']);
const TRAINING = new Set(['TFJob', 'PyTorchJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'MXJob']);
const TRAINER = new Set(['TrainJob', 'TrainingRuntime', 'ClusterTrainingRuntime']);
const RAY = new Set(['RayCluster', 'RayJob', 'RayService']);
const KNATIVE = new Set(['Service', 'Configuration', 'Revision']);
const STRIMZI = new Set(['Kafka', 'KafkaTopic', 'KafkaUser']);
const ISTIO = new Set(['PeerAuthentication', 'RequestAuthentication', 'AuthorizationPolicy']);

/** Every kind recognised, for the pre-check of files that are not valid YAML. */
export const KNOWN_KINDS = [...K8S_WORKLOADS, ...KNATIVE, ...ARGO, ...KSERVE, ...SELDON_V1, ...SELDON_V2, ...TRAINING, ...TRAINER, ...RAY, 'Experiment', 'Notebook', 'List', 'DeploymentConfig'];

/** File names other readers own, and files that are never manifests. */
const NOT_OURS = new Set([
  'dvc.yaml',
  'dvc.yml',
  'dvc.lock',
  'mlproject',
  'mlmodel',
  'conda.yaml',
  'conda.yml',
  'python_env.yaml',
  'python_env.yml',
  '.mlsec.yaml',
  '.mlsec.yml',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'composer.json',
  'params.yaml',
]);

/** Whether a path may hold documents of these formats: YAML and JSON files not owned by another reader. */
export function mayBeManifest(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (NOT_OURS.has(base)) return false;
  return /\.(ya?ml|json)$/.test(base);
}

const MARKER = /(?:^|[\s{,])["']?(?:kind|pipelineInfo|implementation|platforms)["']?[ \t]*:/m;

/** Cheap test on the raw text before parsing: a manifest has a `kind`, a KFP spec one of its top keys. */
export function looksLikeManifest(text: string): boolean {
  return MARKER.test(text);
}

export { isHelmTemplate } from './helm-detect';

function group(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/** Classifies a document (or a resource nested in one: List items, Katib trial specs), or undefined when it is not one of ours. */
export function classify(y: YamlDoc, node: unknown = y.root): Classified | undefined {
  const root = y.map(node);
  if (!root) return undefined;
  const kind = y.string(y.get(root, 'kind'));
  const apiVersion = y.string(y.get(root, 'apiVersion'));
  if (!kind) {
    if (y.pair(root, 'pipelineInfo') && (y.pair(root, 'deploymentSpec') || y.pair(root, 'root'))) return { format: 'kfp', kind: 'PipelineSpec' };
    if (y.pair(root, 'platforms') && y.get(root, 'platforms')) return { format: 'kfp', kind: 'PlatformSpec' };
    if (y.get(y.get(root, 'implementation'), 'container')) return { format: 'kfp', kind: 'ComponentSpec' };
    return undefined;
  }
  const g = group(apiVersion);
  const base = { kind, ...(apiVersion ? { apiVersion } : {}) };
  if (ARGO.has(kind) && g === 'argoproj.io') return { format: 'argo', ...base };
  if (K8S_WORKLOADS.has(kind) && (!g.includes('.') || g.endsWith('.k8s.io'))) return { format: 'kubernetes', ...base };
  // OpenShift's DeploymentConfig (apps.openshift.io/v1, or the legacy v1) runs the pods of its template like a Deployment.
  if (kind === 'DeploymentConfig' && (g === 'apps.openshift.io' || apiVersion === 'v1')) return { format: 'kubernetes', ...base };
  // A PersistentVolume runs nothing, but a hostPath volume in it hands a node directory to the pods that claim it.
  if (kind === 'PersistentVolume' && apiVersion === 'v1') return { format: 'kubernetes', ...base };
  // A ServiceAccount runs nothing; whether it mounts its token decides what the pods under it get.
  if (kind === 'ServiceAccount' && apiVersion === 'v1') return { format: 'kubernetes', ...base };
  if (KSERVE.has(kind) && (g === 'serving.kserve.io' || g === 'serving.kubeflow.org')) return { format: 'kserve', ...base };
  if (SELDON_V1.has(kind) && g === 'machinelearning.seldon.io') return { format: 'seldon', ...base };
  if (SELDON_V2.has(kind) && g === 'mlops.seldon.io') return { format: 'seldon', ...base };
  if (TRAINING.has(kind) && g === 'kubeflow.org') return { format: 'kubeflow-training', ...base };
  if (TRAINER.has(kind) && g === 'trainer.kubeflow.org') return { format: 'kubeflow-training', ...base };
  if ((kind === 'Experiment' || kind === 'Notebook') && g === 'kubeflow.org') return { format: 'kubeflow-training', ...base };
  if (RAY.has(kind) && g === 'ray.io') return { format: 'kubernetes', ...base };
  // KServe serverless predictors run as Knative services; their templates are pod specs.
  if (KNATIVE.has(kind) && g === 'serving.knative.dev') return { format: 'kubernetes', ...base };
  // Strimzi resources carry no pods of their own but describe the Kafka data plane.
  if (STRIMZI.has(kind) && g === 'kafka.strimzi.io') return { format: 'kubernetes', ...base };
  // Network and identity controls: read as evidence of exposure, never as workloads.
  if (
    (kind === 'Service' && g === '') ||
    (kind === 'Ingress' && g === 'networking.k8s.io') ||
    (kind === 'NetworkPolicy' && g === 'networking.k8s.io') ||
    (kind === 'Route' && g === 'route.openshift.io') ||
    (kind === 'VirtualService' && g === 'networking.istio.io') ||
    (ISTIO.has(kind) && g === 'security.istio.io')
  ) {
    return { format: 'kubernetes', ...base, network: true };
  }
  if (kind === 'List' && y.seq(y.get(root, 'items'))) return { format: 'kubernetes', ...base };
  // Core Secrets and ConfigMaps run nothing but hold settings (their data is read for literal credentials).
  if ((kind === 'Secret' || kind === 'ConfigMap') && apiVersion === 'v1') return { format: 'kubernetes', ...base };
  return undefined;
}
