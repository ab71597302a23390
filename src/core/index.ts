// The public entry point of the core: build an engine with every reader, enricher and rule.

import { Engine } from './engine';
import { enrichers } from './enrichers';
import { readers } from './formats';
import { rules } from './rules';

export function createEngine(): Engine {
  return new Engine(rules, readers, enrichers);
}

export { Engine } from './engine';
export type { AnalysisResult, Enricher } from './engine';
export * from './model';
export { SourceFile } from './source';
export { DocumentIndex } from './document';
export type { ParsedDocument } from './document';
export { scanWorkspace, loadWorkspaceConfig, readForAnalysis, decodeText } from './workspace/scan';
export { applyEdits, editsByFile, nonOverlapping } from './fixes';
export { defaultConfig, mergeConfig, parseConfig } from './config';
export type { MlsecConfig } from './config';
