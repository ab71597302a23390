// Info findings arrive from the server as hints; the "mlsec.infoFindings" setting may show them as
// information instead. The server's severities are kept per file, so a change of the setting
// re-shows the diagnostics already published without waiting for the next analysis.

import { displaySeverity, type InfoDisplay } from './problem-count';

interface Published<D> {
  diagnostics: D[];
  /** The severities as the server sent them, in the order of `diagnostics`. */
  original: number[];
}

export class InfoFindingsView<D extends { severity: number }> {
  private readonly published = new Map<string, Published<D>>();

  /** Shows a file's diagnostics as the setting asks, remembering the server's severities. */
  show(file: string, diagnostics: D[], info: InfoDisplay): D[] {
    if (diagnostics.length === 0) this.published.delete(file);
    else this.published.set(file, { diagnostics, original: diagnostics.map((d) => d.severity) });
    for (const d of diagnostics) d.severity = displaySeverity(d.severity, info);
    return diagnostics;
  }

  /** Every remembered file's diagnostics re-shown with the setting now in force for it. */
  reshow(infoFor: (file: string) => InfoDisplay): Array<[string, D[]]> {
    const out: Array<[string, D[]]> = [];
    for (const [file, p] of this.published) {
      const info = infoFor(file);
      p.diagnostics.forEach((d, i) => (d.severity = displaySeverity(p.original[i]!, info)));
      out.push([file, p.diagnostics]);
    }
    return out;
  }
}
