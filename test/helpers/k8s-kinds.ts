// Realistic manifests of every pod-shaped kind mlsec reads, built around one container and optional
// pod-level lines, so rule tables can check each kind with the same container snippet.

/** A manifest and where its container starts (1-based line of the container's first line). */
export interface KindCase {
  kind: string;
  file: string;
  text: string;
  containerLine: number;
  /** 1-based line of the first pod-level line, when pod lines were given. */
  podLine: number;
  /** Whether the kind's pods take their service account from the manifest. */
  serviceAccount: boolean;
}

/**
 * Each template holds `@POD` (pod-level lines, at the pod spec's indentation) and `@C` (the
 * container list items) on their own lines; `@A` marks an Argo-style single container mapping.
 */
const TEMPLATES: [string, string, boolean][] = [
  ['Pod', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  @POD\n  containers:\n  @C', true],
  [
    'Deployment',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: demo\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: demo}\n  template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      @POD\n      containers:\n      @C',
    true,
  ],
  [
    'StatefulSet',
    'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: demo\nspec:\n  serviceName: demo\n  selector:\n    matchLabels: {app: demo}\n  template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      @POD\n      containers:\n      @C',
    true,
  ],
  [
    'DaemonSet',
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: demo\nspec:\n  selector:\n    matchLabels: {app: demo}\n  template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      @POD\n      containers:\n      @C',
    true,
  ],
  [
    'ReplicaSet',
    'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: demo\nspec:\n  selector:\n    matchLabels: {app: demo}\n  template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      @POD\n      containers:\n      @C',
    true,
  ],
  [
    'DeploymentConfig',
    'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata:\n  name: demo\nspec:\n  replicas: 2\n  selector: {app: demo}\n  template:\n    metadata:\n      labels: {app: demo}\n    spec:\n      @POD\n      containers:\n      @C',
    true,
  ],
  ['Job', 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: demo\nspec:\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      @POD\n      containers:\n      @C', true],
  [
    'CronJob',
    'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: demo\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          @POD\n          containers:\n          @C',
    true,
  ],
  ['Workflow', 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: demo-\nspec:\n  entrypoint: main\n  @POD\n  templates:\n  - name: main\n    container:\n      @A', true],
  [
    'WorkflowTemplate',
    'apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nmetadata:\n  name: demo\nspec:\n  entrypoint: main\n  @POD\n  templates:\n  - name: main\n    container:\n      @A',
    false,
  ],
  [
    'ClusterWorkflowTemplate',
    'apiVersion: argoproj.io/v1alpha1\nkind: ClusterWorkflowTemplate\nmetadata:\n  name: demo\nspec:\n  entrypoint: main\n  @POD\n  templates:\n  - name: main\n    container:\n      @A',
    false,
  ],
  [
    'CronWorkflow',
    'apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata:\n  name: demo\nspec:\n  schedule: "0 2 * * *"\n  workflowSpec:\n    entrypoint: main\n    @POD\n    templates:\n    - name: main\n      container:\n        @A',
    true,
  ],
  ['InferenceService', 'apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: demo\nspec:\n  predictor:\n    @POD\n    containers:\n    @C', true],
  [
    'ServingRuntime',
    'apiVersion: serving.kserve.io/v1alpha1\nkind: ServingRuntime\nmetadata:\n  name: demo\nspec:\n  supportedModelFormats:\n  - name: sklearn\n    version: "1"\n  @POD\n  containers:\n  @C',
    false,
  ],
  [
    'ClusterServingRuntime',
    'apiVersion: serving.kserve.io/v1alpha1\nkind: ClusterServingRuntime\nmetadata:\n  name: demo\nspec:\n  supportedModelFormats:\n  - name: sklearn\n  @POD\n  containers:\n  @C',
    false,
  ],
  [
    'SeldonDeployment',
    'apiVersion: machinelearning.seldon.io/v1\nkind: SeldonDeployment\nmetadata:\n  name: demo\nspec:\n  predictors:\n  - name: default\n    graph:\n      name: app\n      type: MODEL\n    componentSpecs:\n    - spec:\n        @POD\n        containers:\n        @C',
    true,
  ],
  ['Server', 'apiVersion: mlops.seldon.io/v1alpha1\nkind: Server\nmetadata:\n  name: demo\nspec:\n  serverConfig: mlserver\n  podSpec:\n    @POD\n    containers:\n    @C', true],
  [
    'TFJob',
    'apiVersion: kubeflow.org/v1\nkind: TFJob\nmetadata:\n  name: demo\nspec:\n  tfReplicaSpecs:\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'PyTorchJob',
    'apiVersion: kubeflow.org/v1\nkind: PyTorchJob\nmetadata:\n  name: demo\nspec:\n  pytorchReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'MPIJob',
    'apiVersion: kubeflow.org/v2beta1\nkind: MPIJob\nmetadata:\n  name: demo\nspec:\n  slotsPerWorker: 1\n  mpiReplicaSpecs:\n    Launcher:\n      replicas: 1\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'XGBoostJob',
    'apiVersion: kubeflow.org/v1\nkind: XGBoostJob\nmetadata:\n  name: demo\nspec:\n  xgbReplicaSpecs:\n    Master:\n      replicas: 1\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'PaddleJob',
    'apiVersion: kubeflow.org/v1\nkind: PaddleJob\nmetadata:\n  name: demo\nspec:\n  paddleReplicaSpecs:\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'JAXJob',
    'apiVersion: kubeflow.org/v1\nkind: JAXJob\nmetadata:\n  name: demo\nspec:\n  jaxReplicaSpecs:\n    Worker:\n      replicas: 2\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'TrainingRuntime',
    'apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainingRuntime\nmetadata:\n  name: demo\nspec:\n  mlPolicy:\n    numNodes: 1\n  template:\n    spec:\n      replicatedJobs:\n      - name: node\n        template:\n          spec:\n            template:\n              spec:\n                @POD\n                containers:\n                @C',
    true,
  ],
  [
    'ClusterTrainingRuntime',
    'apiVersion: trainer.kubeflow.org/v1alpha1\nkind: ClusterTrainingRuntime\nmetadata:\n  name: demo\nspec:\n  template:\n    spec:\n      replicatedJobs:\n      - name: node\n        template:\n          spec:\n            template:\n              spec:\n                @POD\n                containers:\n                @C',
    true,
  ],
  [
    'Experiment',
    'apiVersion: kubeflow.org/v1beta1\nkind: Experiment\nmetadata:\n  name: demo\nspec:\n  objective:\n    type: maximize\n    objectiveMetricName: accuracy\n  trialTemplate:\n    primaryContainerName: app\n    trialSpec:\n      apiVersion: batch/v1\n      kind: Job\n      spec:\n        template:\n          spec:\n            @POD\n            containers:\n            @C',
    true,
  ],
  ['Notebook', 'apiVersion: kubeflow.org/v1\nkind: Notebook\nmetadata:\n  name: demo\nspec:\n  template:\n    spec:\n      @POD\n      containers:\n      @C', true],
  [
    'RayCluster',
    'apiVersion: ray.io/v1\nkind: RayCluster\nmetadata:\n  name: demo\nspec:\n  headGroupSpec:\n    rayStartParams: {dashboard-host: 127.0.0.1}\n    template:\n      spec:\n        @POD\n        containers:\n        @C',
    true,
  ],
  [
    'RayJob',
    'apiVersion: ray.io/v1\nkind: RayJob\nmetadata:\n  name: demo\nspec:\n  entrypoint: python train.py\n  rayClusterSpec:\n    headGroupSpec:\n      rayStartParams: {dashboard-host: 127.0.0.1}\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
  [
    'RayService',
    'apiVersion: ray.io/v1\nkind: RayService\nmetadata:\n  name: demo\nspec:\n  rayClusterConfig:\n    headGroupSpec:\n      rayStartParams: {dashboard-host: 127.0.0.1}\n      template:\n        spec:\n          @POD\n          containers:\n          @C',
    true,
  ],
];

/**
 * Kinds whose main container is a single mapping without a name: a KFP v2 IR executor (with the
 * Kubernetes platform config as a second document), a KFP component spec and a Kubeflow Trainer
 * TrainJob. `@M` marks the mapping.
 */
const MAPPING_TEMPLATES: [string, string][] = [
  [
    'PipelineSpec',
    '# PIPELINE DEFINITION\n# Name: demo\ncomponents:\n  comp-app:\n    executorLabel: exec-app\ndeploymentSpec:\n  executors:\n    exec-app:\n      container:\n        @M\npipelineInfo:\n  name: demo\nroot:\n  dag:\n    tasks:\n      app:\n        componentRef:\n          name: comp-app\n        taskInfo:\n          name: app\nschemaVersion: 2.1.0\nsdkVersion: kfp-2.7.0\n---\nplatforms:\n  kubernetes:\n    deploymentSpec:\n      executors:\n        exec-app:\n          secretAsEnv:\n          - keyToEnv:\n            - envVar: HF_TOKEN\n              secretKey: token\n            secretName: hf-credentials',
  ],
  ['ComponentSpec', "name: demo\ndescription: Trains the model.\ninputs:\n- {name: epochs, type: Integer, default: '3'}\nimplementation:\n  container:\n    @M"],
  ['TrainJob', 'apiVersion: trainer.kubeflow.org/v1alpha1\nkind: TrainJob\nmetadata:\n  name: demo\nspec:\n  runtimeRef:\n    name: torch-distributed\n  trainer:\n    @M'],
];

/** The container as an Argo template's `container:` mapping (list item dash removed). */
function asMapping(lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? l.replace(/^- /, '') : l.replace(/^ {2}/, '')));
}

/**
 * Builds one manifest per kind. `container` is a list item (`- name: app`, `  image: …`);
 * `pod` holds pod-level lines (`hostNetwork: true`).
 */
export function podKinds(container: string[], pod: string[] = []): KindCase[] {
  return TEMPLATES.map(([kind, tpl, serviceAccount]) => build(kind, tpl, serviceAccount, container, pod));
}

/**
 * Every kind that runs a container: the pod-shaped kinds plus KFP executors, KFP components and
 * TrainJob trainers (whose mapping has no name line: the snippet's `- name:` line is dropped).
 */
export function containerKinds(container: string[]): KindCase[] {
  const unnamed = /^- name: /.test(container[0] ?? '') ? asMapping(container).slice(1) : asMapping(container);
  return [...podKinds(container), ...MAPPING_TEMPLATES.map(([kind, tpl]) => build(kind, tpl, false, unnamed, []))];
}

function build(kind: string, tpl: string, serviceAccount: boolean, container: string[], pod: string[]): KindCase {
  const lines: string[] = [];
  let containerLine = 0;
  let podLine = 0;
  for (const l of tpl.split('\n')) {
    const m = /^(\s*)@(POD|C|A|M)$/.exec(l);
    if (!m) {
      lines.push(l);
      continue;
    }
    const indent = m[1];
    if (m[2] === 'POD') {
      podLine = lines.length + 1;
      for (const p of pod) lines.push(indent + p);
    } else {
      containerLine = lines.length + 1;
      for (const c of m[2] === 'A' ? asMapping(container) : container) lines.push(indent + c);
    }
  }
  return { kind, file: `k8s/${kind.toLowerCase()}.yaml`, text: lines.join('\n') + '\n', containerLine, podLine, serviceAccount };
}

/** 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`. */
export function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  const before = text.slice(0, i);
  const line = before.split('\n').length;
  return { line, column: i - before.lastIndexOf('\n') };
}

/** A RayJob whose `entrypoint` line is `entrypoint: <written>` (quote it in `written` as the case needs). */
export function rayJob(name: string, written: string): string {
  return `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: ${name}
spec:
  # run through a shell on the cluster by the submitter
  entrypoint: ${written}
  shutdownAfterJobFinishes: true
  rayClusterSpec:
    headGroupSpec:
      rayStartParams: {dashboard-host: 127.0.0.1}
      template:
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray:2.34.0-py311
`;
}
