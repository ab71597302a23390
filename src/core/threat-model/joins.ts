// Cross-file joins: which Dockerfile builds the image a pipeline step runs, which stage writes the
// model a serving deployment loads, and where the cluster sits. Each join records its reason and
// the locations on both sides, so a reviewer can check it.
//
// Image to Dockerfile, in this order (the first that gives exactly one Dockerfile wins):
// 1. `.mlsec.yaml` `threat-model.images` maps an image name to a Dockerfile path.
// 2. A build file tags the image: docker-compose `build` + `image`, skaffold `artifacts`,
//    `docker build -t` in CI workflows, Makefiles and scripts, GitHub's build-push-action `tags`.
//    The image's registry and repository must equal the tag's (tags and digests are ignored).
// 3. Dockerfile path naming: `NAME/Dockerfile`, `docker/NAME/Dockerfile`, `NAME/docker/Dockerfile`,
//    `Dockerfile.NAME`, `NAME.Dockerfile`, and a root `Dockerfile` named after the workspace
//    folder. The last segment of the image repository must equal NAME (case-insensitive, `_` as `-`).
// Model to producer: the storage URI's path and a stage output's (or a workspace model's) path end
// in the same segments; the longest match wins, a tie joins nothing, and a single matching segment
// counts only when it is a file name (has an extension).

import { parseImageParts } from '../facts/image';
import type { ImageRef, LineageFact } from '../facts/model';
import type { Loc } from '../model';
import { assetKindOfPath, commonSuffix, normaliseName, normalisePath, parseUri, pathSegments, registryOf, storageLocation } from './classify';
import type { InferenceContext, ModelLoad } from './context';
import { imageAsset, registryElement } from './parts';

/** A place outside the pipeline definitions that says which Dockerfile builds which image. */
export interface ImageBuildHint {
  /** The image as tagged (`registry/repo:tag`). */
  image: string;
  /** Workspace-relative path of the Dockerfile. */
  dockerfile: string;
  /** Multi-stage build target, when the build names one. */
  target?: string;
  /** Where the hint is written. */
  loc: Loc;
  source: 'compose' | 'skaffold' | 'ci-workflow' | 'makefile' | 'script' | 'review';
}

/** Directory names that say "container stuff" rather than naming the image. */
const GENERIC_DIRS = new Set(['docker', 'dockerfiles', 'containers', 'container', 'build', 'images', 'image', '.devcontainer', 'deploy', 'deployment', 'ci', '.github']);

/** Image names a Dockerfile's path suggests. */
export function namesFromDockerfilePath(path: string, rootName?: string): string[] {
  const segs = pathSegments(path);
  const file = segs[segs.length - 1] ?? '';
  const dirs = segs.slice(0, -1);
  const names: string[] = [];
  const dotted = /^dockerfile\.(.+)$/i.exec(file) ?? /^(.+)\.dockerfile$/i.exec(file);
  if (dotted) names.push(dotted[1]);
  else {
    const named = [...dirs].reverse().find((d) => !GENERIC_DIRS.has(d.toLowerCase()));
    if (named) names.push(named);
    else if (rootName) names.push(rootName);
  }
  return names.map(normaliseName);
}

function sameImage(a: { registry?: string; repository: string }, b: { registry?: string; repository: string }): boolean {
  const ra = registryOf({ registry: a.registry, repository: a.repository }).host;
  const rb = registryOf({ registry: b.registry, repository: b.repository }).host;
  const repo = (x: { registry?: string; repository: string }) => (registryOf(x).host === 'docker.io' && !x.repository.includes('/') ? `library/${x.repository}` : x.repository);
  return ra === rb && repo(a) === repo(b);
}

