// Kubeflow Pipelines written in Python: the facts the KFP IR reader produces for the compiled
// pipeline, read from the DSL where the pipeline is written.

import type { Facts } from '../../facts/model';
import type { CallView } from './calls';
import type { PyModule } from './module';

export function readKfpDsl(m: PyModule, calls: readonly CallView[]): Facts | undefined {
  void m;
  void calls;
  return undefined;
}
