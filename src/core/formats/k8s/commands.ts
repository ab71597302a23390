// Turns a container's `command` and `args` (and Argo script sources) into command facts: the argv
// as written, each word with its exact location.

import { isScalar, type Node } from 'yaml';
import type { ScriptOrigin, SettingFact, Str } from '../../facts/model';
import type { FactsBuilder } from './facts';

/** `facts.extra` key of {@link K8sCommandExtra}. */
export const K8S_COMMAND = 'k8s.command';

/** The exec-form command of a container: `command` followed by `args`. */
export interface K8sCommandExtra {
  workloadId: string;
  origin: ScriptOrigin;
  argv: Str[];
}

/** Collects `command` + `args` of a container-like node. Non-string items (KFP placeholders) become `{{placeholder}}` words. */
export function argvOf(b: FactsBuilder, c: Node, keys: string[] = ['command', 'args']): Str[] {
  const y = b.y;
  const argv: Str[] = [];
  for (const key of keys) {
    for (const it of y.items(y.get(c, key))) {
      const s = isScalar(it) ? y.str(it) : undefined;
      if (s) argv.push(s);
      else {
        const l = y.nodeLoc(it);
        if (l) argv.push({ value: '{{placeholder}}', loc: l });
      }
    }
  }
  return argv;
}

/** Adds the command facts of a container. */
export function addCommandFacts(b: FactsBuilder, c: Node, workloadId: string, origin: ScriptOrigin, _env: SettingFact[]): void {
  const argv = argvOf(b, c);
  if (argv.length) b.extra<K8sCommandExtra>(K8S_COMMAND, { workloadId, origin, argv });
}

/** `facts.extra` key of {@link K8sScriptExtra}. */
export const K8S_SCRIPT = 'k8s.script';

/** An Argo script template: the interpreter command and the source it runs. */
export interface K8sScriptExtra {
  workloadId: string;
  command: Str[];
  source: Str;
}

/** Adds the facts of an Argo `script` template's source. */
export function addScriptFacts(b: FactsBuilder, script: Node, workloadId: string): void {
  const source = b.y.str(b.y.get(script, 'source'));
  if (source) b.extra<K8sScriptExtra>(K8S_SCRIPT, { workloadId, command: argvOf(b, script, ['command']), source });
}