/** Links each runtime image to the Dockerfile that builds it and adds the image-push flow. */
export function joinImageBuilds(inf: InferenceContext, hints: readonly ImageBuildHint[], rootName?: string): void {
  const b = inf.b;
  const builds = new Map<string, { id: string; stage: string; start: number }[]>();
  for (const w of inf.facts.workloads) {
    if (w.kind !== 'image-build') continue;
    const id = b.byWorkload.get(w.id);
    if (!id) continue;
    const list = builds.get(w.loc.file) ?? [];
    list.push({ id, stage: w.name, start: w.loc.start });
    builds.set(w.loc.file, list);
  }
  if (!builds.size) return;
  /** The element of the stage a build produces: the named target, else the last stage. */
  const stageOf = (file: string, target?: string): string | undefined => {
    const list = builds.get(file);
    if (!list) return undefined;
    if (target) {
      const t = list.find((s) => s.stage === target || s.stage.endsWith(` ${target}`) || s.stage.endsWith(`(${target})`));
      if (t) return t.id;
    }
    return [...list].sort((x, y) => y.start - x.start)[0].id;
  };
  const pathNames = new Map<string, string[]>();
  for (const file of builds.keys()) pathNames.set(file, namesFromDockerfilePath(file, rootName));

  for (const image of inf.facts.images) {
    if (image.role === 'build-base' || image.unresolved) continue;
    const runner = inf.workloadElement(image.workloadId, image.loc);
    if (!runner || b.elements.get(runner)?.role === 'image-build') continue;
    const match = matchBuild(image, hints, builds, pathNames);
    if (match.ambiguous) {
      b.note('info', `The image ${image.raw} matches several Dockerfiles (${match.ambiguous.join(', ')}); it is not linked to a build.`, image.loc);
      continue;
    }
    if (!match.file) continue;
    const build = stageOf(match.file, match.hint?.target);
    if (!build) continue;
    const runnerEl = b.elements.get(runner)!;
    runnerEl.builtBy = build;
    const registry = registryElement(inf, image);
    const asset = imageAsset(inf, image);
    b.hold(build, asset);
    const evidence = [...(match.hint ? [match.hint.loc] : []), image.loc];
    b.flow({
      kind: 'image-push',
      source: build,
      target: registry,
      assets: [asset],
      evidence,
      join: { kind: 'image-build', reason: match.reason, evidence },
    });
  }
}

function matchBuild(
  image: ImageRef,
  hints: readonly ImageBuildHint[],
  builds: Map<string, unknown>,
  pathNames: Map<string, string[]>,
): { file?: string; hint?: ImageBuildHint; reason: string; ambiguous?: string[] } {
  const exact = hints.filter((h) => builds.has(h.dockerfile) && sameImage(parseImageParts(h.image), image));
  const files = [...new Set(exact.map((h) => h.dockerfile))];
  if (files.length === 1) {
    const hint = [...exact].sort((a, c) => (a.source === 'review' ? -1 : c.source === 'review' ? 1 : 0))[0];
    const how = hint.source === 'review' ? '.mlsec.yaml maps' : `${hint.loc.file} builds`;
    return { file: files[0], hint, reason: `${how} ${hint.image} from ${hint.dockerfile}` };
  }
  if (files.length > 1) {
    const review = exact.filter((h) => h.source === 'review');
    if (review.length === 1) return { file: review[0].dockerfile, hint: review[0], reason: `.mlsec.yaml maps ${review[0].image} to ${review[0].dockerfile}` };
    return { reason: '', ambiguous: files.sort() };
  }
  const segs = image.repository.split('/');
  const last = normaliseName(segs[segs.length - 1] ?? '');
  const byName = [...pathNames.entries()].filter(([, names]) => names.includes(last)).map(([f]) => f);
  if (byName.length === 1) return { file: byName[0], reason: `the image name ${last} matches the Dockerfile path ${byName[0]}` };
  if (byName.length > 1) return { reason: '', ambiguous: byName.sort() };
  return { reason: '' };
}

