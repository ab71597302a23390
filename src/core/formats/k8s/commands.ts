// Turns a container's `command` and `args` (and Argo script sources) into shell and command facts:
// `sh -c` scripts inside YAML strings are parsed with an exact offset map, so every word, package,
// URL and TLS flag points at its own text, and TLS flags get removal edits that keep the YAML valid.

import { isScalar, parse as parseYamlValue, type Node, type Scalar, type YAMLSeq } from 'yaml';
import { factsFromEnvironment, factsFromScript } from '../../facts/commands';
import { POSIX_SHELLS } from '../../facts/command-words';
import {
  mergeFacts,
  type Facts,
  type PackageInstallFact,
  type PackageRequirement,
  type ScriptOrigin,
  type ServiceLaunchFact,
  type SettingFact,
  type ShellScript,
  type Str,
  type TlsDisableFact,
} from '../../facts/model';
import { basename, parseShell, scriptFromArgv, shellCArgument, tableMap } from '../../shell/parse';
import type { Loc } from '../../model';
import { insertSeqItems, removePair, removeSeqItem, type YamlEdit } from '../yaml/edit';
import type { YamlDoc } from '../yaml/nodes';
import { scalarContent } from '../yaml/scalar';
import type { FactsBuilder } from './facts';
import { readShellParameters } from './shell-parameters';
import { maxOf, minOf } from '../../collections';

/** One word of an exec-form command and the YAML node it was written as. */
interface ArgvItem {
  str: Str;
  node?: Scalar;
  seq?: YAMLSeq;
  index: number;
}

/** Collects `command` + `args` of a container-like node. Non-string items (KFP placeholders) become `{{placeholder}}` words. */
function argvItems(y: YamlDoc, c: Node, keys: string[]): ArgvItem[] {
  const out: ArgvItem[] = [];
  for (const key of keys) {
    const seq = y.seq(y.get(c, key));
    seq?.items.forEach((raw, index) => {
      const it = y.node(raw);
      const s = isScalar(it) ? y.str(it) : undefined;
      if (s && isScalar(it)) out.push({ str: s, node: it, seq, index });
      else {
        const l = y.nodeLoc(it);
        if (l) out.push({ str: { value: '{{placeholder}}', loc: l }, index });
      }
    });
  }
  return out;
}

/**
 * A parsed script with exact offsets when the scalar decodes to its value; undefined when it does
 * not. `prepare` may rewrite the decoded text before parsing, keeping its length (so offsets hold).
 */
function exactScript(y: YamlDoc, node: Scalar, vars: ReadonlyMap<string, string>, prepare?: (text: string) => string): ShellScript | undefined {
  const content = scalarContent(y.text, node);
  if (!content.exact) return undefined;
  const offsets = y.editable ? content.offsets : content.offsets.map((o) => y.toFile(o));
  const text = prepare ? prepare(content.value) : content.value;
  if (text.length !== content.value.length) return undefined;
  return parseShell(text, tableMap(y.file, offsets), vars);
}

/** Literal env values, for `$(VAR)` substitution in commands. */
function varsOf(env: readonly SettingFact[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of env) if (s.value && !s.referenced) m.set(s.name.value, s.value.value);
  return m;
}

/** Adds the command facts of a container (its exec argv under `keys`) and the facts its environment implies. */
export function addCommandFacts(b: FactsBuilder, c: Node, workloadId: string, origin: ScriptOrigin, env: SettingFact[], keys = ['command', 'args']): void {
  const y = b.y;
  const items = argvItems(y, c, keys);
  const facts: Facts = factsFromEnvironment(env, 'run', origin === 'kfp-executor' ? 'kfp-packages' : origin);
  envRemovals(y, c, facts.tlsDisables);
  if (items.length) {
    const vars = varsOf(env);
    const script = scriptFromArgv(
      items.map((i) => i.str),
      vars,
      y.editable ? y.text : undefined,
    );
    const cmd = script.commands[0];
    const inner = cmd ? shellCArgument(cmd.words) : undefined;
    const item = inner ? items[cmd.words.indexOf(inner)] : undefined;
    if (cmd && item?.node) {
      const exact = exactScript(y, item.node, vars);
      if (exact) cmd.inner = { ...exact, loc: item.str.loc };
      readShellParameters(b, item.node, y.map(c), 'sh -c script', workloadId, origin === 'kfp-executor');
    }
    const scriptFacts = factsFromScript(script, { origin, phase: 'run', workloadId, file: y.file });
    for (const t of [...scriptFacts.tlsDisables, ...scriptFacts.signatureBypasses]) fixRemoval(y, t, items);
    for (const sv of scriptFacts.services) {
      fixServiceRemedy(y, sv, items);
      if (sv.service === 'mlflow-server' && !sv.remedy) mlflowAuthRemedy(y, sv, items);
    }
    mergeFacts(facts, scriptFacts);
  }
  finish(b, facts, origin);
}

