// Which user a base image runs as when a Dockerfile sets no USER of its own: a table of
// well-known images whose default user is documented, the configuration's own entries, and
// images built by another Dockerfile of the same workspace.

import type { ImageRef } from '../../facts/model';
import type { DockerfileFact, DockerfileStage, DockerfileUser } from '../../facts/dockerfile';
import type { FactIndex } from '../../facts/fact-index';

/** What is known of a base image's default user, and how it is known (for the message). */
export interface BaseUser {
  verdict: 'non-root' | 'root' | 'unknown';
  /** A clause naming the evidence, e.g. `rayproject/ray runs as the user ray (uid 1000)`. */
  evidence: string;
  /** The workspace Dockerfile that builds the image, when the answer comes from it. */
  builtBy?: string;
}

interface KnownImage {
  /** Matched against `registry/repository` with docker.io and library/ removed. */
  name: RegExp;
  user: string;
}

/**
 * Images whose documented default user is not root. Each entry is a documented fact of the
 * image's publisher (its Dockerfile's final USER, stated in its docs).
 */
export const NON_ROOT_IMAGES: readonly KnownImage[] = [
  { name: /^rayproject\/ray(-ml)?$/, user: 'ray (uid 1000)' },
  { name: /^locustio\/locust$/, user: 'locust' },
  { name: /^seldonio\/mlserver$/, user: '1000' },
  { name: /^pytorch\/torchserve(-kfs|-nightly)?$/, user: 'model-server' },
  { name: /^(quay\.io\/)?jupyter\/[a-z-]+-notebook$/, user: 'jovyan (uid 1000)' },
  { name: /^kubeflownotebookswg\/[a-z0-9-]+$/, user: 'jovyan (uid 1000)' },
  { name: /^mambaorg\/micromamba$/, user: 'mambauser (uid 57439)' },
  { name: /^apache\/airflow$/, user: 'airflow (uid 50000)' },
  { name: /^nginxinc\/nginx-unprivileged$/, user: 'nginx (uid 101)' },
  { name: /^cgr\.dev\//, user: 'nonroot (uid 65532)' },
  // distroless and other images tagged `nonroot` (`:nonroot`, `:debug-nonroot`, `-nonroot`).
  { name: /[:-]nonroot$/, user: 'nonroot (uid 65532)' },
];

/** Images documented to run as root by default: official language and OS images and the common ML framework images. */
const ROOT_IMAGES: readonly RegExp[] = [
  /^[a-z0-9._-]+$/, // Docker official images (python, ubuntu, debian, alpine, node, golang…)
  /^(pytorch\/pytorch|tensorflow\/tensorflow|tensorflow\/serving|nvidia\/cuda|continuumio\/[a-z0-9-]+|condaforge\/[a-z0-9-]+|huggingface\/[a-z0-9-]+)$/,
  /^nvcr\.io\/nvidia\//,
  /^ghcr\.io\/mlflow\/mlflow$/,
  /^gcr\.io\/distroless\//,
  /^(public\.ecr\.aws\/)?(amazonlinux|lambda)\//,
  /^(mcr\.microsoft\.com\/)?(azureml|mirror\/docker\/library)\//,
];

/** `registry/repository` without the Docker Hub defaults, with `:tag` when `withTag`. */
export function imageName(image: ImageRef, withTag = false): string {
  const registry = image.registry && !/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(image.registry) ? `${image.registry}/` : '';
  const repo = registry ? image.repository : image.repository.replace(/^library\//, '');
  return `${registry}${repo}${withTag && image.tag ? `:${image.tag}` : ''}`;
}

/**
 * The last USER in force at the end of a Dockerfile's final stage, through `FROM <stage>` chains,
 * and the stage at the root of that chain (the one whose FROM names an image).
 */
export function finalUser(model: DockerfileFact): { user?: DockerfileUser; base: DockerfileStage } | undefined {
  let stage = model.stages[model.stages.length - 1];
  if (!stage) return undefined;
  let user: DockerfileUser | undefined;
  for (let depth = 0; depth < 32; depth++) {
    user ??= stage.users[stage.users.length - 1];
    if (stage.baseStage === undefined) break;
    stage = model.stages[stage.baseStage];
  }
  return { ...(user ? { user } : {}), base: stage };
}

/** Whether a Dockerfile's final stage starts from an image whose last name segment is `name`. */
function buildsOn(model: DockerfileFact, name: string): boolean {
  const base = finalUser(model)?.base.image;
  return !!base && base.repository.split('/').pop()!.toLowerCase() === name;
}

/** The user part decides: `root:ml` and `0:1000` still run as uid 0. */
const ROOT_USER = /^(root|0)(:.*)?$/;

export function isRootUser(user: string): boolean {
  return ROOT_USER.test(user.trim());
}

/** Answers "which user does this base image run as?" for one analysis. */
export class BaseImageUsers {
  /**
   * @param workspace the facts index of every Dockerfile of the workspace
   * @param overrides `.mlsec.yaml` entries (`image name` → user), which win over the table
   */
  constructor(
    private readonly workspace: FactIndex,
    private readonly overrides: Record<string, string> = {},
  ) {}

  /** The default user of `image`, for a Dockerfile at `from` (which never counts as its own base). */
  userOf(image: ImageRef | undefined, from: string, depth = 0): BaseUser {
    if (!image) return { verdict: 'unknown', evidence: 'the base image is not known' };
    const name = imageName(image);
    const shown = imageName(image, true);
    if (image.unresolved) return { verdict: 'unknown', evidence: `the base image ${image.raw} is not resolved` };
    const override = this.overrides[name] ?? this.overrides[shown];
    if (typeof override === 'string') {
      const root = isRootUser(override);
      return { verdict: root ? 'root' : 'non-root', evidence: `${shown} runs as ${override} (configured in .mlsec.yaml)` };
    }
    const known = NON_ROOT_IMAGES.find((k) => k.name.test(name) || k.name.test(shown));
    if (known) return { verdict: 'non-root', evidence: `${shown} runs as the user ${known.user}` };
    const built = this.workspaceUser(image, from, depth);
    if (built) return built;
    if (ROOT_IMAGES.some((r) => r.test(name))) return { verdict: 'root', evidence: `${shown} runs as root` };
    return { verdict: 'unknown', evidence: `the default user of ${shown} is not known` };
  }

  /** Follows a base image built by exactly one other Dockerfile of the workspace. */
  private workspaceUser(image: ImageRef, from: string, depth: number): BaseUser | undefined {
    const last = image.repository.split('/').pop()!.toLowerCase();
    // A Dockerfile whose own base has the same name (`ubuntu/Dockerfile` FROM ubuntu) does not build that image.
    const candidates = this.workspace.dockerfilesBuilding(last).filter((d) => d.file !== from && !buildsOn(d, last));
    if (candidates.length !== 1 || depth > 8) return undefined;
    const built = candidates[0];
    const end = finalUser(built);
    if (!end) return undefined;
    const shown = imageName(image, true);
    if (end.user) {
      if (end.user.dynamic) return { verdict: 'unknown', evidence: `${shown} is built by ${built.file}, whose USER is not resolved`, builtBy: built.file };
      const root = isRootUser(end.user.value);
      return { verdict: root ? 'root' : 'non-root', evidence: `${shown} is built by ${built.file}, which ends with USER ${end.user.value}`, builtBy: built.file };
    }
    if (end.base.scratch) return { verdict: 'root', evidence: `${shown} is built by ${built.file} from scratch with no USER`, builtBy: built.file };
    const inner = this.userOf(end.base.image, built.file, depth + 1);
    return { verdict: inner.verdict, evidence: `${shown} is built by ${built.file}, which sets no USER (${inner.evidence})`, builtBy: built.file };
  }
}
