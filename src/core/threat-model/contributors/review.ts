// Contributor: the reviewer's part of the model from `.mlsec.yaml`: added boundaries, elements
// and flows, personal data, corrected properties and what is out of scope.

import { applyReview } from '../review';
import type { Contributor } from './contributor';

export const review: Contributor = {
  id: 'review',
  description: 'Boundaries, elements, flows, personal data, properties and scope the reviewer wrote in .mlsec.yaml.',
  contribute(ctx) {
    applyReview(ctx, ctx.input.review, ctx.input.reviewLocator);
  },
};
