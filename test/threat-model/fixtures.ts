// Hand-built facts for realistic multi-format pipelines, with locations taken from real file
// texts, so threat-model tests run without the format readers and check evidence precisely.

import { emptyFacts, type Facts, type ImageRef, type PackageRequirement, type Str, type WorkloadFact } from '../../src/core/facts/model';
import type { Finding, Format, Loc, Severity } from '../../src/core/model';
import { SourceFile } from '../../src/core/source';

/** File texts plus helpers that turn a quoted piece of a file into a location. */
export class Files {
  constructor(readonly texts: Record<string, string>) {}

  /** The location of the `n`th occurrence of `needle` in `file`. */
  loc(file: string, needle: string, n = 0): Loc {
    const text = this.texts[file];
    if (text === undefined) throw new Error(`no fixture file ${file}`);
    let at = -1;
    for (let i = 0; i <= n; i++) {
      at = text.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`"${needle}" (#${n}) not in ${file}`);
    }
    return { file, start: at, end: at + needle.length };
  }

  str(file: string, needle: string, n = 0): Str {
    return { value: needle, loc: this.loc(file, needle, n) };
  }

  whole(file: string): Loc {
    return { file, start: 0, end: this.texts[file].length };
  }

  /** From the first occurrence of `from` to the end of the first `to` after it. */
  span(file: string, from: string, to: string): Loc {
    const a = this.loc(file, from);
    const text = this.texts[file];
    const b = text.indexOf(to, a.start);
    return { file, start: a.start, end: b < 0 ? text.length : b + to.length };
  }

  finding(ruleId: string, severity: Severity, loc: Loc, message: string): Finding {
    const f = new SourceFile(loc.file, this.texts[loc.file]);
    return { ruleId, severity, message, loc, range: f.rangeOf(loc), related: [], fixes: [], taxonomy: { stride: [], atlas: [], owasp: [] } };
  }
}

export function image(files: Files, file: string, ref: string, role: ImageRef['role'], workloadId: string, n = 0): ImageRef {
  const loc = files.loc(file, ref, n);
  let rest = ref;
  let digest: string | undefined;
  if (rest.includes('@')) [rest, digest] = rest.split('@');
  let registry: string | undefined;
  const first = rest.split('/')[0];
  if (rest.includes('/') && (first.includes('.') || first.includes(':'))) {
    registry = first;
    rest = rest.slice(first.length + 1);
  }
  let tag: string | undefined;
  const c = rest.lastIndexOf(':');
  if (c > rest.lastIndexOf('/')) {
    tag = rest.slice(c + 1);
    rest = rest.slice(0, c);
  }
  return { raw: ref, resolved: ref, loc, repository: rest, ...(registry ? { registry } : {}), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}), unresolved: false, role, workloadId };
}

export function workload(
  files: Files,
  init: { id: string; kind: WorkloadFact['kind']; name: string; format: Format; file: string; from: string; to: string; dependsOn?: string[] } & Partial<WorkloadFact>,
): WorkloadFact {
  const { id, kind, name, format, file, from, to, dependsOn, ...rest } = init;
  return { id, kind, name, format, loc: files.span(file, from, to), anchor: files.loc(file, from), dependsOn: dependsOn ?? [], ...rest };
}

export function req(files: Files, file: string, spec: string, n = 0): PackageRequirement {
  const m = /^([A-Za-z0-9_.-]+)(==([^\s;]+))?/.exec(spec);
  return { spec, name: m?.[1] ?? spec, kind: 'name', loc: files.loc(file, spec, n), ...(m?.[3] ? { pinnedVersion: m[3] } : {}) };
}

export const DOCKERFILE = 'docker/trainer/Dockerfile';
export const KFP = 'pipelines/churn-pipeline.yaml';
export const KSERVE = 'serving/churn-isvc.yaml';
export const DVC_YAML = 'dvc.yaml';
export const DVC_LOCK = 'dvc.lock';
export const DVC_CONFIG = '.dvc/config';
export const MODEL_FILE = 'models/churn/model.pkl';

