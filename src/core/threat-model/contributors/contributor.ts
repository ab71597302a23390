// The shape of a threat-model inference contributor: one kind of element, flow or evidence,
// added through the builder from the indexed facts.

import type { InferenceContext } from '../context';

export interface Contributor {
  /** Stable name, as listed in the registry and the architecture document. */
  id: string;
  /** What the contributor draws, in one sentence. */
  description: string;
  contribute(ctx: InferenceContext): void;
}
