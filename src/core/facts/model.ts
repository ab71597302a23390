// The format-independent facts that readers extract and rules and the threat model consume.
// Every fact carries the location it was read from.

import { appendAll } from '../collections';
import type { Fix, Format, Loc } from '../model';
import { emptyDataPlaneFacts, type DataPlaneFacts } from './data-plane';
import { emptyNetworkFacts, type NetworkFacts } from './network';
import { emptyCiFacts, type CiFacts } from './ci';
import type { CodeLoadFact, ModelDownloadFact, PipelineCompileFact, RemoteCodeLoadFact, YamlLoadFact } from './code';
import type { DockerfileFact } from './dockerfile';
import type { DvcFile, Lockfile, Pipeline } from './dvc';
import type { ModelCoverageFact, ModelFileFact, ModelSignatureFact, SignatureFileFact } from './model-files';
import type { ContainerSecurityFact, PodFact, ResourceFact } from './pods';
import type { IntegrityFact, MlmodelFact } from './records';

/** A string value and where it is written. `loc` covers the value itself, inside any quotes. */
export interface Str {
  value: string;
  loc: Loc;
}

/** A container image reference as written, with variables resolved where they could be. */
export interface ImageRef {
  /** Text as written in the file (may contain `$VAR`). */
  raw: string;
  /** After ARG/ENV/parameter substitution; equal to raw when nothing was substituted. */
  resolved: string;
  /** Covers the reference text in the file. */
  loc: Loc;
  /** Parsed parts of `resolved`. */
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
  /** True when the reference still holds an unresolved variable or template. */
  unresolved: boolean;
  /** Where the image is used, for messages and the threat model. */
  role: 'build-base' | 'container' | 'step' | 'serving' | 'mlproject' | 'init-container' | 'sidecar';
  /** The workload this image runs as, when there is one. */
  workloadId?: string;
}

/** One word of a parsed shell command. */
export interface ShellWord {
  /** The word after quote removal, with known variables substituted. */
  value: string;
  /** The word as written. */
  raw: string;
  loc: Loc;
  /** Contains an expansion that could not be resolved statically. */
  dynamic: boolean;
}

/** A simple command: `NAME=v cmd arg…`, with redirections removed. */
export interface ShellCommand {
  assigns: { name: string; value: string; loc: Loc }[];
  words: ShellWord[];
  loc: Loc;
  /** Commands whose output this one reads through a pipe (`a | b`: b.pipedFrom = [a]). */
  pipedFrom: ShellCommand[];
  /** Nested scripts from `$(…)`, backticks or `sh -c "…"`. */
  substitutions: ShellScript[];
  /** `sh -c` style inner scripts (already parsed). */
  inner?: ShellScript;
  /**
   * Set when the words are exec-form arguments rather than shell text: each word is one
   * argument, written as a string of a JSON array (`json`) or an item of another list (`list`,
   * e.g. YAML), so an edit that adds an argument must use that syntax.
   */
  argv?: 'json' | 'list';
}

export interface ShellScript {
  commands: ShellCommand[];
  loc: Loc;
  /** Text could not be fully parsed (unterminated quote, heredoc...). */
  incomplete?: boolean;
}

/** Where a shell script runs. */
export type ScriptOrigin = 'dockerfile-run' | 'dockerfile-cmd' | 'dockerfile-entrypoint' | 'container-command' | 'kfp-executor' | 'argo-script' | 'dvc-stage' | 'mlproject-entry' | 'ci-step';

export interface ScriptFact {
  origin: ScriptOrigin;
  script: ShellScript;
  workloadId?: string;
  /** Whether this script runs at build time (image build) or at run time (container start). */
  phase: 'build' | 'run';
}

export type PackageManager = 'pip' | 'conda' | 'mamba' | 'apt' | 'apk' | 'yum' | 'npm' | 'uv';

export interface PackageRequirement {
  /** Requirement as written, e.g. `torch>=2.0`. */
  spec: string;
  name: string;
  /** The exact version when pinned with `==` (or conda `=`/`==` with a full version). */
  pinnedVersion?: string;
  /** `-r file`, `-e .`, a local path or a VCS/URL requirement. */
  kind: 'name' | 'requirements-file' | 'local' | 'url' | 'vcs';
  loc: Loc;
}