/**
 * Gives each TLS-disabling environment variable the edit that removes its whole entry: the list
 * item (`- name: GIT_SSL_NO_VERIFY`…) of a container's env, or the pair of a KFP component's env mapping.
 */
function envRemovals(y: YamlDoc, c: Node, disables: TlsDisableFact[]): void {
  const env = y.get(c, 'env');
  const seq = y.seq(env);
  const map = seq ? undefined : y.map(env);
  for (const t of disables) {
    let e: YamlEdit | undefined;
    if (seq) {
      const i = seq.items.findIndex((it) => y.str(y.get(it, 'name'))?.loc.start === t.loc.start);
      if (i >= 0) e = removeSeqItem(y, seq, i);
    } else if (map) {
      const pair = map.items.find((p) => y.str(p.key)?.loc.start === t.loc.start);
      if (pair) e = removePair(y, map, pair);
    }
    if (e) t.removal = [e];
  }
}

/** Adds the facts of an Argo `script` template: its source runs under the template's command. */
export function addScriptFacts(b: FactsBuilder, script: Node, workloadId: string): void {
  const y = b.y;
  const sourceNode = y.scalar(y.get(script, 'source'));
  const command = argvItems(y, script, ['command']).map((i) => i.str.value);
  const interpreter = command.length ? basename(command[0]) : 'sh';
  if (!sourceNode || !POSIX_SHELLS.test(interpreter)) return;
  addStringScriptFacts(b, sourceNode, workloadId, 'argo-script');
}

/**
 * Adds the facts of a shell script written as one YAML string: an Argo script source, a RayJob
 * entrypoint, a CI step's script (whose template expressions `prepare` masks, keeping the length).
 */
export function addStringScriptFacts(b: FactsBuilder, node: Scalar, workloadId: string | undefined, origin: ScriptOrigin, prepare?: (text: string) => string): void {
  const y = b.y;
  const parsed = exactScript(y, node, new Map(), prepare);
  if (!parsed) return;
  const facts = factsFromScript(parsed, { origin, phase: 'run', ...(workloadId ? { workloadId } : {}), file: y.file });
  for (const t of [...facts.tlsDisables, ...facts.signatureBypasses]) if (t.removal && !removalKeepsScalar(y, node, t.removal)) delete t.removal;
  finish(b, facts, origin);
}

/**
 * The requirement the KFP SDK compiles next to its own pinned `kfp==…` in every lightweight
 * component (`typing-extensions>=3.7.4,<5; python_version<"3.9"`): the pipeline author neither
 * wrote nor can pin it, and it installs nothing on the Python 3.9+ images KFP supports.
 */