/** The churn-prediction repository: a trainer image, a KFP pipeline, DVC stages and a KServe deployment. */
export function churnFiles(opts: { pinBase?: boolean; preamble?: string } = {}): Files {
  const base = opts.pinBase ? 'python:3.11-slim@sha256:3f5e9b1c0d2a4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f' : 'python:3.11-slim';
  const texts: Record<string, string> = {
    [DOCKERFILE]: [
      `FROM ${base} AS trainer`,
      'ARG HF_TOKEN',
      'RUN pip install --extra-index-url https://pypi.internal.example.com/simple scikit-learn==1.4.2 pandas',
      'RUN curl -fsSL https://huggingface.co/acme/churn-base/resolve/main/model.pkl -o /opt/base.pkl',
      'COPY src/ /app/src',
      'CMD ["python", "/app/src/train.py"]',
      '',
    ].join('\n'),
    [KFP]: [
      '# PIPELINE DEFINITION',
      'pipelineInfo:',
      '  name: churn-training',
      'deploymentSpec:',
      '  executors:',
      '    exec-train:',
      '      container:',
      '        image: registry.example.com/ml/trainer:1.2',
      '        command: [python, /app/src/train.py]',
      '        env:',
      '          - name: MLFLOW_TRACKING_URI',
      '            value: http://mlflow.mlops.svc.cluster.local:5000',
      '    exec-evaluate:',
      '      container:',
      '        image: python:3.11',
      '        command: [sh, -c, "pip install xgboost && python evaluate.py"]',
      'platforms:',
      '  kubernetes:',
      '    deploymentSpec:',
      '      executors:',
      '        exec-train:',
      '          secretAsEnv:',
      '            - secretName: aws-creds',
      '              keyToEnv:',
      '                - secretKey: secret_key',
      '                  envVar: AWS_SECRET_ACCESS_KEY',
      'root:',
      '  dag:',
      '    tasks:',
      '      train: {componentRef: {name: comp-train}}',
      '      evaluate: {componentRef: {name: comp-evaluate}, dependentTasks: [train]}',
      '',
    ].join('\n'),
    [KSERVE]: [
      'apiVersion: serving.kserve.io/v1beta1',
      'kind: InferenceService',
      'metadata:',
      '  name: churn',
      '  namespace: serving',
      'spec:',
      '  predictor:',
      '    model:',
      '      modelFormat: {name: sklearn}',
      '      storageUri: s3://acme-models/churn/model.pkl',
      '      securityContext: {runAsNonRoot: true, allowPrivilegeEscalation: false}',
      '      resources: {limits: {cpu: "1", memory: 2Gi}}',
      '',
    ].join('\n'),
    [DVC_YAML]: [
      'stages:',
      '  prepare:',
      '    cmd: python src/prepare.py data/raw.csv data/clean.csv',
      '    deps: [data/raw.csv, src/prepare.py]',
      '    outs: [data/clean.csv]',
      '  train:',
      '    cmd: python src/train.py data/clean.csv models/churn/model.pkl',
      '    deps: [data/clean.csv, src/train.py]',
      '    outs: [models/churn/model.pkl]',
      '',
    ].join('\n'),
    [DVC_LOCK]: [
      'schema: "2.0"',
      'stages:',
      '  prepare:',
      '    deps:',
      '    - path: data/raw.csv',
      '      md5: 6f1ed002ab5595859014ebf0951522d9',
      '    outs:',
      '    - path: data/clean.csv',
      '      md5: 9e107d9d372bb6826bd81d3542a419d6',
      '  train:',
      '    deps:',
      '    - path: data/clean.csv',
      '      md5: 9e107d9d372bb6826bd81d3542a419d6',
      '    outs:',
      '    - path: models/churn/model.pkl',
      '      md5: e4d909c290d0fb1ca068ffaddf22cbd0',
      '',
    ].join('\n'),
    [DVC_CONFIG]: ['[core]', '    remote = storage', '[\'remote "storage"\']', '    url = s3://acme-dvc/store', ''].join('\n'),
  };
  if (opts.preamble) for (const k of Object.keys(texts)) texts[k] = opts.preamble + texts[k];
  texts[MODEL_FILE] = '';
  return new Files(texts);
}

export interface Scenario {
  files: Files;
  facts: Facts;
  findings: Finding[];
}

/**
 * Facts as the Dockerfile, KFP, KServe and DVC readers would give them, and the findings the
 * rules would report. `fixed` names findings the author has fixed (and the facts that change with them).
 */
