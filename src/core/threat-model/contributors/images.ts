// Contributor: the image pulls of workloads, from the registry of each image reference, with
// the image as an asset and whether it is pinned by tag or digest.

import type { ImageRef } from '../../facts/model';
import { hostName, isPrivateHost } from '../classify';
import type { InferenceContext } from '../context';
import { locKey } from '../locs';
import { imageAsset, registryElement } from '../parts';
import type { Contributor } from './contributor';

function imagePull(ctx: InferenceContext, image: ImageRef, target: string): void {
  const registry = registryElement(ctx, image);
  const asset = imageAsset(ctx, image);
  const local = image.registry ? isPrivateHost(image.registry) && /^(localhost|127\.)/.test(hostName(image.registry)) : false;
  ctx.b.flow({
    kind: 'image-pull',
    source: registry,
    target,
    name: image.role === 'build-base' ? 'base image' : 'image pull',
    protocol: local ? 'http' : 'https',
    encrypted: !local,
    assets: [asset],
    integrity: { digest: !!image.digest, pinned: !!image.digest || (!!image.tag && image.tag !== 'latest') },
    evidence: [image.loc],
  });
}

function addImage(ctx: InferenceContext, image: ImageRef): void {
  const direct = ctx.workloadElement(image.workloadId, image.loc);
  // An image declared once for several workloads (MLproject's docker_env) is pulled by each.
  const users = direct ? [direct] : (ctx.index.workloadsByImageLoc.get(locKey(image.loc)) ?? []).map((w) => ctx.b.byWorkload.get(w.id)).filter((x): x is string => !!x);
  if (!users.length) {
    ctx.b.note('info', `The image ${image.raw} is not used by a workload mlsec read; it is not drawn.`, image.loc);
    return;
  }
  for (const target of users) imagePull(ctx, image, target);
}

export const images: Contributor = {
  id: 'images',
  description: 'Image pulls from each image reference’s registry, with the image asset and its pinning.',
  contribute(ctx) {
    for (const i of ctx.facts.images) addImage(ctx, i);
  },
};