function isKfpBootstrap(p: PackageRequirement, install: PackageInstallFact): boolean {
  return p.name.toLowerCase() === 'typing-extensions' && /;\s*python_version\s*<\s*["']3\.9["']\s*$/.test(p.spec) && install.packages.some((q) => q.name.toLowerCase() === 'kfp' && q.pinnedVersion);
}

/** Runtime installs of pipeline steps are marked as such; KFP executors' installs are KFP package installs. */
function finish(b: FactsBuilder, facts: Facts, origin: ScriptOrigin): void {
  for (const p of facts.packageInstalls) {
    p.atRuntime = true;
    if (origin === 'kfp-executor') {
      p.origin = 'kfp-packages';
      p.packages = p.packages.filter((q) => !isKfpBootstrap(q, p));
    }
  }
  mergeFacts(b.facts, facts);
}

/**
 * Makes a TLS flag's removal safe for YAML: whole command-list items are removed as sequence items;
 * removals inside a YAML string are kept only when the string still decodes to the script without
 * the flag.
 */
function fixRemoval(y: YamlDoc, t: TlsDisableFact, items: readonly ArgvItem[]): void {
  const removal = t.removal ? safeDeletion(y, t.loc, t.removal, items) : listRemoval(y, t.loc, items);
  if (removal) t.removal = removal;
  else delete t.removal;
}

/**
 * A service remedy made safe for YAML: a deletion that spans whole command-list items (such as
 * Jupyter's empty `--ServerApp.token=`) removes those items, so comments between items survive.
 */
function fixServiceRemedy(y: YamlDoc, s: ServiceLaunchFact, items: readonly ArgvItem[]): void {
  const edits = s.remedy?.edits;
  if (!edits?.length || edits.some((e) => e.newText !== '')) return;
  const span = { file: y.file, start: minOf(edits.map((e) => e.start)), end: maxOf(edits.map((e) => e.end)) };
  const removal = safeDeletion(y, span, edits, items);
  if (removal) s.remedy = { title: s.remedy!.title, edits: removal };
  else delete s.remedy;
}

/**
 * `mlflow server` written as command-list items gets `--app-name basic-auth` as two new items after
 * `server`, in the list's own style (the shell-text edit of the command facts does not apply to lists).
 */
function mlflowAuthRemedy(y: YamlDoc, s: ServiceLaunchFact, items: readonly ArgvItem[]): void {
  const k = items.findIndex((i, n) => n > 0 && i.seq && (i.str.value === 'server' || i.str.value === 'ui') && basename(items[n - 1].str.value) === 'mlflow' && items[n - 1].seq === i.seq);
  const sub = items[k];
  if (!sub?.seq || sub.str.loc.start < s.loc.start || sub.str.loc.end > s.loc.end) return;
  const e = insertSeqItems(y, sub.seq, sub.index, ['--app-name', 'basic-auth']);
  if (e) s.remedy = { title: 'Enable MLflow basic authentication (--app-name basic-auth)', edits: [e] };
}

/** The removal of the command-list items that lie wholly inside `loc`, when they are consecutive items of one list. */
function listRemoval(y: YamlDoc, loc: Loc, items: readonly ArgvItem[]): YamlEdit[] | undefined {
  const covered = items.filter((i) => i.str.loc.start >= loc.start && i.str.loc.end <= loc.end && i.seq);
  if (!covered.length || !covered.every((i, k) => i.seq === covered[0].seq && i.index === covered[0].index + k)) return undefined;
  const e = removeSeqItem(y, covered[0].seq!, covered[0].index, covered.length);
  return e ? [e] : undefined;
}

/** Deletions made safe for YAML: whole items removed as list items, or edits inside one string that still decodes. */
function safeDeletion(y: YamlDoc, loc: Loc, edits: YamlEdit[], items: readonly ArgvItem[]): YamlEdit[] | undefined {
  if (!y.editable) return undefined;
  const whole = listRemoval(y, loc, items);
  if (whole || items.some((i) => i.seq && i.str.loc.start >= loc.start && i.str.loc.end <= loc.end)) return whole;
  const host = items.find((i) => i.node && i.str.loc.start <= loc.start && loc.end <= i.str.loc.end);
  return host?.node && removalKeepsScalar(y, host.node, edits) ? edits : undefined;
}

/** Whether applying `edits` inside a scalar leaves a scalar whose value lost exactly the removed text. */
function removalKeepsScalar(y: YamlDoc, node: Scalar, edits: NonNullable<TlsDisableFact['removal']>): boolean {
  const [a, b] = node.range ?? [0, 0];
  if (edits.some((e) => e.start < a || e.end > b || e.newText !== '')) return false;
  const content = scalarContent(y.text, node);
  if (!content.exact) return false;
  let src = y.text.slice(a, b);
  let expected = content.value;
  for (const e of [...edits].sort((p, q) => q.start - p.start)) {
    src = src.slice(0, e.start - a) + src.slice(e.end - a);
    let from = content.offsets.findIndex((o) => o >= e.start);
    let to = content.offsets.findIndex((o) => o >= e.end);
    if (from < 0) from = expected.length;
    if (to < 0) to = expected.length;
    expected = expected.slice(0, from) + expected.slice(to);
  }
  try {
    const again: unknown = parseYamlValue(`v: ${src}`, { prettyErrors: false });
    return typeof again === 'object' && again !== null && (again as { v?: unknown }).v === expected;
  } catch {
    return false;
  }
}
