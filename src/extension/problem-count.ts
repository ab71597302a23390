// One count everywhere: the status bar counts what the Problems panel lists (errors, warnings and
// information), with the info findings the panel hides (hints) in brackets.

/** The values of VS Code's DiagnosticSeverity. */
export const Severity = { Error: 0, Warning: 1, Information: 2, Hint: 3 } as const;

export interface ProblemCount {
  /** What the Problems panel lists. */
  shown: number;
  /** Hints, which the Problems panel does not list. */
  hidden: number;
  files: number;
}

/** Counts mlsec's diagnostics across files. */
export function countProblems(perFile: Iterable<readonly { source?: string; severity: number }[]>): ProblemCount {
  const c: ProblemCount = { shown: 0, hidden: 0, files: 0 };
  for (const diags of perFile) {
    let ours = 0;
    for (const d of diags) {
      if (d.source !== 'mlsec') continue;
      ours++;
      if (d.severity === Severity.Hint) c.hidden++;
      else c.shown++;
    }
    if (ours) c.files++;
  }
  return c;
}

/** The status-bar text and tooltip of a count. */
export function describeCount(c: ProblemCount): { text: string; tooltip: string } {
  const info = c.hidden ? ` (+${c.hidden} info)` : '';
  const hint = c.hidden ? ` and ${c.hidden} info findings shown as hints, which the Problems panel does not list (setting "mlsec.infoFindings")` : '';
  return {
    text: `$(shield) mlsec: ${c.shown}${info}`,
    tooltip: `mlsec reports ${c.shown} problems in the Problems panel${hint}, in ${c.files} files. Click to open the Problems panel.`,
  };
}

export type InfoDisplay = 'hint' | 'information';

/** The severity an info finding shows with: a hint (dotted, not in the panel) or information. */
export function displaySeverity(severity: number, info: InfoDisplay): number {
  return severity === Severity.Hint && info === 'information' ? Severity.Information : severity;
}
