// container/runs-as-root: the final image or the pod runs its processes as root.

import type { DockerfileFact, DockerfileStage } from '../../facts/dockerfile';
import { BaseImageUsers, finalUser, isRootUser } from './base-image-user';
import { securedContainers } from '../container-support';
import { FactIndex } from '../../facts/fact-index';
import { emptyFacts } from '../../facts/model';
import type { Report, RuleContext } from '../rule';
import { defineRule } from '../rule';
import { fixOf } from '../util';

export const NON_ROOT_UID = '10001';

function* dockerfileReports(model: DockerfileFact, users: BaseImageUsers): Generator<Report> {
  const final = model.stages[model.stages.length - 1];
  const end = finalUser(model);
  if (!final || !end) return;
  const last = end.user;
  if (last) {
    if (last.dynamic || !isRootUser(last.value)) return;
    if (!final.users.includes(last)) {
      yield { message: `The final stage inherits USER ${last.value} from its base stage, so the container runs as root.`, loc: final.fromLoc };
      return;
    }
    yield {
      message: `The final stage switches to USER ${last.value}, so the container runs as root and a compromise of the process owns the container.`,
      loc: last.loc,
      fixes: [
        {
          title: `Run as the unprivileged user ${NON_ROOT_UID}`,
          kind: 'review',
          edits: [{ file: model.file, start: last.loc.start, end: last.loc.end, newText: NON_ROOT_UID }],
        },
      ],
    };
    return;
  }
  const base = end.base.scratch ? { verdict: 'root' as const, evidence: '' } : users.userOf(end.base.image, model.file);
  if (base.verdict === 'non-root') return;
  const anchor = { file: model.file, start: final.fromLoc.start, end: Math.min(final.fromLoc.end, final.fromLoc.start + 4) };
  const message =
    base.verdict === 'unknown'
      ? `The final stage sets no USER and ${base.evidence}, so the container runs as root unless that image sets a non-root USER.`
      : `The final stage sets no USER, so the container runs as root and a compromise of the process owns the container${base.builtBy ? ` (${base.evidence})` : ''}.`;
  yield {
    message,
    loc: anchor,
    ...(base.verdict === 'unknown' ? { severity: 'low' as const } : {}),
    fixes: [
      {
        title: `Add USER ${NON_ROOT_UID} at the end of the final stage`,
        kind: 'review',
        edits: [{ file: model.file, start: final.endOffset, end: final.endOffset, newText: userInsertion(model, final) }],
      },
    ],
  };
}

/** The workspace's Dockerfiles and the configured default users, for following base images. */
function baseImageUsers(ctx: RuleContext): BaseImageUsers {
  const dockerfiles = ctx.index.ofFormat('dockerfile').flatMap((d) => d.facts.dockerfiles);
  // The analysed facts hold every Dockerfile of a workspace scan; an editor's analysis of one file looks across the workspace.
  const workspace = dockerfiles.length === ctx.facts.dockerfiles.length ? ctx.factIndex : new FactIndex({ ...emptyFacts(), dockerfiles });
  const configured = ctx.options.baseImageUsers;
  const overrides: Record<string, string> = {};
  if (configured && typeof configured === 'object') for (const [k, v] of Object.entries(configured)) if (typeof v === 'string' || typeof v === 'number') overrides[k] = String(v);
  return new BaseImageUsers(workspace, overrides);
}

/** The text that appends `USER 10001` after the stage's last instruction. */
function userInsertion(model: DockerfileFact, stage: DockerfileStage): string {
  const needsBreak = stage.endOffset === model.textLength && !model.finalNewline;
  return needsBreak ? `${model.eol}USER ${NON_ROOT_UID}` : `USER ${NON_ROOT_UID}${model.eol}`;
}

