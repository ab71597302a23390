// `mlsec threat-model [PATH] --format json|markdown|threat-dragon --output FILE`: infers the
// pipeline's threat model and writes it as mlsec JSON, a Markdown report for pull requests, or an
// OWASP Threat Dragon v2 model.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { createEngine } from '../core';
import type { Engine } from '../core/engine';
import { threatDragonModel } from '../core/report/threat-dragon';
import { threatModelMarkdown } from '../core/report/threat-model-markdown';
import { layoutThreatModel } from '../core/threat-model/layout';
import { sourceLocator, threatModelForWorkspace } from '../core/threat-model/workspace';
import { loadWorkspaceConfig, scanWorkspace } from '../core/workspace/scan';

/** What the command needs of the process; the CLI's own IO object satisfies it. */
export interface ThreatModelCommandIO {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  cwd: string;
  createEngine?: () => Engine;
}

const FORMATS = ['json', 'markdown', 'threat-dragon'] as const;
type OutputFormat = (typeof FORMATS)[number];

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

interface Args {
  root: string;
  format: OutputFormat;
  output?: string;
  help: boolean;
}

function parseArgs(argv: string[], cwd: string): Args | string {
  const args: Args = { root: cwd, format: 'markdown', help: false };
  let positional: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const [flag, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') args.help = true;
    else if (flag === '-f' || flag === '--format') {
      const v = value();
      if (!FORMATS.includes(v as OutputFormat)) return `unknown format "${v ?? ''}" (expected ${FORMATS.join(', ')})`;
      args.format = v as OutputFormat;
    } else if (flag === '-o' || flag === '--output') {
      const v = value();
      if (!v) return '--output needs a file name';
      args.output = path.resolve(cwd, v);
    } else if (a.startsWith('-')) return `unknown option "${a}"`;
    else if (positional) return `only one PATH is accepted (got "${positional}" and "${a}")`;
    else positional = a;
  }
  if (positional) args.root = path.resolve(cwd, positional);
  return args;
}

export async function threatModelCommand(argv: string[], io: ThreatModelCommandIO): Promise<number> {
  const args = parseArgs(argv, io.cwd);
  if (typeof args === 'string') {
    io.stderr.write(`mlsec: ${args}\n\n${THREAT_MODEL_USAGE}`);
    return 2;
  }
  if (args.help) {
    io.stdout.write(THREAT_MODEL_USAGE);
    return 0;
  }
  const stat = await fsp.stat(args.root).catch(() => undefined);
  if (!stat?.isDirectory()) {
    io.stderr.write(`mlsec: ${args.root} is not a directory\n`);
    return 2;
  }
  const engine = (io.createEngine ?? createEngine)();
  const loaded = await loadWorkspaceConfig(args.root, engine.knownRuleIds());
  for (const e of loaded.errors) io.stderr.write(`mlsec: ${loaded.path}: ${e.message}\n`);
  const scan = await scanWorkspace(engine, args.root, { config: loaded.config });
  const { model } = await threatModelForWorkspace(
    { folder: args.root },
    { engine, root: args.root, config: loaded.config, analysis: { index: scan.index, findings: scan.findings, suppressed: scan.suppressed, io: scan.io } },
  );
  let text: string;
  if (args.format === 'json') text = `${JSON.stringify(model, null, 2)}\n`;
  else {
    const locate = await sourceLocator(model, scan.index, scan.io);
    if (args.format === 'markdown') text = threatModelMarkdown(model, { locate });
    else text = `${JSON.stringify(threatDragonModel(model, await layoutThreatModel(model, { style: 'threat-dragon' }), { locate }), null, 2)}\n`;
  }
  if (args.output) {
    try {
      await fsp.writeFile(args.output, text);
    } catch (e) {
      io.stderr.write(`mlsec: cannot write ${args.output}: ${(e as Error).message}\n`);
      return 1;
    }
    io.stderr.write(`mlsec: wrote the threat model (${model.summary.elements} elements, ${model.threats.length} threats) to ${args.output}\n`);
  } else io.stdout.write(text);
  return 0;
}
