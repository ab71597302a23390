// `mlsec bom [PATH] --output FILE [--timestamp ISO]`: writes a CycloneDX 1.6 ML bill of
// materials for the project. The same project always gives the same bytes: the serial number
// is derived from the content and no timestamp is written unless one is given.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { buildMlBom, serializeBom } from '../core/report/ml-bom';
import { parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';
import { openProject } from './provenance';
import { VERSION } from './version';

const HELP = `Usage: mlsec bom [options] [PATH] --output FILE

Writes a CycloneDX 1.6 ML bill of materials for the project in PATH (the current directory by
default): models with their flavors and training data, datasets with their recorded hashes,
container images, Python packages, services and the lineage between them. The same project
always gives the same bytes.

Options:
  -o, --output FILE     where to write the BOM (required)
      --timestamp TIME  ISO 8601 date-time to record as metadata.timestamp (none by default)
      --attestation FILE  an attestation outside .mlsec/attestations (repeatable)

A component that an attestation names as an output has an mlsec:attestation property with the
attestation's path; one it names as a dependency has mlsec:attestation-dependency.
  -h, --help            show this help

Exit codes: 0 written, 2 usage error, unreadable path or unwritable output.
`;

export async function bomCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'bom',
    argv,
    {
      output: { type: 'string', short: 'o' },
      timestamp: { type: 'string' },
      attestation: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const { output, timestamp } = values;
  const problem =
    positionals.length > 1
      ? 'one PATH at most'
      : !output
        ? '--output FILE is required'
        : timestamp !== undefined && Number.isNaN(Date.parse(timestamp))
          ? `--timestamp "${timestamp}" is not an ISO 8601 date-time`
          : undefined;
  if (problem || !output) throw new CliError(`${problem}\nRun "mlsec bom --help" for usage.`);
  const project = await openProject(io, positionals[0], values.attestation ?? []);
  const bom = buildMlBom(project.provenance, project.facts, {
    projectName: path.basename(project.root),
    toolVersion: VERSION,
    ...(timestamp ? { timestamp: new Date(timestamp).toISOString().replace(/\.000Z$/, 'Z') } : {}),
  });
  const target = path.resolve(io.cwd, output);
  try {
    await fsp.writeFile(target, serializeBom(bom));
  } catch (e) {
    throw new CliError(`cannot write ${target}: ${(e as Error).message}`);
  }
  io.stdout.write(`Wrote ${bom.components.length} components, ${bom.services.length} services and ${bom.dependencies.length} dependency entries to ${output}\n`);
  return 0;
}