export interface PackageInstallFact {
  manager: PackageManager;
  packages: PackageRequirement[];
  indexUrls: Str[];
  extraIndexUrls: Str[];
  trustedHosts: Str[];
  requireHashes: boolean;
  /** Installed from an index when a pipeline step starts (not baked into an image). */
  atRuntime: boolean;
  loc: Loc;
  origin: ScriptOrigin | 'conda-env' | 'python-env' | 'requirements-file' | 'kfp-packages' | 'ray-runtime-env';
  workloadId?: string;
}

export interface DownloadFact {
  tool: 'curl' | 'wget' | 'add' | 'python' | 'huggingface-cli' | 'aws' | 'gsutil' | 'git' | 'http-artifact' | 'ray' | 'other';
  url: Str;
  /** A checksum for the download is verified in the same step (sha256sum -c, --checksum…). */
  verified: boolean;
  /** The URL or output path looks like a model, dataset or archive; an executable is made runnable or installed into a bin folder. */
  payload: 'model' | 'data' | 'archive' | 'script' | 'executable' | 'other';
  /** The file the download is written to, as written (`-o`, `-O`, or the URL's last segment for `curl -O` and wget). */
  output?: string;
  loc: Loc;
  workloadId?: string;
  /** A format-specific fix that adds verification (e.g. `ADD --checksum`). */
  remedy?: Fix;
}

/** Downloaded content executed by an interpreter: `curl … | sh`, `bash <(curl …)`, `sh -c "$(wget -O- …)"`. */
export interface RemoteExecFact {
  fetcher: string;
  interpreter: string;
  url?: Str;
  /** Set when the download is first written to this file and run from it in a later command. */
  file?: string;
  loc: Loc;
  workloadId?: string;
}

/** A setting that disables TLS certificate verification. */
export interface TlsDisableFact {
  /** What was written, e.g. `curl -k`, `GIT_SSL_NO_VERIFY=1`, `ssl_verify = false`. */
  what: string;
  loc: Loc;
  /** Edits that remove the setting, when it can be removed cleanly. */
  removal?: { start: number; end: number; newText: string }[];
  workloadId?: string;
}

/** A package install or repository told to skip signature checks (`apt-get --allow-unauthenticated`, `gpgcheck=0`). */
export interface SignatureBypassFact {
  /** What was written, e.g. `apt-get --allow-unauthenticated`, `rpm --nosignature`. */
  what: string;
  loc: Loc;
  /** Edits that remove the option, when it can be removed cleanly. */
  removal?: { start: number; end: number; newText: string }[];
  workloadId?: string;
}

/**
 * A pipeline parameter placed inside text a shell or interpreter evaluates (an Argo
 * `{{inputs.parameters.x}}` in `sh -c` or a script source, a KFP string parameter placeholder in a
 * shell command): its value is pasted into the script before it runs.
 */
export interface ParameterInShellFact {
  /** The parameter as the pipeline names it, e.g. `inputs.parameters.message`. */
  parameter: string;
  /** Where the value lands: `sh -c` script, shell script source, Python script source. */
  where: string;
  /** The first placeholder; the others are in `others`. */
  loc: Loc;
  others: Loc[];
  /** Edits that pass the value through an environment variable, with the variable's name. */
  remedy?: { variable: string; edits: { start: number; end: number; newText: string }[] };
  workloadId?: string;
}

export type UrlRole = 'package-index' | 'download' | 'add-source' | 'tracking-server' | 'model-storage' | 'data-remote' | 'data-dependency' | 'artifact-store' | 'registry' | 'other';

export interface UrlFact {
  url: Str;
  role: UrlRole;
  workloadId?: string;
}

/**
 * A named setting with a value: environment variables, ARG/ENV, pipeline parameters with
 * defaults, DVC remote options, MLflow config. Secret rules read these.
 */
