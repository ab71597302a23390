// KFP pipelines written in Python: the tasks a `@dsl.pipeline` function creates from the file's
// components, the data and ordering between them, task settings (environment literals, cpu and
// memory limits and requests, accelerators), `kfp.kubernetes` secrets, volumes and node
// selectors, importers, the pipeline root, and `Compiler().compile` targets.

import type { SyntaxNode } from '@lezer/common';
import { factsFromEnvironment } from '../../facts/commands';
import type { Facts, SettingFact, Str, WorkloadFact } from '../../facts/model';
import type { Loc } from '../../model';
import { addPipelineRoot } from '../k8s/urls';
import { CallView } from './calls';
import type { DslComponent } from './kfp-components';
import { decoratorCall, normaliseKfp, strDict } from './kfp-values';
import type { PyCall, PyModule } from './module';
import { strOf } from './values';

/** One task: a call of a component inside a pipeline function. */
interface Task {
  component: DslComponent;
  call: PyCall;
  limits: Record<string, Str>;
  requests: Record<string, Str>;
}

/** What the pipeline reader keeps while it walks the pipelines of one file. */
interface PipelineCtx {
  m: PyModule;
  facts: Facts;
  components: Map<string, DslComponent>;
  /** Tasks by the offset of their component call. */
  tasks: Map<number, Task>;
}

const MAX_DEPTH = 16;

/** The task a node stands for: a component call, a method chain on one, or a name bound to one. */
function taskOf(ctx: PipelineCtx, node: SyntaxNode | null | undefined, depth = 0): Task | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  if (node.name === 'CallExpression') {
    const direct = ctx.tasks.get(node.from);
    if (direct && direct.call.node.to === node.to) return direct;
    const callee = node.firstChild;
    return callee?.name === 'MemberExpression' ? taskOf(ctx, callee.firstChild, depth + 1) : undefined;
  }
  if (node.name === 'VariableName') return taskOf(ctx, ctx.m.lookup(ctx.m.slice(node), ctx.m.scopeOf(node)), depth + 1);
  if (node.name === 'ParenthesizedExpression') return taskOf(ctx, node.firstChild?.nextSibling, depth + 1);
  return undefined;
}

/** Every task referenced inside a node (task outputs passed as arguments, `after(a, b)`). */
function tasksIn(ctx: PipelineCtx, node: SyntaxNode | undefined): Task[] {
  if (!node) return [];
  const out: Task[] = [];
  node.cursor().iterate((n) => {
    if (n.name !== 'VariableName' && n.name !== 'CallExpression') return undefined;
    const t = taskOf(ctx, n.node);
    if (t && !out.includes(t)) out.push(t);
    return t ? false : undefined;
  });
  return out;
}

function dependOn(w: WorkloadFact, producers: readonly Task[]): void {
  for (const p of producers) if (p.component.workload.id !== w.id && !w.dependsOn.includes(p.component.workload.id)) w.dependsOn.push(p.component.workload.id);
}

const LIMITS: Record<string, ['limits' | 'requests', string]> = {
  set_cpu_limit: ['limits', 'cpu'],
  set_memory_limit: ['limits', 'memory'],
  set_cpu_request: ['requests', 'cpu'],
  set_memory_request: ['requests', 'memory'],
  set_gpu_limit: ['limits', 'nvidia.com/gpu'],
  set_accelerator_limit: ['limits', 'nvidia.com/gpu'],
};

/**
 * A resource amount as written: a known string or number, or one known only when the pipeline
 * runs (a pipeline parameter), which is still a limit, as in the IR, kept as a `{{name}}` placeholder.
 */
function resourceValue(m: PyModule, c: CallView, keyword: string): Str | undefined {
  const v = c.value(keyword, 0);
  const known = strOf(v) ?? (v?.kind === 'num' ? { value: String(v.value), loc: v.loc } : undefined);
  if (known) return known;
  const node = c.arg(keyword, 0)?.value;
  return node ? { value: `{{${m.slice(node)}}}`, loc: m.file.loc(node.from, node.to) } : undefined;
}

