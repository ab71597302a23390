// The threat template catalogue, in evaluation order (which is also the order threats of one
// target are listed in): STRIDE per element and flow, supply chain, data, models, inference
// endpoints, the host, and privacy. A test checks that every rule a template names is a real rule.

import { CONTAINER } from './container';
import { LINDDUN } from './linddun';
import { ML_DATA } from './ml-data';
import { ML_MODEL } from './ml-model';
import { ML_SERVING } from './ml-serving';
import { STRIDE_EXTERNAL } from './stride-external';
import { STRIDE_FLOW } from './stride-flow';
import { STRIDE_PROCESS } from './stride-process';
import { STRIDE_STORE } from './stride-store';
import { SUPPLY_CHAIN } from './supply-chain';
import type { ThreatTemplate } from './template';

export const TEMPLATES: readonly ThreatTemplate[] = [
  ...STRIDE_PROCESS,
  ...STRIDE_EXTERNAL,
  ...STRIDE_STORE,
  ...STRIDE_FLOW,
  ...SUPPLY_CHAIN,
  ...ML_DATA,
  ...ML_MODEL,
  ...ML_SERVING,
  ...CONTAINER,
  ...LINDDUN,
];

/** Every rule id some template turns into an open threat. */
export function templatedRuleIds(): Set<string> {
  return new Set(TEMPLATES.flatMap((t) => t.rules));
}

export type { AnyTemplate, ElementTemplate, FlowTemplate, ThreatTemplate } from './template';
