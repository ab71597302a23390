// supply-chain/extra-index-url: several package indexes at once, which invites dependency confusion.

import { defineRule } from '../rule';

export default defineRule({
  meta: {
    id: 'supply-chain/extra-index-url',
    title: 'Extra package index enables dependency confusion',
    description: 'Reports `--extra-index-url`, `PIP_EXTRA_INDEX_URL` and KFP components with several `pip_index_urls`: pip then picks the highest version of a name from any of the indexes.',
    explanation:
      'With an extra index, pip merges the candidates of every index and installs the highest version. An attacker who registers your internal package name on the public index with a higher version number gets their code installed in your build or pipeline step (dependency confusion, as in the 2022 PyTorch torchtriton compromise).',
    example: {
      language: 'dockerfile',
      bad: 'RUN pip install --extra-index-url https://pypi.corp.example/simple corp-features==1.2.0',
      good: 'RUN pip install --index-url https://pypi.corp.example/simple corp-features==1.2.0  # the corporate index proxies PyPI',
    },
    formats: ['dockerfile', 'kfp', 'argo', 'kubernetes', 'kserve', 'seldon', 'kubeflow-training', 'mlflow', 'requirements', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'high',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.001', 'AML.T0011.001'],
    owasp: ['ML06'],
    references: ['https://pip.pypa.io/en/stable/cli/pip_install/#cmdoption-extra-index-url', 'https://pytorch.org/blog/compromised-nightly-dependency/'],
  },
  *check(ctx) {
    for (const inst of ctx.facts.packageInstalls) {
      if (inst.manager !== 'pip' && inst.manager !== 'uv') continue;
      for (const u of inst.extraIndexUrls) {
        yield {
          message: `Extra package index "${u.value}" is searched alongside the main index, so a same-named package with a higher version on either index wins.`,
          loc: u.loc,
          fixes: [
            {
              title: 'Serve every package from a single index that proxies PyPI (no edit; see the rule documentation)',
              kind: 'guided',
              edits: [],
            },
          ],
        };
      }
    }
  },
});
