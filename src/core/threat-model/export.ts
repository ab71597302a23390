// The export formats of a threat model, shared by `mlsec threat-model` and the panel's export
// buttons: mlsec JSON, the Markdown report with its Mermaid diagram, and an OWASP Threat Dragon v2
// model laid out like the panel's diagram.

import type { Loc, Position } from '../model';
import { threatDragonModel } from '../report/threat-dragon';
import { threatModelMarkdown } from '../report/threat-model-markdown';
import { layoutThreatModel } from './layout';
import type { ThreatModel } from './model';
import type { ExportFormat } from './protocol';

/** The model as text in one format; `locate` turns offsets into the line numbers the reports print. */
export async function renderThreatModel(model: ThreatModel, format: ExportFormat, locate: (loc: Loc) => Position | undefined): Promise<string> {
  if (format === 'json') return `${JSON.stringify(model, null, 2)}\n`;
  if (format === 'markdown') return threatModelMarkdown(model, { locate });
  const layout = await layoutThreatModel(model, { style: 'threat-dragon' });
  return `${JSON.stringify(threatDragonModel(model, layout, { locate }), null, 2)}\n`;
}
