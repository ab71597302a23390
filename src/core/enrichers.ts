// The workspace enrichers (hashing, signature checks) run after parsing and before the rules.

import type { Enricher } from './enricher';
import { modelSignatureEnricher } from './artifacts/signature-check';
import { dvcIntegrityEnricher } from './formats/dvc/integrity';

export const enrichers: Enricher[] = [modelSignatureEnricher, dvcIntegrityEnricher];