/** Pods and pipeline templates: root unless `runAsNonRoot: true` or a non-zero `runAsUser` (container overrides pod). */
function kubernetesReports(index: FactIndex): Report[] {
  const out: Report[] = [];
  for (const { w, c } of securedContainers(index, true)) {
    const sc = w.container!.securityContext;
    if (w.format === 'compose') {
      // A service without `user` runs as its image's USER, which the image's own Dockerfile decides.
      const loc = sc.locs.runAsUser;
      if (sc.runAsUser === 0 && loc) out.push({ message: `Service "${c.name}" sets its user to root, so it runs as root and a compromise of the process owns the container.`, loc });
      continue;
    }
    if (sc.runAsUser === 0 && sc.locs.runAsUser) {
      const loc = sc.locs.runAsUser;
      out.push({
        message: `Container "${c.name}" sets runAsUser: 0, so it runs as root and a compromise of the process owns the container.`,
        loc,
        fixes: [fixOf(`Run as the unprivileged user ${NON_ROOT_UID}`, 'review', loc, [{ start: loc.start, end: loc.end, newText: NON_ROOT_UID }])],
      });
      continue;
    }
    if (sc.runAsNonRoot === true || (sc.runAsUser !== undefined && sc.runAsUser > 0)) continue;
    const loc = sc.runAsNonRoot === false && sc.locs.runAsNonRoot ? sc.locs.runAsNonRoot : c.securityAnchor;
    const edits = c.securityEdits.runAsNonRoot;
    out.push({
      message: `Container "${c.name}" does not require a non-root user (runAsNonRoot: true), so it runs as root whenever its image does.`,
      loc,
      ...(edits ? { fixes: [fixOf('Require a non-root user (runAsNonRoot: true)', 'review', loc, edits)] } : {}),
    });
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'container/runs-as-root',
    title: 'Container runs as root',
    description:
      'Dockerfile: the final stage has no USER instruction (directly or through `FROM <stage>`), or its last USER is root/0; builder stages are not reported. With no USER, the base image decides: images documented to run as a non-root user are not reported (rayproject/ray and ray-ml, locustio/locust, seldonio/mlserver, pytorch/torchserve, Jupyter docker stacks, Kubeflow notebook images, mambaorg/micromamba, apache/airflow, nginxinc/nginx-unprivileged, Chainguard, images tagged `nonroot` such as distroless), nor is an image built by another Dockerfile of the workspace (`base/Dockerfile`, `Dockerfile.base` or `base.Dockerfile` for an image named `…/base`) whose final USER is not root. Official images, `FROM scratch` and the common framework images (pytorch/pytorch, tensorflow, nvidia/cuda, NGC) run as root; any other base image is reported at low severity, saying its default user is not known. The rule option `baseImageUsers` (image name → user) adds or overrides entries, e.g. `rules: {container/runs-as-root: {options: {baseImageUsers: {registry.example.com/ml/base: app}}}}`. Pods and pipeline templates: no `runAsNonRoot: true`, or `runAsUser: 0`. docker-compose services: `user: root` or `user: 0` (a service without `user` runs as its image’s USER).',
    explanation:
      'A process running as root inside the container holds every capability the runtime grants, can modify the image’s own code and libraries, and is one kernel or runtime bug away from the host. Training and serving code parses untrusted data and models all day; running it unprivileged limits what a successful exploit gets.',
    example: {
      language: 'dockerfile',
      bad: 'FROM python:3.12-slim\nCOPY serve.py .\nCMD ["python", "serve.py"]',
      good: 'FROM python:3.12-slim\nCOPY serve.py .\nUSER 10001\nCMD ["python", "serve.py"]',
    },
    formats: ['dockerfile', 'kubernetes', 'argo', 'kfp', 'kserve', 'seldon', 'kubeflow-training', 'compose'],
    severity: 'medium',
    fixes: ['review'],
    stride: ['E'],
    atlas: ['AML.T0105'],
    owasp: ['ML06'],
    references: ['https://docs.docker.com/reference/dockerfile/#user', 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
    equivalents: ['hadolint DL3002', 'Trivy DS-0002/KSV-0012', 'Checkov CKV_DOCKER_8/CKV_K8S_23/CKV_ARGO_2'],
  },
  *check(ctx) {
    const models = ctx.facts.dockerfiles;
    const users = models.length ? baseImageUsers(ctx) : undefined;
    for (const model of models) yield* dockerfileReports(model, users!);
    yield* kubernetesReports(ctx.factIndex);
  },
});
