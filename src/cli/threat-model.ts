// `mlsec threat-model [PATH] --format json|markdown|threat-dragon --output FILE`: infers the
// pipeline's threat model and writes it as mlsec JSON, a Markdown report for pull requests, or an
// OWASP Threat Dragon v2 model.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../core';
import { renderThreatModel } from '../core/threat-model/export';
import { EXPORT_FORMATS } from '../core/threat-model/protocol';
import { sourceLocator, threatModelForWorkspace } from '../core/threat-model/workspace';
import { loadWorkspaceConfig, scanWorkspace } from '../core/workspace/scan';
import { choice, parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';

export const THREAT_MODEL_USAGE = `Usage: mlsec threat-model [PATH] [--format json|markdown|threat-dragon] [--output FILE]

Infers the data-flow diagram and threats of the ML pipeline under PATH (default: the current
directory) and writes it:
  json           the mlsec threat model (elements, flows, boundaries, threats, findings)
  markdown       a report for pull requests, with the diagram as a Mermaid flowchart
  threat-dragon  an OWASP Threat Dragon v2 model (open it in Threat Dragon)

Options:
  -f, --format FORMAT   output format (default: markdown)
  -o, --output FILE     write to FILE instead of standard output
  -h, --help            show this help
`;

export async function threatModelCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'threat-model',
    argv,
    {
      format: { type: 'string', short: 'f', default: 'markdown' },
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(THREAT_MODEL_USAGE);
    return 0;
  }
  const format = choice('format', values.format ?? 'markdown', EXPORT_FORMATS);
  if (positionals.length > 1) throw new CliError(`only one PATH is accepted (got "${positionals[0]}" and "${positionals[1]}")`);
  if (values.output === '') throw new CliError('--output needs a file name');
  const root = path.resolve(io.cwd, positionals[0] ?? '.');
  const output = values.output === undefined ? undefined : path.resolve(io.cwd, values.output);
  const stat = await fsp.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new CliError(`${root} is not a directory`);
  const engine = (io.createEngine ?? createEngine)();
  const loaded = await loadWorkspaceConfig(root, engine.knownRuleIds());
  for (const e of loaded.errors) io.stderr.write(`mlsec: ${loaded.path}: ${e.message}\n`);
  const scan = await scanWorkspace(engine, root, { config: loaded.config });
  const { model } = await threatModelForWorkspace(
    { folder: root },
    { engine, root: root, config: loaded.config, analysis: { index: scan.index, findings: scan.findings, suppressed: scan.suppressed, io: scan.io } },
  );
  const text = await renderThreatModel(model, format, await sourceLocator(model, scan.index, scan.io));
  if (output) {
    try {
      await fsp.writeFile(output, text);
    } catch (e) {
      throw new CliError(`cannot write ${output}: ${(e as Error).message}`);
    }
    io.stderr.write(`mlsec: wrote the threat model (${model.summary.elements} elements, ${model.threats.length} threats) to ${output}\n`);
  } else io.stdout.write(text);
  return 0;
}
