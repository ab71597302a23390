// supply-chain/package-signature-bypass: package installs and repositories that skip signature checks.

import { defineRule } from '../rule';
import { fixOf } from '../util';

export default defineRule({
  meta: {
    id: 'supply-chain/package-signature-bypass',
    title: 'Package signature checks switched off',
    description:
      'Reports system package installs told to accept unsigned packages or repositories: apt/apt-get `--allow-unauthenticated`, `--allow-insecure-repositories`, `--force-yes`, `-o APT::Get::AllowUnauthenticated=true`; sources lines with `[trusted=yes]` (or a deb822 `Trusted: yes`) and repository definitions with `gpgcheck=0` written by echo or printf; `rpm --nosignature`/`--nodigest`; yum/dnf `--nogpgcheck` and `--setopt=gpgcheck=0`; zypper `--no-gpg-checks`; apk `--allow-untrusted`. In Dockerfiles, container commands, Argo and KFP steps, DVC stages and MLproject commands.',
    explanation:
      'Distribution packages are signed so that a mirror, a proxy or anyone on the network path cannot hand the build a modified package. With the check switched off, a tampered compiler, CUDA library or Python interpreter installs silently and runs as root in the image or the pipeline step, next to the training data and credentials.',
    example: {
      language: 'dockerfile',
      bad: 'RUN apt-get update && apt-get install -y --allow-unauthenticated libgomp1=12.2.0-14',
      good: 'RUN apt-get update && apt-get install -y libgomp1=12.2.0-14',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'high',
    fixes: ['review'],
    stride: ['T', 'E'],
    atlas: ['AML.T0010.001'],
    owasp: ['ML06'],
    references: ['https://wiki.debian.org/SecureApt', 'https://man7.org/linux/man-pages/man5/yum.conf.5.html', 'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper'],
    equivalents: ['Checkov CKV2_DOCKER_7..11'],
  },
  *check(ctx) {
    for (const s of ctx.facts.signatureBypasses) {
      yield {
        message: `${s.what} installs packages without checking their signatures, so a mirror or anyone on the network path can substitute a modified package.`,
        loc: s.loc,
        ...(s.removal ? { fixes: [fixOf('Remove the option that skips signature checks', 'review', s.loc, s.removal)] } : {}),
      };
    }
  },
});
