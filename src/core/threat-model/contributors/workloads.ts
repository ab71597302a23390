// Contributor: one process per workload (Dockerfile stage, container, pipeline step, DVC stage,
// MLproject entry…) in its zone, with the pod security settings it shows as controls and the
// extent of its definition as evidence, so findings inside it land on it.

import type { WorkloadFact } from '../../facts/model';
import type { Loc } from '../../model';
import { CLUSTER_FORMATS, type InferenceContext } from '../context';
import { contains } from '../locs';
import type { Element, ProcessRole } from '../model';
import type { Contributor } from './contributor';

const ROLE_OF_WORKLOAD: Record<WorkloadFact['kind'], ProcessRole> = {
  'image-build': 'image-build',
  container: 'container',
  'init-container': 'container',
  'pipeline-step': 'pipeline-step',
  'training-job': 'training-job',
  'inference-service': 'inference-service',
  notebook: 'notebook',
  'dvc-stage': 'dvc-stage',
  'mlproject-entry': 'training-job',
};

function workloadBoundary(ctx: InferenceContext, w: WorkloadFact): string | undefined {
  if (w.kind === 'image-build' || w.format === 'dockerfile') return ctx.zones.ciBuild();
  if (CLUSTER_FORMATS.has(w.format)) return ctx.zones.namespaceOrCluster(w.pod?.namespace);
  if (w.format === 'dvc' || w.format === 'mlflow') return ctx.zones.workstation();
  return undefined;
}

/**
 * Where a workload's definition extends in its file. Some readers locate a workload by its
 * header only (a Dockerfile stage by its FROM line); the facts that belong to it, and the stage
 * extents a Dockerfile reader records, show how far it reaches.
 */
function workloadExtent(ctx: InferenceContext, w: WorkloadFact): Loc[] {
  const file = w.loc.file;
  let start = w.loc.start;
  let end = w.loc.end;
  for (const l of ctx.index.locationsOf(w.id)) {
    if (l.file !== file) continue;
    start = Math.min(start, l.start);
    end = Math.max(end, l.end);
  }
  const out: Loc[] = [{ file, start, end }];
  // An image named once for several entries (MLproject's docker_env) belongs to each of them.
  if (w.image?.loc.file === file && !contains(out[0], w.image.loc)) out.push(w.image.loc);
  for (const st of ctx.index.stagesByWorkload.get(w.id) ?? []) {
    if (st.file !== file) continue;
    out.push({ file, start: st.fromLoc.start, end: Math.max(st.endOffset, st.fromLoc.end) });
    // Global ARGs before the first FROM belong to the image the file builds: its last stage.
    if (st.last && st.firstStart > 0) out.push({ file, start: 0, end: st.firstStart });
  }
  return out;
}

/** For Dockerfiles: the file names the image; a stage other than the last is named after it. */
function workloadName(ctx: InferenceContext, w: WorkloadFact): { name: string; intermediate: boolean } {
  if (w.kind !== 'image-build') return { name: w.name, intermediate: false };
  return ctx.index.lastBuildStage.get(w.loc.file) === w ? { name: w.loc.file, intermediate: false } : { name: `${w.loc.file} (${w.name})`, intermediate: true };
}

function runsAsRootOf(w: WorkloadFact): boolean | undefined {
  const sc = w.container?.securityContext;
  return sc?.runAsUser === 0 ? true : sc?.runAsNonRoot === true || (sc?.runAsUser ?? 0) > 0 ? false : undefined;
}

