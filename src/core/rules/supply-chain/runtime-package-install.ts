// supply-chain/runtime-package-install: packages installed from an index every time a pipeline step starts.

import { defineRule } from '../rule';

/** Origins of scripts that run when a pipeline step or container starts. */
const STEP_ORIGINS = new Set(['kfp-packages', 'kfp-executor', 'container-command', 'argo-script', 'ray-runtime-env']);

export default defineRule({
  meta: {
    id: 'supply-chain/runtime-package-install',
    title: 'Packages installed when a pipeline step starts',
    description:
      'A package install that runs each time a pipeline step or container starts: the `pip install` the KFP SDK compiles from `packages_to_install`, `pip`/`conda`/`apt` commands in a container or Argo script, or the `pip` list of a Ray runtime environment (a RayJob’s `runtimeEnvYAML`, a RayService application’s `runtime_env`).',
    explanation:
      'Installing at start-up fetches code from the package index on every run, inside the cluster, with the step’s credentials and data in reach. A package taken over or typo-squatted after the pipeline was reviewed, a dependency-confusion upload or a compromised mirror runs in the next training step without any image rebuild or review; the run is also not reproducible. Build the dependencies into the step’s image (pinned, hashed) and reference the image by digest.',
    example: {
      language: 'yaml',
      bad: 'command: [sh, -c, "pip install pandas scikit-learn && python train.py"]',
      good: 'image: registry.example.com/train@sha256:…   # pandas and scikit-learn baked in\ncommand: [python, train.py]',
    },
    formats: ['kfp', 'argo', 'kubernetes', 'kserve', 'seldon', 'kubeflow-training', 'compose'],
    severity: 'medium',
    fixes: [],
    stride: ['T'],
    atlas: ['AML.T0010.001'],
    owasp: ['ML06'],
    references: ['https://www.kubeflow.org/docs/components/pipelines/user-guides/components/lightweight-python-components/', 'https://pip.pypa.io/en/stable/topics/secure-installs/'],
    equivalents: [],
  },
  *check(ctx) {
    for (const p of ctx.facts.packageInstalls) {
      if (!p.atRuntime || !STEP_ORIGINS.has(p.origin) || !p.packages.length) continue;
      const names = p.packages.map((r) => r.name).slice(0, 4);
      const more = p.packages.length > names.length ? ` and ${p.packages.length - names.length} more` : '';
      yield {
        message: `${names.join(', ')}${more} ${p.packages.length > 1 ? 'are' : 'is'} installed with ${p.manager} every time the step starts, so a change on the package index reaches the pipeline without review.`,
        loc: p.loc,
      };
    }
  },
});
