// Contributor: the cross-file joins: the Dockerfile that builds each runtime image, the stage
// that writes each model serving loads, and the cloud account the cluster runs in.

import { joinImageBuilds, joinModelUris, nestCluster } from '../joins';
import { reviewImageHints } from '../review';
import type { Contributor } from './contributor';

export const joins: Contributor = {
  id: 'joins',
  description: 'Image-to-Dockerfile and model-to-producer joins, and the cluster placed in its cloud account.',
  contribute(ctx) {
    const { review, reviewLocator, buildHints, rootName } = ctx.input;
    joinImageBuilds(ctx, [...reviewImageHints(review, reviewLocator), ...buildHints], rootName);
    joinModelUris(ctx);
    nestCluster(ctx);
  },
};