function addWorkload(ctx: InferenceContext, w: WorkloadFact, seen: Map<string, number>): void {
  const base = `workload|${w.format}|${w.loc.file}|${w.kind}|${w.name}`;
  const n = seen.get(base) ?? 0;
  seen.set(base, n + 1);
  const sc = w.container?.securityContext;
  const pod = w.pod;
  const hostAccess = [pod?.hostNetwork, pod?.hostPID, pod?.hostIPC].some((s) => s?.value === 'true') || (pod?.volumes ?? []).some((v) => v.kind === 'hostPath');
  const runsAsRoot = runsAsRootOf(w);
  const { name, intermediate } = workloadName(ctx, w);
  const id = ctx.b.element(n ? `${base}|${n}` : base, {
    kind: 'process',
    role: ROLE_OF_WORKLOAD[w.kind],
    name,
    description: `${w.kind.replace(/-/g, ' ')} defined in ${w.loc.file}`,
    boundary: workloadBoundary(ctx, w),
    properties: {
      ...(sc?.privileged !== undefined ? { privileged: sc.privileged } : {}),
      ...(runsAsRoot !== undefined ? { runsAsRoot } : {}),
      ...(hostAccess ? { hostAccess: true } : {}),
    },
    evidence: [w.anchor, w.loc, ...workloadExtent(ctx, w)],
    workloads: [w.id],
  });
  ctx.b.byWorkload.set(w.id, id);
  const el = ctx.b.elements.get(id)!;
  if (intermediate) el.intermediate = true;
  addSecurityControls(ctx, el, w, runsAsRoot);
}

/** Controls the container's security context and resource limits give. */
function addSecurityControls(ctx: InferenceContext, el: Element, w: WorkloadFact, runsAsRoot: boolean | undefined): void {
  const sc = w.container?.securityContext;
  if (sc) {
    const nonRootLoc = sc.locs.runAsNonRoot ?? sc.locs.runAsUser;
    if (runsAsRoot === false) ctx.b.control(el, { kind: 'non-root', text: sc.runAsNonRoot ? 'runAsNonRoot: true' : `runs as user ${sc.runAsUser}`, ...(nonRootLoc ? { loc: nonRootLoc } : {}) });
    if (sc.allowPrivilegeEscalation === false && sc.privileged !== true) {
      const loc = sc.locs.allowPrivilegeEscalation;
      ctx.b.control(el, { kind: 'no-privilege-escalation', text: 'allowPrivilegeEscalation: false', ...(loc ? { loc } : {}) });
    }
    if (sc.readOnlyRootFilesystem === true) {
      const loc = sc.locs.readOnlyRootFilesystem;
      ctx.b.control(el, { kind: 'read-only-root-fs', text: 'readOnlyRootFilesystem: true', ...(loc ? { loc } : {}) });
    }
  }
  const limits = w.container?.resources.limits ?? {};
  if (limits.cpu && limits.memory) {
    const loc = w.container?.resources.loc ?? limits.memory.loc;
    ctx.b.control(el, { kind: 'resource-limits', text: `limits cpu ${limits.cpu.value}, memory ${limits.memory.value}`, loc });
  }
}

/** The one pipeline step of the first of a loaded step's component files that the workspace holds. */
function componentFileStep(ctx: InferenceContext, w: WorkloadFact): WorkloadFact | undefined {
  for (const path of w.componentFile ?? []) {
    const steps = ctx.index.workloadsIn(path).filter((s) => s.kind === 'pipeline-step' && !s.componentFile);
    if (steps.length === 1) return steps[0];
  }
  return undefined;
}

export const workloads: Contributor = {
  id: 'workloads',
  description: 'A process per workload, in its zone, with its pod security controls and the extent of its definition.',
  contribute(ctx) {
    const seen = new Map<string, number>();
    const loaded: WorkloadFact[] = [];
    for (const w of ctx.facts.workloads) {
      if (w.componentFile) loaded.push(w);
      else addWorkload(ctx, w, seen);
    }
    // A pipeline step loaded from a component file is that file's step: one process, not two.
    for (const w of loaded) {
      const defined = componentFileStep(ctx, w);
      const el = defined ? ctx.b.byWorkload.get(defined.id) : undefined;
      if (el) ctx.b.byWorkload.set(w.id, el);
      else addWorkload(ctx, w, seen);
    }
  },
};
