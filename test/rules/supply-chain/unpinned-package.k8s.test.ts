// Table tests of supply-chain/unpinned-package on container commands of every manifest kind, KFP
// compiled `packages_to_install`, component specs and Argo scripts, with the guided pin fix applied.

import rule from '../../../src/core/rules/supply-chain/unpinned-package';
import { ruleTester, type InvalidCase, type ValidCase } from '../../helpers/rule-tester';
import { at, containerKinds, rayJob } from '../../helpers/k8s-kinds';
import { kfpLightweight, secretAsEnv } from '../../helpers/kfp-ir';

const snippet = (install: string) => ['- name: app', '  image: registry.example.com/ml/base:3.11', `  command: [sh, -c, "${install} && python -m app.train"]`];
const loose = containerKinds(snippet('pip install --no-cache-dir pandas'));
const fixed = containerKinds(snippet("pip install --no-cache-dir 'pandas==<version>'"));
const exact = containerKinds(snippet('pip install --no-cache-dir pandas==2.2.2'));

/** `packages_to_install` compiled after the SDK's own pinned kfp (with its typing-extensions bootstrap). */
const kfp = (packages: string) =>
  kfpLightweight(
    'train',
    [
      "\\ python3 -m pip install --quiet --no-warn-script-location 'kfp==2.7.0'\\",
      "\\ '--no-deps' 'typing-extensions>=3.7.4,<5; python_version<\\\"3.9\\\"'  &&\\",
      `\\  python3 -m pip install --quiet --no-warn-script-location ${packages} && \\"$0\\" \\"$@\\"\\n"`,
    ],
    secretAsEnv('train', 'WANDB_API_KEY', 'wandb'),
  );

const component = (install: string) => `name: Train model
inputs:
- {name: data, type: Dataset}
implementation:
  container:
    image: python:3.11-slim
    command:
    - sh
    - -exc
    - |
      ${install}
      python3 -m trainer --data "$0"
    - {inputPath: data}
`;

const argo = (install: string) => `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: finetune
spec:
  templates:
  - name: finetune
    script:
      image: python:3.11-slim
      command: [bash]
      source: |
        set -euo pipefail
        ${install}  # the runtime image lacks these
        python finetune.py
`;

const job = (command: string) => `apiVersion: batch/v1
kind: Job
metadata:
  name: features
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: features
        image: continuumio/miniconda3:24.1.2-0
${command}`;

const invalid: InvalidCase[] = loose.map((k, i) => ({
  name: `${k.kind}: pip install of an unpinned package in the container command`,
  files: { [k.file]: k.text },
  errors: [{ ...at(k.text, 'pandas'), message: 'pip installs "pandas" without an exact version (==), so any future release is accepted.', severity: 'medium' }],
  fixes: [{ kind: 'guided', title: 'Pin pandas to an exact version', output: { [k.file]: fixed[i].text }, stillReported: true }],
}));

invalid.push(
  {
    name: 'KFP packages_to_install: only the author’s unpinned package, not the SDK’s own bootstrap',
    files: { 'pipeline.yaml': kfp("'scikit-learn==1.5.0' 'xgboost>=2.0'") },
    errors: [{ ...at(kfp("'scikit-learn==1.5.0' 'xgboost>=2.0'"), "'xgboost"), message: /^pip installs "xgboost>=2.0" without an exact version/ }],
    fixes: [{ kind: 'guided', output: { 'pipeline.yaml': kfp("'scikit-learn==1.5.0' 'xgboost==<version>'") }, stillReported: true }],
  },
  {
    name: 'KFP component spec with a literal block script',
    files: { 'component.yaml': component('pip install --quiet scikit-learn') },
    errors: [{ line: 11, column: 27, message: /^pip installs "scikit-learn"/ }],
    fixes: [{ kind: 'guided', output: { 'component.yaml': component("pip install --quiet 'scikit-learn==<version>'") }, stillReported: true }],
  },
  {
    name: 'Argo script template with a comment after the install',
    files: { 'wft.yaml': argo('pip install torch==2.3.0 transformers') },
    errors: [{ line: 13, column: 34, message: /^pip installs "transformers"/ }],
    fixes: [{ kind: 'guided', output: { 'wft.yaml': argo("pip install torch==2.3.0 'transformers==<version>'") }, stillReported: true }],
  },
  {
    name: 'conda install in a block-style command list',
    files: { 'job.yaml': job('        command:\n        - /bin/bash\n        - -c\n        - conda install -y -c conda-forge lightgbm && python features.py\n') },
    errors: [{ line: 15, column: 43, message: 'conda installs "lightgbm" without an exact version (=), so any future release is accepted.' }],
    fixes: [
      {
        kind: 'guided',
        output: { 'job.yaml': job("        command:\n        - /bin/bash\n        - -c\n        - conda install -y -c conda-forge 'lightgbm=<version>' && python features.py\n") },
        stillReported: true,
      },
    ],
  },
  {
    name: 'an anchored command reused by an alias in the next document is reported once',
    files: {
      'two.yaml':
        job('        command: &setup [sh, -c, "pip install polars && python features.py"]\n') +
        '---\n' +
        job('        command: *setup\n').replace('name: features\nspec', 'name: features-backfill\nspec'),
    },
    errors: [{ line: 12, column: 47, message: /^pip installs "polars"/ }],
    fixes: [
      {
        kind: 'guided',
        output: {
          'two.yaml':
            job('        command: &setup [sh, -c, "pip install \'polars==<version>\' && python features.py"]\n') +
            '---\n' +
            job('        command: *setup\n').replace('name: features\nspec', 'name: features-backfill\nspec'),
        },
        stillReported: true,
      },
    ],
  },
  {
    name: 'a requirements file without --require-hashes',
    files: { 'job.yaml': job('        args: ["bash", "-c", "pip install -r /app/requirements.txt && python features.py"]\n') },
    errors: [
      {
        ...at(job('        args: ["bash", "-c", "pip install -r /app/requirements.txt && python features.py"]\n'), '/app/'),
        message: 'Requirements file "/app/requirements.txt" is installed without --require-hashes, so its pins are not checked against known content.',
        severity: 'info',
      },
    ],
  },
);

