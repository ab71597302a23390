// `mlsec bom [PATH] --output FILE [--timestamp ISO]`: writes a CycloneDX 1.6 ML bill of
// materials for the project. The same project always gives the same bytes: the serial number
// is derived from the content and no timestamp is written unless one is given.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import pkg from '../../package.json';
import { buildMlBom, serializeBom } from '../core/report/ml-bom';
import { openProject, parseArgs, type CommandOutput } from './provenance';

const USAGE = 'usage: mlsec bom [PATH] --output FILE [--timestamp 2025-01-31T12:00:00Z]\n';

/** Runs the command. Exit codes: 0 written, 2 for a usage error or an unreadable path. */
export async function bomCommand(argv: string[], out: CommandOutput): Promise<number> {
  const args = parseArgs(argv, ['output', 'o', 'timestamp']);
  if (args.flags.has('help')) {
    out.stdout(USAGE);
    return 0;
  }
  const output = args.flags.get('output') ?? args.flags.get('o');
  const timestamp = args.flags.get('timestamp');
  const problem =
    args.error ??
    (args.positional.length > 1 ? 'one PATH at most' : !output ? '--output FILE is required' : timestamp !== undefined && Number.isNaN(Date.parse(timestamp)) ? `--timestamp "${timestamp}" is not an ISO 8601 date-time` : undefined);
  if (problem) {
    out.stderr(`mlsec bom: ${problem}\n${USAGE}`);
    return 2;
  }
  const project = await openProject('bom', args.positional[0], out);
  if (!project) return 2;
  const bom = buildMlBom(project.provenance, project.facts, {
    projectName: path.basename(project.root),
    toolVersion: pkg.version,
    ...(timestamp ? { timestamp: new Date(timestamp).toISOString().replace(/\.000Z$/, 'Z') } : {}),
  });
  const target = path.resolve(output!);
  try {
    await fsp.writeFile(target, serializeBom(bom));
  } catch (e) {
    out.stderr(`mlsec bom: cannot write ${target}: ${(e as Error).message}\n`);
    return 2;
  }
  out.stdout(`Wrote ${bom.components.length} components, ${bom.services.length} services and ${bom.dependencies.length} dependency entries to ${output}\n`);
  return 0;
}
