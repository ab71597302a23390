// KFP components written in Python: `@dsl.component` (base image, runtime package installs, index
// URLs and trusted hosts, target image) and `@dsl.container_component` returning `dsl.ContainerSpec`
// (image, command and args read as shell), as the facts the IR reader gives the compiled executor.

import type { SyntaxNode } from '@lezer/common';
import { factsFromScript, parsePipRequirement } from '../../facts/commands';
import { mergeFacts, type Facts, type ImageRef, type PackageInstallFact, type Str, type WorkloadFact } from '../../facts/model';
import type { Loc } from '../../model';
import { scriptFromArgv } from '../../shell/parse';
import { imageRef } from '../k8s/image';
import { makeImageRef } from '../../facts/image';
import { CallView } from './calls';
import { commandWord, decoratorCall, strList } from './kfp-values';
import type { PyModule } from './module';
import { children } from './syntax';
import { evaluate, strOf, type PyValue } from './values';

/** The image the SDK runs a lightweight component in when no `base_image` is given. */
export const KFP_DEFAULT_BASE_IMAGE = 'python:3.11';

/** One component defined in the file and the workload it compiles to. */
export interface DslComponent {
  /** The function name, which pipeline code calls to make a task. */
  name: string;
  /** `external`: loaded from a component file or URL, whose container this file does not describe. */
  kind: 'component' | 'container' | 'external';
  fn?: SyntaxNode;
  decorator?: SyntaxNode;
  workload: WorkloadFact;
}

/** Workload id of a component of a Python file, in the style of the IR's executor ids. */
export function dslWorkloadId(file: string, name: string): string {
  return `${file}#kfp/exec-${name.replace(/_/g, '-')}`;
}

function newWorkload(m: PyModule, name: string, fn: SyntaxNode, decorator: SyntaxNode): WorkloadFact {
  const id = dslWorkloadId(m.file.path, name);
  const nameNode = fn.getChild('VariableName');
  const loc = m.file.loc(decorator.parent?.from ?? decorator.from, fn.to);
  return {
    id,
    kind: 'pipeline-step',
    name: name.replace(/_/g, '-'),
    format: 'kfp',
    loc,
    anchor: nameNode ? m.file.loc(nameNode.from, nameNode.to) : loc,
    container: { securityContext: { capabilitiesAdd: [], capabilitiesDrop: [], locs: {} }, mappingLoc: loc, mounts: [], resources: { limits: {}, requests: {} }, ports: [] },
    dependsOn: [],
  };
}

/** Reads a `@dsl.component` or `@dsl.container_component` function into `facts`. */
export function readComponent(m: PyModule, fn: SyntaxNode, decorator: SyntaxNode, callee: string, facts: Facts): DslComponent | undefined {
  const nameNode = fn.getChild('VariableName');
  if (!nameNode) return undefined;
  const name = m.slice(nameNode);
  const w = newWorkload(m, name, fn, decorator);
  const kind = callee.endsWith('container_component') ? 'container' : 'component';
  facts.workloads.push(w);
  const view = decoratorCall(m, decorator, callee);
  if (kind === 'component') readLightweight(m, view, w, facts);
  else readContainerSpec(m, fn, w, facts);
  readParameterDefaults(m, fn, facts);
  return { name, kind, fn, decorator, workload: w };
}

/** The decorator's callee name, where findings about what the decorator leaves out are shown. */
function decoratorNameLoc(m: PyModule, decorator: SyntaxNode): Loc {
  const parts = children(decorator).filter((c) => c.name === 'VariableName');
  const last = parts[parts.length - 1] ?? decorator;
  const first = parts[0] ?? decorator;
  return m.file.loc(first.from, last.to);
}

/**
 * An image value as a reference that ends where a digest goes. A single plain literal is exact; a
 * joined or formatted string ending in a literal ends before its closing quote; any other
 * expression keeps its source text as written, so no digest is placed after it.
 */