const entrypointJob = (entrypoint: string) => rayJob('tune', entrypoint);

invalid.push({
  name: 'RayJob entrypoint installing an unpinned package',
  files: { 'rayjob.yaml': entrypointJob('pip install xgboost_ray && python /home/ray/tune.py') },
  errors: [{ ...at(entrypointJob('pip install xgboost_ray'), 'xgboost_ray'), message: /^pip installs "xgboost_ray" without an exact version/ }],
  fixes: [{ kind: 'guided', output: { 'rayjob.yaml': entrypointJob("pip install 'xgboost_ray==<version>' && python /home/ray/tune.py") }, stillReported: true }],
});

/** A RayJob whose runtime environment Ray installs when the job starts. */
const runtimeEnvJob = (pip: string) =>
  rayJob('tune', 'python /home/ray/tune.py').replace(
    '  shutdownAfterJobFinishes: true\n',
    `  shutdownAfterJobFinishes: true\n  runtimeEnvYAML: |\n    pip:\n${pip}    env_vars:\n      TUNE_MAX_PENDING_TRIALS_PG: "8"\n`,
  );
const serveConfig = (pip: string) => `apiVersion: ray.io/v1
kind: RayService
metadata:
  name: fraud-scorer
spec:
  serveConfigV2: |
    applications:
      - name: scorer
        import_path: scorer.app:deployment
        runtime_env:
          pip:
${pip}  rayClusterConfig:
    headGroupSpec:
      rayStartParams: {dashboard-host: 127.0.0.1}
      template:
        spec:
          containers:
          - name: ray-head
            image: rayproject/ray:2.34.0-py311
`;

invalid.push(
  {
    name: 'RayJob runtimeEnvYAML pip list: one finding per package, pinned inside the embedded YAML',
    files: { 'rayjob.yaml': runtimeEnvJob('      - xgboost_ray\n      - pandas==2.2.2\n      - "lightgbm>=4"\n') },
    errors: [
      { ...at(runtimeEnvJob('      - xgboost_ray\n'), 'xgboost_ray'), message: 'pip installs "xgboost_ray" without an exact version (==), so any future release is accepted.' },
      { ...at(runtimeEnvJob('      - xgboost_ray\n      - pandas==2.2.2\n      - "lightgbm>=4"\n'), 'lightgbm'), message: /^pip installs "lightgbm>=4" without an exact version/ },
    ],
    fixes: [
      {
        kind: 'guided',
        output: { 'rayjob.yaml': runtimeEnvJob('      - xgboost_ray==<version>\n      - pandas==2.2.2\n      - "lightgbm>=4"\n') },
        stillReported: true,
      },
    ],
  },
  {
    name: 'RayService serveConfigV2 application runtime_env pip list',
    files: { 'rayservice.yaml': serveConfig('            - scikit-learn\n') },
    errors: [{ ...at(serveConfig('            - scikit-learn\n'), 'scikit-learn'), message: /^pip installs "scikit-learn" without an exact version/ }],
    fixes: [{ kind: 'guided', output: { 'rayservice.yaml': serveConfig('            - scikit-learn==<version>\n') }, stillReported: true }],
  },
);

const valid: ValidCase[] = exact.map((k) => ({ name: `${k.kind}: pinned with ==`, files: { [k.file]: k.text } }));
valid.push(
  { name: 'KFP executor installing only pinned packages and the SDK bootstrap', files: { 'pipeline.yaml': kfp("'scikit-learn==1.5.0'") } },
  { name: 'RayJob entrypoint installing a pinned package', files: { 'rayjob.yaml': entrypointJob('pip install xgboost_ray==0.1.19 && python /home/ray/tune.py') } },
  { name: 'RayJob runtimeEnvYAML with pinned packages', files: { 'rayjob.yaml': runtimeEnvJob('      - xgboost_ray==0.1.19\n      - pandas==2.2.2\n') } },
  { name: 'upgrading pip itself', files: { 'job.yaml': job('        command: [sh, -c, "pip install --upgrade pip && python features.py"]\n') } },
  { name: 'a hashed requirements file', files: { 'job.yaml': job('        command: [sh, -c, "pip install --require-hashes -r requirements.lock && python features.py"]\n') } },
  { name: 'a pip command only echoed', files: { 'job.yaml': job('        command: [sh, -c, "echo \'run: pip install pandas\' && python features.py"]\n') } },
);

ruleTester(rule, { valid, invalid });