export interface SettingFact {
  name: Str;
  /** The literal value, when the file holds one. */
  value?: Str;
  /** The value comes from a secret store or reference (secretKeyRef, envFrom, ${{ secrets }}). */
  referenced: boolean;
  origin:
    | 'dockerfile-arg'
    | 'dockerfile-env'
    | 'k8s-env'
    | 'compose-env'
    | 'k8s-secret'
    | 'k8s-configmap'
    | 'kfp-parameter'
    | 'argo-parameter'
    | 'dvc-remote'
    | 'dvc-config-local'
    | 'mlproject-parameter'
    | 'conda-env'
    | 'python-code'
    | 'ci-env'
    | 'other';
  workloadId?: string;
  /** Format-specific fixes for a literal secret (move to a secret reference, a local config…). */
  remedies?: Fix[];
}

/**
 * A long-running ML service started by a command (MLflow server, Jupyter, TensorBoard, Ray…):
 * every launch exposed without authentication, and launches that require authentication
 * (`authenticated: true`), which are not problems but show what the pipeline runs.
 */
export interface ServiceLaunchFact {
  service: 'mlflow-server' | 'mlflow-models-serve' | 'jupyter' | 'tensorboard' | 'ray-head' | 'other';
  /** The bind address when it exposes the service on all interfaces. */
  bind?: string;
  authenticated: boolean;
  loc: Loc;
  /** Edits that make the launch authenticated or loopback-only, when such edits are simple. */
  remedy?: { title: string; edits: { start: number; end: number; newText: string }[] };
  workloadId?: string;
  /** The container publishes its ports on the host's loopback only (docker-compose), so the service is not reachable beyond the host. */
  loopbackOnly?: boolean;
}

export interface SecurityContextFact {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  readOnlyRootFilesystem?: boolean;
  capabilitiesAdd: Str[];
  capabilitiesDrop: Str[];
  /**
   * The effective seccomp profile type: the container's `seccompProfile.type`, else its legacy
   * `container.seccomp.security.alpha.kubernetes.io/<name>` annotation, else the pod's field, else
   * the pod's `seccomp.security.alpha.kubernetes.io/pod` annotation.
   */
  // `removal` drops the setting so the runtime's default profile applies (a docker-compose `security_opt` entry).
  seccomp?: { value: Str; level: 'container' | 'pod'; annotation?: string; removal?: { start: number; end: number; newText: string } };
  /** Where each effective field was set (container overrides pod). */
  locs: Partial<Record<'runAsNonRoot' | 'runAsUser' | 'privileged' | 'allowPrivilegeEscalation' | 'readOnlyRootFilesystem', Loc>>;
}

export interface VolumeMountFact {
  name: string;
  mountPath: string;
  readOnly: boolean;
  loc: Loc;
}

export interface VolumeFact {
  name: string;
  kind: 'hostPath' | 'pvc' | 'secret' | 'configMap' | 'emptyDir' | 'other';
  /** For hostPath. */
  path?: string;
  loc: Loc;
}

/**
 * Something that runs: a Dockerfile stage, a Kubernetes container, a KFP executor, an Argo
 * template, a DVC stage, an MLproject entry point.
 */
export interface WorkloadFact {
  id: string;
  kind: 'image-build' | 'container' | 'init-container' | 'pipeline-step' | 'training-job' | 'inference-service' | 'notebook' | 'dvc-stage' | 'mlproject-entry';
  name: string;
  format: Format;
  /** Covers the whole definition (for "missing X" findings use `anchor`). */
  loc: Loc;
  /** Where a finding about something missing from this workload is shown (e.g. the container name). */
  anchor: Loc;
  image?: ImageRef;
  /** For Kubernetes-shaped workloads. */
  pod?: PodFacts;
  container?: ContainerFacts;
  /** Workload ids this one depends on (pipeline task graph). */
  dependsOn: string[];
  /** Node labels the workload is scheduled on (KFP `add_node_selector`, platform `nodeSelector`). */
  nodeSelector?: Record<string, Str>;
  /**
   * The component files (workspace paths, most likely first) this step runs, when it is defined in
   * one (KFP `load_component_from_file`): the step is that file's workload, described by its scan.
   */
  componentFile?: string[];
}

