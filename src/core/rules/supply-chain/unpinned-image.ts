// supply-chain/unpinned-image: container images referenced by a mutable tag instead of a digest.

import { isDigest, parseImageParts } from '../../facts/image';
import type { ImageRef, SettingFact } from '../../facts/model';
import { defineRule } from '../rule';

/**
 * Where a digest goes: after the reference itself, or after the default of the ARG that the
 * reference consists of (`FROM ${BASE_IMAGE}`).
 */
function pinPosition(settings: readonly SettingFact[], img: ImageRef): { file: string; offset: number; viaArg?: string } | undefined {
  if (img.raw === img.resolved) return { file: img.loc.file, offset: img.loc.end };
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(img.raw);
  if (!m) return undefined;
  const arg = settings.find((s) => s.origin === 'dockerfile-arg' && s.name.value === m[1] && s.name.loc.file === img.loc.file && s.value?.value === img.resolved);
  return arg?.value ? { file: arg.value.loc.file, offset: arg.value.loc.end, viaArg: m[1] } : undefined;
}

const VARIABLE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * A Dockerfile `FROM` whose only unresolved parts are plain variables that no ARG gives a default:
 * a build without `--build-arg` expands them to nothing, so `alpine$TAG` is `alpine`. Returns the
 * reference as expanded and the sentence that says why, or undefined for anything else.
 */
function undefinedVariables(settings: readonly SettingFact[], img: ImageRef): { image: ImageRef; note: string } | undefined {
  if (img.role !== 'build-base' || !img.unresolved) return undefined;
  const names = [...img.resolved.matchAll(VARIABLE)].map((m) => m[1] ?? m[2]);
  const expanded = img.resolved.replace(VARIABLE, '').replace(/^\/+/, '');
  if (!names.length || /[${}]/.test(expanded) || !expanded) return undefined;
  const parts = parseImageParts(expanded);
  if (!parts.repository || parts.repository.endsWith('/')) return undefined;
  const declared = (n: string) => settings.some((s) => s.origin === 'dockerfile-arg' && s.name.value === n && s.name.loc.file === img.loc.file);
  const said = [...new Set(names)].map((n) => (declared(n) ? `ARG ${n} has no default` : `${n} is never declared`)).join(' and ');
  return { image: { ...img, ...parts, resolved: expanded, unresolved: false }, note: ` (${said}, so without --build-arg it expands to nothing)` };
}

export default defineRule({
  meta: {
    id: 'supply-chain/unpinned-image',
    title: 'Container image not pinned to a digest',
    description:
      'Reports an image reference without an `@sha256:` digest: a Dockerfile `FROM` (each stage, not `FROM <stage>`), a Kubernetes, Argo, KFP, KServe or Seldon container image, or an MLproject `docker_env.image`. Untagged and `:latest` references are medium; other tags are low. A `FROM` variable that no ARG gives a default (`FROM alpine$TAG`, `FROM ${REGISTRY}/ubuntu`) expands to nothing without `--build-arg`, so the reference is read without it and the message says the variable is undefined.',
    explanation:
      'A tag is a mutable pointer. Whoever can push to the repository (a compromised publisher account, a typo-squatted name, a mirror) can move it, and the next build or pod start pulls different code with full access to your training data, credentials and models. A digest names exact bytes, so a changed image fails to pull instead of running.',
    example: {
      language: 'dockerfile',
      bad: 'FROM pytorch/pytorch:latest',
      good: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime@sha256:<digest>',
    },
    formats: ['dockerfile', 'kubernetes', 'kfp', 'argo', 'kserve', 'seldon', 'kubeflow-training', 'mlflow', 'compose', 'github-actions', 'gitlab-ci'],
    severity: 'medium',
    fixes: ['guided'],
    stride: ['T'],
    atlas: ['AML.T0010.004'],
    owasp: ['ML06'],
    references: ['https://docs.docker.com/reference/dockerfile/#from', 'https://kubernetes.io/docs/concepts/containers/images/#image-names', 'https://atlas.mitre.org/techniques/AML.T0010'],
    equivalents: ['hadolint DL3006/DL3007', 'Trivy DS-0001/KSV-0013', 'Checkov CKV_DOCKER_7/CKV_K8S_14/CKV_K8S_43'],
  },
  *check(ctx) {
    for (const written of ctx.facts.images) {
      const undefinedVars = undefinedVariables(ctx.facts.settings, written);
      const img = undefinedVars?.image ?? written;
      if (isDigest(img.digest)) continue;
      if (img.unresolved || !img.repository || /[${}]/.test(img.resolved)) continue;
      const floating = !img.tag || img.tag === 'latest';
      const shown = undefinedVars ? `"${img.raw}"${undefinedVars.note}` : img.resolved === img.raw ? `"${img.raw}"` : `"${img.raw}" (resolved to "${img.resolved}")`;
      const message = img.digest
        ? `Image ${shown} has a malformed digest, so the pull is not pinned to known content.`
        : floating
          ? `Image ${shown} ${img.tag ? 'uses the :latest tag' : 'has no tag'} and no digest, so every build or pod start may run different code.`
          : `Image ${shown} is pinned by tag only; a tag can be moved to different content, a digest cannot.`;
      const at = img.digest || undefinedVars ? undefined : pinPosition(ctx.facts.settings, img);
      yield {
        message,
        loc: img.loc,
        severity: floating ? 'medium' : 'low',
        ...(at
          ? {
              fixes: [
                {
                  title: at.viaArg ? `Pin the image to a digest in the default of ARG ${at.viaArg}` : 'Pin the image to a digest',
                  kind: 'guided' as const,
                  edits: [{ file: at.file, start: at.offset, end: at.offset, newText: '@sha256:<digest>' }],
                },
              ],
            }
          : {}),
      };
    }
  },
});
