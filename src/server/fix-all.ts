// "Fix all" in the editor, as `scan --fix` does it: safe fixes applied in passes, each pass
// re-analysing the edited text, until nothing is left to fix; one edit for the whole change, so
// a save with source.fixAll reaches the fixed point and one undo takes it back.

import type { MlsecConfig } from '../core/config';
import { DocumentIndex } from '../core/document';
import type { Engine } from '../core/engine';
import { applyEdits, MAX_FIX_PASSES, nonOverlapping, spanEdit } from '../core/fixes';
import type { Finding, Fix, TextEdit } from '../core/model';
import { SourceFile } from '../core/source';
import type { WorkspaceIO } from '../core/workspace/io';

/** The findings of `path` after its text became `text`; undefined when it can no longer be analysed. */
export type Reanalyse = (text: string) => Promise<readonly Finding[] | undefined>;

/** Safe fixes that edit only `path`, without overlaps: what one pass applies. */
export function safeFixesOf(path: string, findings: readonly Finding[]): Fix[] {
  const safe = findings.flatMap((f) => f.fixes.filter((x) => x.kind === 'safe' && x.edits.length > 0 && x.edits.every((e) => e.file === path)));
  return nonOverlapping(safe);
}

export interface SettledFixes {
  /** The edit from the analysed text to the fixed one; undefined when nothing changes. */
  edit?: TextEdit;
  passes: number;
  /** False when safe fixes were still pending after the last pass. */
  settled: boolean;
}

/** Applies safe fixes to `text` in passes until none is left (or the pass bound is reached). */
export async function settleSafeFixes(path: string, text: string, findings: readonly Finding[], reanalyse: Reanalyse): Promise<SettledFixes> {
  let current = text;
  let fixes = safeFixesOf(path, findings);
  let passes = 0;
  let settled = true;
  while (fixes.length) {
    if (passes === MAX_FIX_PASSES) {
      settled = false;
      break;
    }
    const next = applyEdits(
      current,
      fixes.flatMap((f) => f.edits),
    );
    passes++;
    if (next === current) break;
    current = next;
    const after = await reanalyse(current);
    fixes = after ? safeFixesOf(path, after) : [];
  }
  if (current === text) return { passes, settled };
  return { edit: { file: path, ...spanEdit(text, current) }, passes, settled };
}

/** What a trial analysis of one edited file needs from its folder. */
export interface TrialContext {
  engine: Engine;
  index: DocumentIndex;
  config: MlsecConfig;
  io?: WorkspaceIO;
}

/**
 * Analyses `path` as if its text were the given one, against the folder's other documents,
 * without touching the folder's index: what fix all needs between passes.
 */
export function trialReanalyse(ctx: TrialContext, path: string): Reanalyse {
  const others = ctx.index.all().filter((d) => d.file.path !== path);
  return async (text) => {
    const index = new DocumentIndex(others);
    const { docs } = await ctx.engine.parse(new SourceFile(path, text), { config: ctx.config, io: ctx.io });
    if (docs.length === 0) return undefined;
    for (const d of docs) index.add(d);
    return (await ctx.engine.analyze(index, { config: ctx.config, io: ctx.io, targets: new Set([path]) })).findings;
  };
}