export interface PodFacts {
  hostNetwork?: Str;
  hostPID?: Str;
  hostIPC?: Str;
  serviceAccountName?: Str;
  automountServiceAccountToken?: boolean;
  volumes: VolumeFact[];
  namespace?: string;
  /** The pod template's labels, which Services, NetworkPolicies and mesh policies select by. */
  labels?: Record<string, string>;
  /** The mapping node of the pod spec, for fixes that add keys (offset of its first key). */
  specLoc?: Loc;
  /** Edits that remove a host namespace setting where setting it to false is not how the format says it (docker-compose `network_mode: host`). */
  hostNamespaceRemovals?: Partial<Record<'hostNetwork' | 'hostPID' | 'hostIPC', { start: number; end: number; newText: string }>>;
}

export interface ContainerFacts {
  securityContext: SecurityContextFact;
  /** The container mapping (for fixes that add a securityContext). */
  mappingLoc?: Loc;
  /** The container-level securityContext mapping, when present. */
  securityContextLoc?: Loc;
  mounts: VolumeMountFact[];
  resources: { limits: Record<string, Str>; requests: Record<string, Str>; loc?: Loc };
  /** `published`: where a docker-compose service publishes the port on the host (every interface, loopback only, one address). */
  ports: { containerPort: number; loc: Loc; published?: 'all-interfaces' | 'loopback' | 'address' }[];
}

/** How a model is stored: pickle-based formats run code when loaded. */
export type ModelSerialization = 'pickle' | 'cloudpickle' | 'joblib' | 'pytorch' | 'numpy' | 'keras' | 'h5' | 'safetensors' | 'onnx' | 'tensorflow' | 'gguf' | 'other';

/** A model artifact: a model file or directory in the workspace, or one a definition refers to. */
export interface ModelFact {
  /** Workspace-relative path of the model file or directory, or the URI a definition names. */
  path: string;
  /** Where it was seen: the file itself (line 1 for binaries) or the declaring node (MLmodel flavor, storageUri). */
  loc: Loc;
  source: 'file' | 'mlmodel' | 'dvc' | 'kserve' | 'seldon' | 'kfp' | 'other';
  serialization?: ModelSerialization;
  /** MLflow flavor or framework name. */
  flavor?: string;
  /** Loading it runs code (pickle-based, Keras Lambda bytecode…). */
  unsafeOnLoad: boolean;
}

/** A data store: DVC remote or cache, bucket, artifact root, tracking backend, volume. */
export interface DataStoreFact {
  id: string;
  name: string;
  kind: 'dvc-remote' | 'dvc-cache' | 'object-store' | 'artifact-store' | 'tracking-backend' | 'model-registry' | 'volume' | 'database' | 'other';
  /** URL or path as written. */
  url?: Str;
  scheme?: string;
  holdsCredentials: boolean;
  tlsVerified: boolean;
  /** The connection requires TLS (true) or allows plaintext (false); absent when the files do not say. */
  encrypted?: boolean;
  loc: Loc;
}

/** One lineage edge: a workload reads `input` or writes `output` (workspace-relative paths or URIs). */
export interface LineageFact {
  workloadId: string;
  direction: 'input' | 'output';
  path: string;
  /** Hashes recorded for it (md5, etag, checksum…), as recorded. */
  hashes: Record<string, string>;
  loc: Loc;
}

export type { CodeRemedy, CodeLoadRisk, CodeLoadFact, RemoteCodeLoadFact, ModelDownloadFact, YamlLoadFact, PipelineCompileFact } from './code';

