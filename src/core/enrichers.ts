// The workspace enrichers (hashing, signature checks) run after parsing and before the rules.

import type { Enricher } from './enricher';
import { modelSignatureEnricher } from './artifacts/signature-check';
import { dvcIntegrityEnricher } from './formats/dvc/integrity';
import { contextFilesEnricher } from './formats/dockerfile/context-files';

export const enrichers: Enricher[] = [modelSignatureEnricher, dvcIntegrityEnricher, contextFilesEnricher];