function componentImage(m: PyModule, v: PyValue | undefined, w: WorkloadFact): ImageRef | undefined {
  if (v?.kind !== 'str') return undefined;
  if (v.exact) return imageRef({ value: v.value, loc: v.loc }, 'step', w.id);
  const written = m.text.slice(v.loc.start, v.loc.end);
  const quote = /("""|'''|"|')$/.exec(written);
  if (quote) return imageRef({ value: v.value, loc: m.file.loc(v.loc.start, v.loc.end - quote[1].length) }, 'step', w.id);
  return makeImageRef({ value: written, loc: v.loc }, v.value.trim(), false, 'step', w.id);
}

function readLightweight(m: PyModule, view: CallView, w: WorkloadFact, facts: Facts): void {
  const decorator = view.call.node;
  const at = decoratorNameLoc(m, decorator);
  const target = strOf(view.value('target_image'));
  // A containerized component runs in the image built from target_image; the base image only builds it.
  const runs = componentImage(m, view.value('target_image'), w) ?? componentImage(m, view.value('base_image'), w);
  w.image = runs ?? (view.arg('base_image') ? undefined : makeImageRef({ value: 'KFP default base image', loc: at }, KFP_DEFAULT_BASE_IMAGE, false, 'step', w.id));
  if (w.image) facts.images.push(w.image);
  const packagesArg = view.arg('packages_to_install');
  const packages = packagesArg ? (strList(view.value('packages_to_install')) ?? []) : [];
  const installKfp = view.value('install_kfp_package');
  const injectKfp = !(installKfp?.kind === 'bool' && !installKfp.value) && !target && !packages.some((p) => p.value.startsWith('kfp'));
  if (!packages.length && !injectKfp) return;
  const indexUrls = strList(view.value('pip_index_urls')) ?? [];
  const trustedHosts = strList(view.value('pip_trusted_hosts')) ?? [];
  const install: PackageInstallFact = {
    manager: 'pip',
    packages: packages.map((p) => parsePipRequirement(p.value, p.loc)),
    indexUrls: indexUrls.slice(0, 1),
    extraIndexUrls: indexUrls.slice(1),
    trustedHosts,
    requireHashes: false,
    // A containerized component's packages are installed when `kfp component build` makes its image.
    atRuntime: !target,
    loc: packagesArg ? m.file.loc(packagesArg.start, packagesArg.end) : at,
    origin: 'kfp-packages',
    workloadId: w.id,
  };
  // The SDK adds its own pinned kfp install; it fetches from the index each start as well.
  if (injectKfp) install.packages.push({ spec: 'kfp', name: 'kfp', pinnedVersion: 'sdk', kind: 'name', loc: at });
  facts.packageInstalls.push(install);
  for (const u of indexUrls) facts.urls.push({ url: u, role: 'package-index', workloadId: w.id });
  for (const h of trustedHosts) facts.tlsDisables.push({ what: `pip --trusted-host ${h.value}`, loc: h.loc, workloadId: w.id });
}

/** The `dsl.ContainerSpec(...)` a container component returns. */
function containerSpecCall(m: PyModule, fn: SyntaxNode): CallView | undefined {
  for (const c of m.calls) {
    if (c.node.from < fn.from || c.node.to > fn.to || !c.imported) continue;
    if (/^kfp\.(v2\.)?dsl\.ContainerSpec$/.test(c.callee)) {
      return new CallView(m, c);
    }
  }
  return undefined;
}

function argvOf(m: PyModule, view: CallView, keyword: string, position: number): Str[] {
  const node = view.arg(keyword, position)?.value;
  if (!node) return [];
  const v = evaluate(m, node);
  const known = strList(v);
  if (known) return known;
  const list = node.name === 'ArrayExpression' || node.name === 'TupleExpression' ? node : undefined;
  if (!list) return [commandWord(m, node)];
  return children(list)
    .filter((c) => !['[', ']', '(', ')', ','].includes(c.name))
    .map((c) => commandWord(m, c));
}

function readContainerSpec(m: PyModule, fn: SyntaxNode, w: WorkloadFact, facts: Facts): void {
  const spec = containerSpecCall(m, fn);
  if (!spec) return;
  const image = componentImage(m, spec.value('image', 0), w);
  if (image) {
    w.image = image;
    facts.images.push(image);
  }
  const argv = [...argvOf(m, spec, 'command', 1), ...argvOf(m, spec, 'args', 2)];
  if (!argv.length) return;
  const script = scriptFromArgv(argv, new Map(), m.text);
  const scriptFacts = factsFromScript(script, { origin: 'kfp-executor', phase: 'run', workloadId: w.id, file: m.file.path });
  for (const p of scriptFacts.packageInstalls) {
    p.atRuntime = true;
    p.origin = 'kfp-packages';
  }
  // Removals written for YAML or shell text do not apply to Python lists.
  for (const t of scriptFacts.tlsDisables) delete t.removal;
  for (const s of scriptFacts.services) delete s.remedy;
  mergeFacts(facts, scriptFacts);
}

/** Parameters with a default value, as the IR's `inputDefinitions` defaults. */
function readParameterDefaults(m: PyModule, fn: SyntaxNode, facts: Facts): void {
  const params = fn.getChild('ParamList');
  if (!params) return;
  const ps = children(params);
  ps.forEach((p, i) => {
    if (p.name !== 'VariableName') return;
    let k = i + 1;
    if (ps[k]?.name === 'TypeDef') k++;
    if (ps[k]?.name !== 'AssignOp') return;
    const value = strOf(evaluate(m, ps[k + 1]));
    if (value) facts.settings.push({ name: { value: m.slice(p), loc: m.file.loc(p.from, p.to) }, value, referenced: false, origin: 'kfp-parameter' });
  });
}
