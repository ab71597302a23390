// secrets/hardcoded-credential: literal credentials in pipeline definitions.

import type { Fix } from '../../model';
import type { SettingFact } from '../../facts/model';
import { credentialLeaves, isLocalDvcConfig } from '../../facts/classify';
import { defineRule, type Report } from '../rule';
import { DEFAULT_PASSWORDS, findTokens, isCredentialName, isExampleKey, isPlaceholderValue } from '../util';

/**
 * Dockerfile ARG/ENV: drop the literal value so it is passed at build time as a secret. An ARG
 * may stand without a value; an ENV may not, so it keeps an empty one (`ENV NAME=`).
 */
function dockerfileFix(s: SettingFact): Fix | undefined {
  if (!s.value) return undefined;
  return {
    title: 'Remove the literal value and pass it as a build secret (RUN --mount=type=secret)',
    kind: 'guided',
    edits: [{ file: s.name.loc.file, start: s.name.loc.end, end: s.value.loc.end + (isQuoted(s) ? 1 : 0), newText: s.origin === 'dockerfile-env' ? '=' : '' }],
  };
}

function isQuoted(s: SettingFact): boolean {
  return !!s.value && s.value.loc.start > s.name.loc.end + 1;
}

/** The message for a credential-named setting with a literal value, by what the value is and where it is written. */
function settingMessage(s: SettingFact, defaultPassword: boolean, example: boolean): string {
  const name = s.name.value;
  if (defaultPassword) return `"${name}" is set to the well-known default password "${s.value?.value}", which anyone can guess.`;
  if (example) return `"${name}" holds AWS's documentation example key, not a live credential; a literal key here invites the real one to be written in its place.`;
  if (s.origin === 'k8s-secret') {
    return `"${name}" in a committed Secret manifest holds a literal credential (base64 is an encoding, not encryption), readable by anyone with the repository; create the Secret outside the repository or commit it encrypted (Sealed Secrets, SOPS).`;
  }
  if (s.origin === 'k8s-configmap') {
    return `"${name}" in a ConfigMap holds a literal credential, readable by anyone with the repository and by every reader of the namespace; keep it in a Secret created outside the repository.`;
  }
  return `"${name}" holds a literal credential, readable by anyone with the repository and kept in its history.`;
}

export default defineRule({
  meta: {
    id: 'secrets/hardcoded-credential',
    title: 'Hard-coded credential',
    description:
      'Reports a literal credential: a credential-named key with a literal value (environment variables, ARG/ENV defaults, pipeline parameter defaults, DVC remote keys), or a token-shaped value anywhere in a text file (AWS access key ids, Hugging Face, GitHub, GitLab, Slack and OpenAI tokens, private key blocks), including well-known default platform passwords such as minio123. A value that names a variable (`GITHUB_TOKEN`, `secrets.HF_TOKEN`, `$TOKEN`, `%TOKEN%`) is not a literal. A JSON document under a credential name (KServe’s `credentials` configuration, which names the Secrets to use) is reported only through its own credential-named keys. AWS’s documentation example keys (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`) are reported at low severity as examples.',
    explanation:
      'A secret written into a pipeline definition is readable by everyone with access to the repository, its forks and its history, and is copied into every image layer, compiled pipeline and log that embeds it. Stolen cloud, registry or model-hub credentials let an attacker read training data, replace models or run workloads at your expense.',
    example: {
      language: 'yaml',
      bad: 'env:\n  - name: AWS_SECRET_ACCESS_KEY\n    value: wJalrXUtnFEMI/K7MDENG/bPxRfiCY',
      good: 'env:\n  - name: AWS_SECRET_ACCESS_KEY\n    valueFrom:\n      secretKeyRef: {name: s3-credentials, key: secret-access-key}',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'dvc', 'mlflow', 'requirements', 'python', 'feast', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'critical',
    fixes: ['review', 'guided'],
    stride: ['I'],
    atlas: ['AML.T0055'],
    owasp: ['ML06'],
    references: [
      'https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-environment-variables',
      'https://docs.docker.com/build/building/secrets/',
      'https://dvc.org/doc/command-reference/remote/modify#--local',
    ],
    equivalents: ['Checkov CKV_SECRET_*', 'Trivy DS-0031', 'BuildKit SecretsUsedInArgOrEnv'],
  },
  *check(ctx) {
    // Value ranges already reported as settings, so a token inside one is not reported twice.
    const reported: { file: string; start: number; end: number }[] = [];
    for (const s of ctx.facts.settings) {
      if (!s.value || s.referenced || isLocalDvcConfig(s.name.loc.file)) continue;
      const name = s.name.value;
      const value = s.value.value;
      const defaultPassword = DEFAULT_PASSWORDS.has(value) && isCredentialName(name);
      if (!isCredentialName(name) || (isPlaceholderValue(value) && !defaultPassword)) continue;
      // A JSON document under a credential name is a credential only through its own keys.
      const leaves = credentialLeaves(value);
      if (leaves?.length === 0) continue;
      const fixes = [...(s.remedies ?? [])];
      if (s.origin === 'dockerfile-arg' || s.origin === 'dockerfile-env') {
        const f = dockerfileFix(s);
        if (f) fixes.push(f);
      }
      reported.push(s.value.loc);
      const example = isExampleKey(value);
      const r: Report = {
        message: settingMessage(s, defaultPassword, example) + (leaves ? ` The document's ${leaves.map((l) => `"${l}"`).join(', ')} ${leaves.length > 1 ? 'hold' : 'holds'} the literal.` : ''),
        loc: s.value.loc,
        ...(example ? { severity: 'low' as const } : {}),
        ...(fixes.length ? { fixes } : {}),
      };
      yield r;
    }
    for (const doc of ctx.documents) {
      if (doc.file.binary || isLocalDvcConfig(doc.file.path)) continue;
      const path = doc.file.path;
      for (const t of findTokens(doc.file.text)) {
        if (reported.some((r) => r.file === path && t.start < r.end && r.start < t.end)) continue;
        reported.push({ file: path, start: t.start, end: t.end });
        yield {
          message: `A ${t.kind} is written in this file; treat it as leaked and rotate it.`,
          loc: { file: path, start: t.start, end: t.end },
        };
      }
    }
  },
});
