// Generated workspaces of a chosen size for the threat-model benchmark and its scaling tests: a
// DVC chain, Kubeflow pipelines (compiled IR YAML) and a Kubernetes workspace, as file texts.

/** A workspace as file path → text. */
export type GeneratedFiles = Record<string, string>;

const md5 = (i: number) => (i.toString(16).padStart(8, '0') + 'abcdef0123456789abcdef01').slice(0, 32);

/**
 * One dvc.yaml of `stages` stages, each reading the previous stage's output and its own script
 * and writing the next dataset (every tenth a model), with dvc.lock hashes and a default remote.
 */
export function dvcChain(stages: number): GeneratedFiles {
  const yaml: string[] = ['stages:'];
  const lock: string[] = ["schema: '2.0'", 'stages:'];
  for (let i = 0; i < stages; i++) {
    const input = `data/step${i}.csv`;
    const output = i % 10 === 9 ? `models/model${i}.pkl` : `data/step${i + 1}.csv`;
    yaml.push(`  stage${i}:`, `    cmd: python src/stage${i}.py --in ${input} --out ${output}`, '    deps:', `      - src/stage${i}.py`, `      - ${input}`, '    outs:', `      - ${output}`);
    lock.push(
      `  stage${i}:`,
      `    cmd: python src/stage${i}.py --in ${input} --out ${output}`,
      '    deps:',
      `    - path: ${input}`,
      `      md5: ${md5(i)}`,
      '      size: 100',
      '    outs:',
      `    - path: ${output}`,
      `      md5: ${md5(i + 1)}`,
      '      size: 100',
    );
  }
  return {
    'dvc.yaml': `${yaml.join('\n')}\n`,
    'dvc.lock': `${lock.join('\n')}\n`,
    '.dvc/config': '[core]\n    remote = storage\n[\'remote "storage"\']\n    url = s3://acme-dvc-store/cache\n',
  };
}

/** KFP IR pipelines of `tasksPerPipeline` chained tasks each, `tasks` tasks in all. */
export function kfpPipelines(tasks: number, tasksPerPipeline = 100): GeneratedFiles {
  const files: GeneratedFiles = {};
  for (let p = 0; p * tasksPerPipeline < tasks; p++) {
    const count = Math.min(tasksPerPipeline, tasks - p * tasksPerPipeline);
    const components: string[] = [];
    const executors: string[] = [];
    const dag: string[] = [];
    for (let i = 0; i < count; i++) {
      const name = `p${p}-step${i}`;
      components.push(`  comp-${name}:`, `    executorLabel: exec-${name}`);
      executors.push(
        `    exec-${name}:`,
        '      container:',
        `        image: registry.example.com/ml/pipeline${p}-step${i % 20}:1.${i % 7}.0`,
        `        command: [python, src/${name}.py]`,
        `        args: [--data, s3://acme-data/p${p}/d${i}/, --output, s3://acme-data/p${p}/d${i + 1}/]`,
        '        env:',
        '          - name: MLFLOW_TRACKING_URI',
        `            value: http://mlflow.team${p % 5}.svc.cluster.local:5000`,
      );
      dag.push(`      ${name}:`, '        taskInfo:', `          name: ${name}`, '        componentRef:', `          name: comp-${name}`);
      if (i > 0) dag.push(`        dependentTasks: [p${p}-step${i - 1}]`);
    }
    files[`pipelines/pipeline${p}.yaml`] = [
      '# PIPELINE DEFINITION',
      `# Name: pipeline${p}`,
      'components:',
      ...components,
      'deploymentSpec:',
      '  executors:',
      ...executors,
      'pipelineInfo:',
      `  name: pipeline${p}`,
      'root:',
      '  dag:',
      '    tasks:',
      ...dag,
      'schemaVersion: 2.1.0',
      'sdkVersion: kfp-2.7.0',
      '',
    ].join('\n');
  }
  return files;
}

/** One team's services: a Deployment that serves a model, the InferenceService in front of it, a tracking client. */
function k8sApp(n: number): string {
  const ns = `team${n % 25}`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app${n}
  namespace: ${ns}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app${n}}
  template:
    metadata:
      labels: {app: app${n}}
    spec:
      containers:
        - name: app${n}
          image: registry.example.com/apps/app${n}:2.${n % 9}.1
          command: [python, serve.py, --model, s3://acme-models/app${n}/model.joblib]
          env:
            - name: MLFLOW_TRACKING_URI
              value: http://mlflow.${ns}.svc.cluster.local:5000
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: app${n}-db, key: password}
          volumeMounts:
            - name: cache
              mountPath: /cache
          resources:
            limits: {cpu: "1", memory: 1Gi}
      volumes:
        - name: cache
          persistentVolumeClaim: {claimName: cache${n}}
---
apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: model${n}
  namespace: ${ns}
spec:
  predictor:
    model:
      modelFormat:
        name: sklearn
      storageUri: s3://acme-models/app${n}/model.joblib
`;
}

/** A Kubernetes workspace of `apps` applications, ten to a file. */
export function k8sWorkspace(apps: number): GeneratedFiles {
  const files: GeneratedFiles = {};
  for (let f = 0; f * 10 < apps; f++) {
    const docs: string[] = [];
    for (let n = f * 10; n < Math.min(apps, f * 10 + 10); n++) docs.push(k8sApp(n));
    files[`deploy/apps${f}.yaml`] = docs.join('---\n');
  }
  return files;
}