export function churnScenario(fixed: { baseImageDigest?: boolean } = {}, preamble?: string): Scenario {
  const files = churnFiles({ pinBase: fixed.baseImageDigest, ...(preamble ? { preamble } : {}) });
  const f = emptyFacts();
  const D = DOCKERFILE;
  const base = fixed.baseImageDigest ? 'python:3.11-slim@sha256:3f5e9b1c0d2a4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f' : 'python:3.11-slim';
  f.workloads.push(workload(files, { id: 'df:trainer', kind: 'image-build', name: 'trainer', format: 'dockerfile', file: D, from: 'FROM', to: '/app/src/train.py"]' }));
  f.images.push(image(files, D, base, 'build-base', 'df:trainer'));
  f.packageInstalls.push({
    manager: 'pip',
    packages: [req(files, D, 'scikit-learn==1.4.2'), req(files, D, 'pandas')],
    indexUrls: [],
    extraIndexUrls: [files.str(D, 'https://pypi.internal.example.com/simple')],
    trustedHosts: [],
    requireHashes: false,
    atRuntime: false,
    loc: files.span(D, 'pip install', 'pandas'),
    origin: 'dockerfile-run',
    workloadId: 'df:trainer',
  });
  f.downloads.push({
    tool: 'curl',
    url: files.str(D, 'https://huggingface.co/acme/churn-base/resolve/main/model.pkl'),
    verified: false,
    payload: 'model',
    loc: files.span(D, 'curl', '/opt/base.pkl'),
    workloadId: 'df:trainer',
  });
  f.settings.push({ name: files.str(D, 'HF_TOKEN'), referenced: false, origin: 'dockerfile-arg', workloadId: 'df:trainer' });

  const K = KFP;
  f.workloads.push(workload(files, { id: 'kfp:train', kind: 'pipeline-step', name: 'train', format: 'kfp', file: K, from: 'exec-train:', to: ':5000' }));
  f.workloads.push(workload(files, { id: 'kfp:evaluate', kind: 'pipeline-step', name: 'evaluate', format: 'kfp', file: K, from: 'exec-evaluate:', to: 'evaluate.py"]', dependsOn: ['kfp:train'] }));
  f.images.push(image(files, K, 'registry.example.com/ml/trainer:1.2', 'step', 'kfp:train'));
  f.images.push(image(files, K, 'python:3.11', 'step', 'kfp:evaluate'));
  f.urls.push({ url: files.str(K, 'http://mlflow.mlops.svc.cluster.local:5000'), role: 'tracking-server', workloadId: 'kfp:train' });
  f.settings.push({ name: files.str(K, 'AWS_SECRET_ACCESS_KEY'), referenced: true, origin: 'k8s-env', workloadId: 'kfp:train' });
  f.packageInstalls.push({
    manager: 'pip',
    packages: [req(files, K, 'xgboost')],
    indexUrls: [],
    extraIndexUrls: [],
    trustedHosts: [],
    requireHashes: false,
    atRuntime: true,
    loc: files.span(K, 'pip install', 'xgboost'),
    origin: 'container-command',
    workloadId: 'kfp:evaluate',
  });

  const S = KSERVE;
  f.workloads.push(
    workload(files, {
      id: 'kserve:churn',
      kind: 'inference-service',
      name: 'churn',
      format: 'kserve',
      file: S,
      from: 'apiVersion',
      to: 'memory: 2Gi}}',
      pod: { volumes: [], namespace: 'serving' },
      container: {
        securityContext: {
          runAsNonRoot: true,
          allowPrivilegeEscalation: false,
          capabilitiesAdd: [],
          capabilitiesDrop: [],
          locs: { runAsNonRoot: files.loc(S, 'runAsNonRoot: true'), allowPrivilegeEscalation: files.loc(S, 'allowPrivilegeEscalation: false') },
        },
        mounts: [],
        resources: { limits: { cpu: files.str(S, '"1"'), memory: files.str(S, '2Gi') }, requests: {}, loc: files.loc(S, 'resources: {limits: {cpu: "1", memory: 2Gi}}') },
        ports: [],
      },
    }),
  );
  f.models.push({ path: 's3://acme-models/churn/model.pkl', loc: files.loc(S, 's3://acme-models/churn/model.pkl'), source: 'kserve', unsafeOnLoad: true });

  const Y = DVC_YAML;
  f.workloads.push(workload(files, { id: 'dvc:prepare', kind: 'dvc-stage', name: 'prepare', format: 'dvc', file: Y, from: 'prepare:', to: 'outs: [data/clean.csv]' }));
  f.workloads.push(workload(files, { id: 'dvc:train', kind: 'dvc-stage', name: 'train', format: 'dvc', file: Y, from: 'train:', to: 'outs: [models/churn/model.pkl]' }));
  const L = DVC_LOCK;
  const md5 = (s: string) => ({ md5: s });
  f.lineage.push(
    { workloadId: 'dvc:prepare', direction: 'input', path: 'data/raw.csv', hashes: md5('6f1ed002ab5595859014ebf0951522d9'), loc: files.loc(L, 'path: data/raw.csv') },
    { workloadId: 'dvc:prepare', direction: 'input', path: 'src/prepare.py', hashes: {}, loc: files.loc(Y, 'src/prepare.py', 1) },
    { workloadId: 'dvc:prepare', direction: 'output', path: 'data/clean.csv', hashes: md5('9e107d9d372bb6826bd81d3542a419d6'), loc: files.loc(L, 'path: data/clean.csv') },
    { workloadId: 'dvc:train', direction: 'input', path: 'data/clean.csv', hashes: md5('9e107d9d372bb6826bd81d3542a419d6'), loc: files.loc(L, 'path: data/clean.csv', 1) },
    { workloadId: 'dvc:train', direction: 'output', path: 'models/churn/model.pkl', hashes: md5('e4d909c290d0fb1ca068ffaddf22cbd0'), loc: files.loc(L, 'path: models/churn/model.pkl') },
  );
  f.dataStores.push({
    id: 'dvc:storage',
    name: 'storage',
    kind: 'dvc-remote',
    url: files.str(DVC_CONFIG, 's3://acme-dvc/store'),
    scheme: 's3',
    holdsCredentials: false,
    tlsVerified: true,
    loc: files.loc(DVC_CONFIG, '[\'remote "storage"\']'),
  });
  f.models.push({ path: MODEL_FILE, loc: { file: MODEL_FILE, start: 0, end: 0 }, source: 'file', serialization: 'pickle', unsafeOnLoad: true });

  const findings: Finding[] = [];
  if (!fixed.baseImageDigest) findings.push(files.finding('supply-chain/unpinned-image', 'low', files.loc(D, 'python:3.11-slim'), 'The image python:3.11-slim is not pinned by digest.'));
  findings.push(
    files.finding(
      'supply-chain/extra-index-url',
      'high',
      files.loc(D, '--extra-index-url https://pypi.internal.example.com/simple'),
      'pip may take any package from PyPI instead of the internal index.',
    ),
    files.finding('supply-chain/unpinned-package', 'medium', files.loc(D, 'pandas'), 'pandas is installed without an exact version.'),
    files.finding('supply-chain/unverified-download', 'high', files.span(D, 'curl', '/opt/base.pkl'), 'A model is downloaded without a checksum check.'),
    files.finding('secrets/build-arg-secret', 'medium', files.loc(D, 'HF_TOKEN'), 'HF_TOKEN stays in the image history.'),
    files.finding('container/runs-as-root', 'medium', files.loc(D, 'FROM'), 'The final stage runs as root.'),
    files.finding('supply-chain/unpinned-image', 'medium', files.loc(K, 'python:3.11', 0), 'The image python:3.11 is not pinned by digest.'),
    files.finding('supply-chain/unpinned-image', 'low', files.loc(K, 'registry.example.com/ml/trainer:1.2'), 'The image registry.example.com/ml/trainer:1.2 is not pinned by digest.'),
    files.finding('supply-chain/runtime-package-install', 'medium', files.span(K, 'pip install', 'xgboost'), 'xgboost is installed from PyPI each time the step starts.'),
    files.finding('transport/plaintext-http', 'medium', files.loc(K, 'http://mlflow.mlops.svc.cluster.local:5000'), 'The tracking URI uses plain HTTP.'),
    files.finding('model/unsafe-deserialization', 'critical', { file: MODEL_FILE, start: 0, end: 0 }, 'The pickle calls os.system when loaded.'),
  );
  return { files, facts: f, findings };
}
