// `mlsec attest [PATH] --key KEY.pem`: signs an in-toto statement with a SLSA provenance v1
// predicate for the outputs of the DVC pipelines in PATH, offline, and writes it as a Sigstore
// bundle v0.3 under .mlsec/attestations/ (or --output).

import * as path from 'node:path';
import { AttestError, attestPipelines, ATTESTATION_DIR, ATTESTATION_SUFFIX } from '../core/artifacts/attestation';
import { signStatement } from '../core/artifacts/signing-key';
import type { Lockfile } from '../core/facts/dvc';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { choice, parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';
import { openProject } from './provenance';
import { readSigningKey, writeAtomically } from './signing-args';
import { VERSION } from './version';

export const ATTEST_USAGE = `Usage: mlsec attest [PATH] --key KEY.pem [options]

Writes a signed provenance attestation for the outputs of the DVC pipelines (dvc.yaml and
dvc.lock) in PATH (the current directory by default), offline. It is an in-toto Statement v1
with a SLSA provenance v1 predicate, in a DSSE envelope inside a Sigstore bundle v0.3:
  subjects               every output file with its SHA-256 from disk (an output directory
                         as each of its files)
  externalParameters     each stage's name, command, dependencies, params files and outputs
  resolvedDependencies   every dependency file with its SHA-256, dvc.yaml, dvc.lock, and the git
                         commit HEAD points at (read from .git; git is never run)
Outputs or dependencies that are absent, or that differ from what dvc.lock recorded, stop it.
Check it later with "mlsec verify-attestation FILE --key PUB.pem".

Options:
      --key PEM             private key: EC P-256, P-384 or P-521 PEM (required)
      --password-file FILE  password of an encrypted key (or set MLSEC_KEY_PASSWORD)
  -o, --output FILE         where to write it (default PATH/${ATTESTATION_DIR}/NAME${ATTESTATION_SUFFIX},
                            NAME being PATH's folder name)
      --allow-lock-mismatch attest files that differ from their dvc.lock record
  -f, --format FORMAT       text (default) or json (the signed statement)
  -h, --help                show this help

Exit codes: 0 written, 1 the key, a file or the pipeline cannot be attested, 2 usage error.
`;

export async function attestCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'attest',
    argv,
    {
      key: { type: 'string' },
      'password-file': { type: 'string' },
      output: { type: 'string', short: 'o' },
      'allow-lock-mismatch': { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(ATTEST_USAGE);
    return 0;
  }
  const format = choice('format', values.format ?? 'text', ['text', 'json'] as const);
  if (positionals.length > 1) throw new CliError('one PATH at most\nRun "mlsec attest --help" for usage.');
  const key = await readSigningKey(io, values.key, values['password-file'], 'attest');
  const project = await openProject(io, positionals[0]);
  const changed = project.integrity.filter((i) => i.status === 'mismatch');
  if (changed.length && !values['allow-lock-mismatch']) {
    const names = [...new Set(changed.map((c) => `${c.path} (${c.recordedIn}${c.stage ? `, stage "${c.stage}"` : ''})`))];
    throw new CliError(`these files differ from what dvc.lock recorded, so the lock does not describe them: ${names.join(', ')}; run dvc repro or dvc commit first, or pass --allow-lock-mismatch`, 1);
  }
  let result;
  try {
    result = await attestPipelines({
      io: new NodeWorkspaceIO(project.root),
      pipelines: project.facts.dvcPipelines,
      records: project.facts.dvcRecords.filter((r): r is Lockfile => r.kind === 'lock'),
      toolVersion: VERSION,
    });
  } catch (e) {
    if (e instanceof AttestError) throw new CliError(`cannot attest ${positionals[0] ?? 'the current directory'}: ${e.message}`, 1);
    throw e;
  }
  const output = values.output ? path.resolve(io.cwd, values.output) : path.join(project.root, ...ATTESTATION_DIR.split('/'), `${path.basename(project.root) || 'workspace'}${ATTESTATION_SUFFIX}`);
  await writeAtomically(output, signStatement(result.statement, key));
  const shown = path.relative(io.cwd, output) || output;
  for (const w of result.warnings) io.stderr.write(`warning: ${w}\n`);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ attestation: shown, statement: result.statement }, null, 2)}\n`);
    return 0;
  }
  const st = result.statement;
  const deps = st.predicate.buildDefinition.resolvedDependencies.filter((d) => d.name !== 'git');
  io.stdout.write(`Attested ${st.subject.length} output file(s) of ${st.predicate.buildDefinition.externalParameters.stages.length} stage(s) with a ${key.curve} key; wrote ${shown}.\n`);
  io.stdout.write(`  ${deps.length} dependencies recorded${result.git ? `; git commit ${result.git.commit}${result.git.ref ? ` (${result.git.ref})` : ''}` : ''}.\n`);
  return 0;
}
