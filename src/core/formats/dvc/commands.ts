// Parses the shell commands of DVC stages and MLproject entry points into script facts, so the
// generic command rules (remote scripts, TLS flags, package installs, exposed services) apply.

import { factsFromScript } from '../../facts/commands';
import { emptyFacts, mergeFacts, type Facts, type ScriptOrigin } from '../../facts/model';
import { parseShell } from '../../shell/parse';
import type { PipelineStage } from './pipeline';

export interface LocatedCommand {
  text: string;
  /** File offset of each index of `text`. */
  offsetAt(i: number): number;
}

/** Script facts for commands that run in one workload. */
export function commandFacts(commands: readonly LocatedCommand[], origin: ScriptOrigin, workloadId: string, file: string): Facts {
  const facts = emptyFacts();
  for (const c of commands) {
    const script = parseShell(c.text, { file, at: (i) => c.offsetAt(i) });
    mergeFacts(facts, factsFromScript(script, { origin, phase: 'run', workloadId, file }));
  }
  return facts;
}

/** Script facts of one DVC stage's `cmd`. */
export function stageScriptFacts(st: PipelineStage, file: string): Facts {
  return commandFacts(st.commands, 'dvc-stage', st.id, file);
}
