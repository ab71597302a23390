// The inference contributor registry, in the order they run: later contributors find the parts
// earlier ones drew (a service promotes its workload, lineage reads the DVC stores, transport
// marks the flows drawn before it, the reviewer's word comes last).

import type { InferenceContext } from '../context';
import type { Contributor } from './contributor';
import { downloads } from './downloads';
import { exposure } from './exposure';
import { featureStores } from './feature-stores';
import { images } from './images';
import { installs } from './installs';
import { joins } from './joins';
import { lineage } from './lineage';
import { models } from './models';
import { payloadLogs } from './payload-logs';
import { pods } from './pods';
import { review } from './review';
import { services } from './services';
import { settings } from './settings';
import { stores } from './stores';
import { streams } from './streams';
import { transport } from './transport';
import { urls } from './urls';
import { workloads } from './workloads';

export const CONTRIBUTORS: readonly Contributor[] = [
  workloads,
  services,
  images,
  installs,
  downloads,
  stores,
  streams,
  featureStores,
  urls,
  settings,
  pods,
  models,
  payloadLogs,
  lineage,
  transport,
  joins,
  exposure,
  review,
];

/** Runs every contributor over the context, in registry order. */
export function runContributors(ctx: InferenceContext): void {
  for (const c of CONTRIBUTORS) c.contribute(ctx);
}

export type { Contributor } from './contributor';