/** A method called on a task: ordering, environment literals, resources. */
function readTaskMethod(ctx: PipelineCtx, c: CallView, task: Task): void {
  const w = task.component.workload;
  const method = c.method;
  if (method === 'after')
    dependOn(
      w,
      c.call.args.args.flatMap((a) => tasksIn(ctx, a.value)),
    );
  else if (method === 'set_env_variable') {
    const name = strOf(c.value('name', 0));
    const value = strOf(c.value('value', 1));
    if (name) addSettings(ctx, [{ name, ...(value ? { value } : {}), referenced: false, origin: 'k8s-env', workloadId: w.id }]);
  } else if (LIMITS[method]) {
    const [part, key] = LIMITS[method];
    const s = resourceValue(ctx.m, c, part === 'limits' ? 'limit' : 'request');
    if (s) task[part][key] = s;
  }
}

/** Environment settings and what they imply (PIP_EXTRA_INDEX_URL, PYTHONHTTPSVERIFY=0…), as for an IR container's env. */
function addSettings(ctx: PipelineCtx, settings: SettingFact[]): void {
  ctx.facts.settings.push(...settings);
  factsFromEnvironment(settings, 'run', 'kfp-packages', ctx.facts);
}

/** `kfp.kubernetes.<fn>(task, ...)`: secrets as env (referenced settings), volumes as mounts, node selectors. */
function readKubernetesCall(ctx: PipelineCtx, c: CallView): void {
  const fn = c.call.callee.slice('kfp.kubernetes.'.length);
  const task = taskOf(ctx, c.arg('task', 0)?.value);
  if (!task) return;
  const w = task.component.workload;
  if (fn === 'use_secret_as_env' || fn === 'use_config_map_as_env') {
    const key = fn === 'use_secret_as_env' ? 'secret_key_to_env' : 'config_map_key_to_env';
    const envs = strDict(ctx.m, c.arg(key, 2)?.value);
    addSettings(
      ctx,
      envs.map((e) => ({ name: e.value, referenced: fn === 'use_secret_as_env', origin: 'k8s-env', workloadId: w.id })),
    );
  } else if (fn === 'use_secret_as_volume' || fn === 'mount_pvc' || fn === 'use_config_map_as_volume' || fn === 'empty_dir_mount') {
    const name = strOf(c.value(fn === 'mount_pvc' ? 'pvc_name' : fn === 'empty_dir_mount' ? 'volume_name' : fn === 'use_secret_as_volume' ? 'secret_name' : 'config_map_name', 1));
    const mountPath = strOf(c.value('mount_path', 2));
    if (mountPath) w.container!.mounts.push({ name: name?.value ?? fn, mountPath: mountPath.value, readOnly: fn !== 'mount_pvc' && fn !== 'empty_dir_mount', loc: mountPath.loc });
  } else if (fn === 'add_node_selector') {
    const key = strOf(c.value('label_key', 1));
    const value = strOf(c.value('label_value', 2));
    if (key && value) (w.nodeSelector ??= {})[key.value] = value;
  }
}

/** `dsl.importer(artifact_uri=..., artifact_class=dsl.Model)`: an external artifact the pipeline reads. */
function readImporter(ctx: PipelineCtx, c: CallView): void {
  const uri = strOf(c.value('artifact_uri', 0));
  if (!uri) return;
  const cls = c.value('artifact_class', 1);
  const isModel = cls?.kind === 'ref' && /Model$/.test(cls.name);
  ctx.facts.urls.push({ url: uri, role: isModel ? 'model-storage' : 'data-dependency' });
  if (isModel) ctx.facts.models.push({ path: uri.value, loc: uri.loc, source: 'kfp', unsafeOnLoad: false });
}