/** All facts of one analysed document, or of the workspace when merged. */
export interface Facts extends DataPlaneFacts, NetworkFacts, CiFacts {
  workloads: WorkloadFact[];
  images: ImageRef[];
  scripts: ScriptFact[];
  packageInstalls: PackageInstallFact[];
  downloads: DownloadFact[];
  remoteExecs: RemoteExecFact[];
  tlsDisables: TlsDisableFact[];
  /** Package installs and repositories that skip signature checks. */
  signatureBypasses: SignatureBypassFact[];
  /** Pipeline parameters pasted into shell or script text. */
  parametersInShell: ParameterInShellFact[];
  urls: UrlFact[];
  settings: SettingFact[];
  services: ServiceLaunchFact[];
  models: ModelFact[];
  dataStores: DataStoreFact[];
  lineage: LineageFact[];
  /** Model and object loads in program code. */
  codeLoads: CodeLoadFact[];
  /** Loaders told to run code from the model repository. */
  remoteCodeLoads: RemoteCodeLoadFact[];
  /** Model hub downloads in program code. */
  modelDownloads: ModelDownloadFact[];
  /** YAML loads in program code. */
  yamlLoads: YamlLoadFact[];
  /** Security settings of each container of a pod-shaped workload. */
  containerSecurity: ContainerSecurityFact[];
  /** Pods and pod templates with their pod-level settings. */
  pods: PodFact[];
  /** Kubernetes-style resources and the workloads each runs. */
  resources: ResourceFact[];
  /** Dockerfile stages and users. */
  dockerfiles: DockerfileFact[];
  /** What the files a Dockerfile copies from its build context hold, for the files the workspace has. */
  contextFiles: ContextFileFact[];
  /** For each Dockerfile that copies its whole build context: what the context holds that no .dockerignore excludes. */
  buildContexts: BuildContextFact[];
  /** The content of each model file read as bytes. */
  modelFiles: ModelFileFact[];
  /** Signature files found in the workspace. */
  signatureFiles: SignatureFileFact[];
  /** The verification of each signature that covers a model or was found. */
  modelSignatures: ModelSignatureFact[];
  /** For each model file, the signatures that cover it. */
  signatureCoverage: ModelCoverageFact[];
  /** DVC records compared with the workspace copies of what they hash. */
  integrity: IntegrityFact[];
  /** What each MLmodel says about its model. */
  mlmodels: MlmodelFact[];
  /** The stages each dvc.yaml defines. */
  dvcPipelines: Pipeline[];
  /** The entries of each dvc.lock and .dvc file. */
  dvcRecords: (Lockfile | DvcFile)[];
  /** KFP pipelines compiled to IR files in program code. */
  pipelineCompiles: PipelineCompileFact[];
}

export function emptyFacts(): Facts {
  return {
    workloads: [],
    images: [],
    scripts: [],
    packageInstalls: [],
    downloads: [],
    remoteExecs: [],
    tlsDisables: [],
    signatureBypasses: [],
    parametersInShell: [],
    urls: [],
    settings: [],
    services: [],
    models: [],
    dataStores: [],
    lineage: [],
    codeLoads: [],
    remoteCodeLoads: [],
    modelDownloads: [],
    yamlLoads: [],
    containerSecurity: [],
    pods: [],
    resources: [],
    dockerfiles: [],
    contextFiles: [],
    buildContexts: [],
    modelFiles: [],
    signatureFiles: [],
    modelSignatures: [],
    signatureCoverage: [],
    integrity: [],
    mlmodels: [],
    dvcPipelines: [],
    dvcRecords: [],
    pipelineCompiles: [],
    ...emptyDataPlaneFacts(),
    ...emptyNetworkFacts(),
    ...emptyCiFacts(),
  };
}

/** A file of a Dockerfile's build context that a COPY or ADD names, and what its content is. */
export interface ContextFileFact {
  /** Workspace path of the file. */
  path: string;
  content: 'private-key' | 'service-account-key' | 'token' | 'other';
}

/** A Dockerfile's build context (its directory) and the sensitive entries in it that its .dockerignore leaves in. */
export interface BuildContextFact {
  dockerfile: string;
  /** The .dockerignore that applies (`<Dockerfile>.dockerignore` first, as BuildKit reads it), when there is one. */
  ignoreFile?: string;
  /** Its text, for the fix that appends to it. */
  ignoreText?: string;
  /** Entries (`.git`, `.dvc/cache`, `mlruns`, `.env`) present in the context and not excluded, context-relative. */
  notExcluded: string[];
}

/** Appends every fact of `from` to `into`. */
export function mergeFacts(into: Facts, from: Facts): Facts {
  for (const key of Object.keys(from) as (keyof Facts)[]) appendAll(into[key] as unknown[], from[key] as unknown[]);
  return into;
}
