// The workspace enrichers (hashing, signature checks) run after parsing and before the rules.

import type { Enricher } from './engine';

export const enrichers: Enricher[] = [];