/** The tasks, data passing and task settings of one pipeline function. */
function readPipelineBody(ctx: PipelineCtx, fn: SyntaxNode): void {
  const inFn = ctx.m.calls.filter((c) => c.node.from >= fn.from && c.node.to <= fn.to);
  for (const call of inFn) {
    const component = !call.imported ? ctx.components.get(call.callee) : undefined;
    if (component) ctx.tasks.set(call.node.from, { component, call, limits: {}, requests: {} });
  }
  for (const call of inFn) {
    const c = new CallView(ctx.m, call);
    const task = ctx.tasks.get(call.node.from);
    if (task?.call === call)
      dependOn(
        task.component.workload,
        call.args.args.flatMap((a) => tasksIn(ctx, a.value)),
      );
    else if (call.imported && call.callee.startsWith('kfp.kubernetes.')) readKubernetesCall(ctx, c);
    else if (call.imported && normaliseKfp(call.callee) === 'kfp.dsl.importer') readImporter(ctx, c);
    else if (call.node.firstChild?.name === 'MemberExpression') {
      const receiver = taskOf(ctx, call.node.firstChild.firstChild);
      if (receiver) readTaskMethod(ctx, c, receiver);
    }
  }
}

/** Reads a `@dsl.pipeline` function: its root, parameter defaults and tasks. */
export function readPipeline(ctx: PipelineCtx, fn: SyntaxNode, decorator: SyntaxNode, callee: string): void {
  const view = decoratorCall(ctx.m, decorator, callee);
  const root = strOf(view.value('pipeline_root'));
  if (root) addPipelineRoot(ctx.facts, `${ctx.m.file.path}/pipeline-root`, root);
  readPipelineBody(ctx, fn);
}

/** Resources the tasks of each component set, and where a missing limit is shown: the first task without it. */
export function finishTasks(ctx: PipelineCtx): Map<DslComponent, Loc> {
  const anchors = new Map<DslComponent, Loc>();
  const byComponent = new Map<DslComponent, Task[]>();
  for (const t of ctx.tasks.values()) byComponent.set(t.component, [...(byComponent.get(t.component) ?? []), t]);
  for (const [component, tasks] of byComponent) {
    const res = component.workload.container?.resources;
    // A limit holds for the component only when every task sets it.
    for (const part of ['limits', 'requests'] as const) {
      if (!res) break;
      const keys = new Set(tasks.flatMap((t) => Object.keys(t[part])));
      for (const k of keys) if (tasks.every((t) => t[part][k])) res[part][k] = tasks[0][part][k];
    }
    const lacking = tasks.find((t) => !t.limits.cpu || !t.limits.memory) ?? tasks[0];
    const callee = lacking.call.node.firstChild ?? lacking.call.node;
    anchors.set(component, ctx.m.file.loc(callee.from, callee.to));
  }
  return anchors;
}

function compileCalls(m: PyModule): CallView[] {
  return m.calls.filter((call) => call.imported && /^kfp\.(v2\.)?compiler\.Compiler\(\)\.compile$/.test(call.callee)).map((call) => new CallView(m, call));
}

/**
 * Functions named as what `Compiler().compile` compiles, with where they are named. A component
 * compiled on its own becomes a pipeline of one task with no resource settings.
 */
export function compiledFunctions(m: PyModule): Map<string, Loc> {
  const out = new Map<string, Loc>();
  for (const c of compileCalls(m)) {
    const fnArg = c.arg('pipeline_func', 0)?.value;
    if (fnArg?.name === 'VariableName' && !out.has(m.slice(fnArg))) out.set(m.slice(fnArg), m.file.loc(fnArg.from, fnArg.to));
  }
  return out;
}

/** `Compiler().compile(pipeline_func=p, package_path="p.yaml")` anywhere in the file. */
export function readCompiles(m: PyModule, facts: Facts): void {
  for (const c of compileCalls(m)) {
    const target = strOf(c.value('package_path', 1));
    if (!target) continue;
    const fnArg = c.arg('pipeline_func', 0)?.value;
    facts.pipelineCompiles.push({ target, loc: c.loc, ...(fnArg?.name === 'VariableName' ? { pipeline: m.slice(fnArg) } : {}) });
  }
}

export type { PipelineCtx };