/** Links models that serving loads from storage to the stage output or workspace model with the same path ending. */
export function joinModelUris(inf: InferenceContext): void {
  const b = inf.b;
  const outputs = inf.index.outputs;
  const localModels = inf.facts.models.filter((m) => !parseUri(m.path).scheme);
  for (const load of inf.modelLoads) {
    const sl = storageLocation(load.uri);
    const segs = pathSegments(sl.path);
    if (!segs.length) continue;
    if (joinRemoteOutputs(inf, load, outputs)) continue;
    type Cand = { score: number; path: string; loc: Loc; workloadId?: string; serialization?: string; hashes?: Record<string, string> };
    const cands: Cand[] = [];
    for (const o of outputs) {
      if (parseUri(o.path).scheme) continue;
      cands.push({ score: commonSuffix(segs, pathSegments(o.path)), path: o.path, loc: o.loc, workloadId: o.workloadId, hashes: o.hashes });
    }
    for (const m of localModels) cands.push({ score: commonSuffix(segs, pathSegments(m.path)), path: m.path, loc: m.loc, ...(m.serialization ? { serialization: m.serialization } : {}) });
    const best = Math.max(0, ...cands.map((c) => c.score));
    if (!best) continue;
    const top = cands.filter((c) => c.score === best);
    // A stage output and the model file it wrote are one candidate: group by path, then by stage.
    const producers = new Set(top.map((c) => normalisePath(c.path)));
    const stages = new Set(top.map((c) => c.workloadId).filter(Boolean));
    if (producers.size !== 1 || stages.size > 1) {
      b.note('info', `The model at ${load.uri} matches several outputs (${[...new Set(top.map((c) => c.path))].sort().join(', ')}); it is not linked to one.`, load.loc);
      continue;
    }
    if (best === 1 && !/\.[a-z0-9]+$/i.test(segs[segs.length - 1])) continue;
    const flow = b.flows.get(load.flow)!;
    const asset = b.assets.get(load.asset)!;
    const withProducer = top.find((c) => c.workloadId);
    const withFormat = top.find((c) => c.serialization);
    if (withFormat?.serialization && !asset.format) asset.format = withFormat.serialization;
    // The local copy is the same model: carrying it lets findings on the model file reach the serving flow.
    const localPath = normalisePath(top[0].path);
    const local = b.asset(assetKindOfPath(localPath), `path|${localPath}`, localPath, { uri: localPath, ...(asset.format ? { format: asset.format } : {}) });
    if (!flow.assets.includes(local)) flow.assets.push(local);
    const evidence = [top[0].loc, load.loc];
    const reason = `${load.uri} ends like ${top[0].path}`;
    if (!flow.join) flow.join = { kind: 'model-uri', reason, evidence };
    if (withProducer?.workloadId) {
      const producer = b.byWorkload.get(withProducer.workloadId);
      if (!producer) continue;
      Object.assign(asset.hashes, withProducer.hashes ?? {});
      b.flow({
        kind: 'model-publish',
        source: producer,
        target: flow.source,
        assets: [asset.id, local],
        integrity: { checksum: Object.keys(withProducer.hashes ?? {}).length > 0 },
        evidence,
        join: { kind: 'model-uri', reason: `${reason}: the serving deployment loads the model this stage writes`, evidence },
      });
    }
  }
}

/** A storage URI without its trailing slashes, for comparing a model folder with what was written into it. */
function trimUri(uri: string): string {
  return uri.trim().replace(/\/+$/, '');
}

/**
 * Links a model that serving loads to the steps that write the same storage location (the URI
 * itself, a file inside the loaded folder, or the folder that holds the loaded file). True when
 * a writer was found.
 */
function joinRemoteOutputs(inf: InferenceContext, load: ModelLoad, outputs: readonly LineageFact[]): boolean {
  const b = inf.b;
  const want = trimUri(load.uri);
  const writers = outputs.filter((o) => {
    if (!parseUri(o.path).scheme) return false;
    const have = trimUri(o.path);
    return have === want || have.startsWith(`${want}/`) || want.startsWith(`${have}/`);
  });
  const producers = [...new Set(writers.map((o) => b.byWorkload.get(o.workloadId)).filter((x): x is string => !!x))].sort();
  if (!producers.length) return false;
  const flow = b.flows.get(load.flow)!;
  const names = producers.map((id) => b.elements.get(id)?.name ?? id);
  const evidence = [...writers.map((o) => o.loc), load.loc];
  flow.join ??= { kind: 'model-uri', reason: `${names.join(', ')} ${producers.length === 1 ? 'writes' : 'write'} ${writers[0].path}, which the serving deployment loads`, evidence };
  // The writer's publish flow carries the very model the serving flow loads.
  for (const f of b.flows.values()) {
    if (f.kind === 'model-publish' && producers.includes(f.source) && f.target === flow.source && !f.assets.includes(load.asset)) f.assets.push(load.asset);
  }
  return true;
}

/** Places the cluster in the cloud account when the pipeline touches exactly one. */
export function nestCluster(inf: InferenceContext): void {
  const b = inf.b;
  const cluster = [...b.boundaries.values()].find((x) => x.kind === 'cluster');
  if (!cluster || cluster.parent) return;
  const clouds = [...b.boundaries.values()].filter((x) => x.kind === 'cloud-account');
  if (clouds.length !== 1) return;
  cluster.parent = clouds[0].id;
  cluster.note = `Assumed to run in ${clouds[0].name}, the only cloud account the pipeline uses.`;
}
