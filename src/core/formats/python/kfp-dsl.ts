// The KFP DSL in a Python file, read as the facts the IR reader gives the compiled pipeline: each
// component is a pipeline-step workload (the IR's executor), with its image, runtime installs and
// command, and each pipeline adds the task graph and task settings. Returned as a `kfp` document
// of the Python file, so every rule that applies to the IR applies at the Python node.

import type { SyntaxNode } from '@lezer/common';
import { emptyFacts, type Facts } from '../../facts/model';
import { readComponent, type DslComponent } from './kfp-components';
import { compiledFunctions, finishTasks, readCompiles, readPipeline, type PipelineCtx } from './kfp-pipelines';
import { decoratorName } from './kfp-values';
import { readLoadedComponents } from './kfp-loaded';
import type { PyModule } from './module';
import type { Problem } from '../../model';

const COMPONENT_DECORATORS = new Set(['kfp.dsl.component', 'kfp.components.component', 'kfp.dsl.container_component', 'kfp.dsl.notebook_component']);
const PIPELINE_DECORATORS = new Set(['kfp.dsl.pipeline']);

interface Decorated {
  fn: SyntaxNode;
  decorator: SyntaxNode;
  callee: string;
}

/** Decorated functions whose decorator is a KFP component or pipeline decorator, in source order. */
function decorated(m: PyModule): Decorated[] {
  const out: Decorated[] = [];
  for (const statement of m.decorated) {
    const fn = statement.getChild('FunctionDefinition');
    if (!fn) continue;
    for (const decorator of statement.getChildren('Decorator')) {
      const callee = decoratorName(m, decorator);
      if (callee && (COMPONENT_DECORATORS.has(callee) || PIPELINE_DECORATORS.has(callee))) out.push({ fn, decorator, callee });
    }
  }
  return out;
}

/** The KFP facts of a module with the notes of component text it loads, or undefined when it defines or loads no component or pipeline. */
export function readKfpDsl(m: PyModule): { facts: Facts; notes: Problem[] } | undefined {
  if (!m.modules.has('kfp')) return undefined;
  const found = decorated(m);
  const facts = emptyFacts();
  const loaded = readLoadedComponents(m, facts);
  if (!found.length && !loaded.components.length && !facts.workloads.length && !facts.urls.length) return undefined;
  const components = new Map<string, DslComponent>();
  for (const d of found) {
    if (!COMPONENT_DECORATORS.has(d.callee)) continue;
    const c = readComponent(m, d.fn, d.decorator, d.callee, facts);
    if (c && !components.has(c.name)) components.set(c.name, c);
  }
  for (const c of loaded.components) {
    if (components.has(c.name)) continue;
    components.set(c.name, c);
    // A component from a file or URL is described where it is written; its tasks are joined to it.
    if (c.kind === 'external') facts.workloads.push(c.workload);
  }
  const ctx: PipelineCtx = { m, facts, components, tasks: new Map() };
  for (const d of found) if (PIPELINE_DECORATORS.has(d.callee)) readPipeline(ctx, d.fn, d.decorator, d.callee);
  const anchors = finishTasks(ctx);
  const compiled = compiledFunctions(m);
  for (const c of components.values()) {
    if (c.kind === 'external') continue;
    const anchor = anchors.get(c) ?? compiled.get(c.name);
    facts.containerSecurity.push({
      workloadId: c.workload.id,
      podId: c.workload.id,
      name: c.workload.name,
      securityAnchor: c.workload.anchor,
      securityContextApplies: false,
      securityEdits: {},
      capabilitiesAdd: [],
      resourcesAnchor: anchor ?? c.workload.anchor,
      // Limits are set on tasks, so only components used by a pipeline of this file, or compiled
      // on their own, can be checked.
      limitsApply: !!anchor,
    });
  }
  readCompiles(m, facts);
  return { facts, notes: loaded.notes };
}
