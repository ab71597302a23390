// secrets/credential-file-in-image: a Dockerfile COPY or ADD of a credential file (.env, SSH and
// TLS private keys, cloud service-account keys, .netrc, registry tokens, kubeconfig) into an image.

import { contextPath, type DockerfileFact, type DockerfileStage } from '../../facts/dockerfile';
import type { ContextFileFact } from '../../facts/model';
import { defineRule, type Report } from '../rule';

/** A credential file name: what it is called in messages, and whether its content must confirm it when the workspace has it. */
interface CredentialName {
  test: RegExp;
  label: string;
  /** `strong`: the name alone says so; `unless-other`: unless the workspace copy is plainly no credential; `content`: only when the workspace copy holds one. */
  trust: 'strong' | 'unless-other' | 'content';
}

const NAMES: CredentialName[] = [
  { test: /(^|\/)\.env(\.(?!(example|sample|template|dist|defaults?|tpl)$)[\w.-]+)?$/i, label: 'an environment file with the project’s secrets', trust: 'strong' },
  { test: /(^|\/)id_(rsa|ed25519|ecdsa|dsa)$/, label: 'an SSH private key', trust: 'strong' },
  { test: /(^|\/)\.ssh$/, label: 'an SSH directory (private keys)', trust: 'strong' },
  { test: /\.(pem|key|p12|pfx)$/i, label: 'a private key', trust: 'unless-other' },
  { test: /(^|\/)kaggle\.json$/i, label: 'a Kaggle API key', trust: 'unless-other' },
  { test: /(^|\/)([\w.-]*-sa|[\w.-]*service[-_]?account[\w.-]*|credentials|key|gcp[-_]key|application_default_credentials)\.json$/i, label: 'a cloud service-account key', trust: 'unless-other' },
  { test: /(^|\/)[._]netrc$/, label: 'a .netrc with login passwords', trust: 'strong' },
  { test: /(^|\/)\.(npmrc|pypirc)$/, label: 'a package registry config with a token', trust: 'content' },
  { test: /(^|\/)\.aws(\/credentials)?$|(^|\/)\.?aws[-_]credentials$/, label: 'AWS credentials', trust: 'strong' },
  { test: /(^|\/)(\.kube(\/config)?|kubeconfig|[\w.-]+\.kubeconfig)$/i, label: 'a kubeconfig with cluster credentials', trust: 'strong' },
];

const CONTENT_LABEL: Partial<Record<ContextFileFact['content'], string>> = {
  'private-key': 'a private key',
  'service-account-key': 'a cloud service-account key',
};

/** What a source is, by its name and (when the workspace has it) its content; undefined when no credential. */
function credentialOf(source: string, content: ContextFileFact['content'] | undefined): string | undefined {
  const name = source.replace(/\/+$/, '');
  const byName = NAMES.find((n) => n.test.test(name));
  if (byName) {
    if (byName.trust === 'content' && content !== 'token') return undefined;
    if (byName.trust === 'unless-other' && content === 'other') return undefined;
    return content && CONTENT_LABEL[content] && byName.trust !== 'strong' ? CONTENT_LABEL[content] : byName.label;
  }
  return content ? CONTENT_LABEL[content] : undefined;
}

/** The stages whose files are in the final image: the last stage and the stages it builds on. */
function finalStages(model: DockerfileFact): Set<number> {
  const out = new Set<number>();
  let s: DockerfileStage | undefined = model.stages[model.stages.length - 1];
  while (s && !out.has(s.index)) {
    out.add(s.index);
    s = s.baseStage !== undefined ? model.stages[s.baseStage] : undefined;
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'secrets/credential-file-in-image',
    title: 'Credential file copied into an image',
    description:
      'A Dockerfile COPY or ADD of a credential file from the build context: `.env`, SSH keys (`id_rsa`, `id_ed25519`, `.ssh/`), private keys (`*.pem`, `*.key`), cloud service-account keys (`*-sa.json`, `service-account*.json`, `credentials.json`, `key.json`), `kaggle.json`, `.netrc`, `~/.aws/credentials`, a kubeconfig, and `.npmrc` or `.pypirc` holding a token; also any copied file whose content is a private key or a service-account key. When the workspace has the file, its content decides for `*.pem`, `*.key` and JSON names (a certificate is not reported). A file copied only into a build stage that the final image does not build on is low: it stays in that stage’s layers and reaches the image only if copied out. The build context is taken to be the Dockerfile’s directory.',
    explanation:
      'Every file a COPY or ADD brings in is stored in an image layer, and deleting it in a later instruction does not remove it from that layer. Anyone who can pull the image — a registry reader, a cluster tenant, whoever receives a shared model-serving image — extracts the key or token with `docker save` and uses it: the cloud project behind a service-account key, the Git host behind an SSH key, the model hub and tracking server behind a `.env`. Pass credentials to the build with `RUN --mount=type=secret` (or `--mount=type=ssh`), and to the running container with the orchestrator’s secrets, and list the files in `.dockerignore`.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.11-slim\nCOPY .env /app/.env\nCOPY gcp-sa.json /secrets/key.json',
      good: 'FROM python:3.11-slim\nRUN --mount=type=secret,id=gcp_key,target=/run/secrets/key.json python download_model.py',
    },
    formats: ['dockerfile'],
    severity: 'high',
    fixes: ['guided'],
    stride: ['I'],
    atlas: ['AML.T0055'],
    owasp: ['ML06'],
    references: ['https://docs.docker.com/build/building/secrets/', 'https://docs.docker.com/build/concepts/context/#dockerignore-files'],
    equivalents: ['Trivy secret scanning of image layers'],
  },
  check(ctx) {
    const out: Report[] = [];
    const content = new Map(ctx.facts.contextFiles.map((f) => [f.path, f.content]));
    for (const model of ctx.facts.dockerfiles) {
      const final = finalStages(model);
      for (const stage of model.stages) {
        for (const copy of stage.copies) {
          if (copy.from) continue;
          for (const s of copy.sources) {
            const path = contextPath(model.file, s.value);
            const what = credentialOf(s.value, path ? content.get(path) : undefined);
            if (!what) continue;
            const inFinal = final.has(stage.index);
            const stageName = stage.name ? `"${stage.name}"` : `${stage.index + 1}`;
            out.push({
              message: inFinal
                ? `${copy.keyword} puts ${what} ("${s.value}") into the image, where anyone who can pull the image reads it.`
                : `${copy.keyword} puts ${what} ("${s.value}") into build stage ${stageName}, which the final image does not build on: it stays in that stage’s layers (build cache, a --target build) and reaches the image only if copied out.`,
              loc: s.loc,
              severity: inFinal ? 'high' : 'low',
              fixes: [{ title: 'Mount the credential with RUN --mount=type=secret and list the file in .dockerignore (no edit; see the rule documentation)', kind: 'guided', edits: [] }],
            });
          }
        }
      }
    }
    return out;
  },
});
