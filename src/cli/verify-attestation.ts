// `mlsec verify-attestation ATTESTATION --key PUB.pem [WORKSPACE]`: checks a pipeline
// attestation's signature and every attested file against the workspace, offline.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { verifyAttestation, type AttestationResult } from '../core/artifacts/attestation-verify';
import { describeSigner } from '../core/artifacts/signature';
import { codedMessage } from '../core/model';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { choice, parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';
import { buildTrust, TrustError, UsageError } from './verify-model';

export const VERIFY_ATTESTATION_USAGE = `Usage: mlsec verify-attestation ATTESTATION --key PUB.pem [options] [WORKSPACE]

Checks offline that ATTESTATION (written by "mlsec attest": a Sigstore bundle or a bare DSSE
envelope over an in-toto statement with a SLSA provenance v1 predicate) is signed by a trusted
key and that every file it names still has its attested SHA-256 in WORKSPACE (the current
directory by default): each output (subject) and each dependency, dvc.yaml and dvc.lock. It names
every file that changed, is missing, or was added to an attested directory. The git commit is
shown beside the one attested, for information.

Options:
      --key PEM                 public key to trust (repeatable)
      --identity ID --issuer URL, --certificate-chain PEM, --trusted-root JSON
                                other signers, as for verify-model
  -f, --format FORMAT           text (default) or json
  -h, --help                    show this help

Without a trust flag, models.trust in .mlsec.yaml in the current directory says who may sign.
Exit codes: 0 verified and every file matches, 1 a signature or file problem, 2 usage error.
`;

const STATUS: Record<string, string> = { changed: 'CHANGED', missing: 'MISSING', extra: 'ADDED (not attested)', refused: 'REFUSED (the path leaves the workspace)' };

export function formatAttestationText(r: AttestationResult): string {
  const lines: string[] = [];
  const bad = r.files.filter((f) => f.status !== 'ok');
  lines.push(r.ok ? `Verified: ${r.source} is signed by ${describeSigner(r.signer)}, and all ${r.files.length} attested files match.` : `Not verified: ${r.source}.`);
  for (const e of r.errors) lines.push(`  ${codedMessage(e)}`);
  if (!r.ok && r.signatureOk) lines.push(`  The signature verifies (${describeSigner(r.signer)}), but ${bad.length} of ${r.files.length} files do not match.`);
  for (const f of bad) {
    const what = f.kind === 'subject' ? 'output' : 'dependency';
    const digests = f.status === 'changed' && f.expected && f.actual ? ` (attested ${f.expected.slice(0, 16)}…, found ${f.actual.slice(0, 16)}…)` : '';
    const stages = r.stages.filter((s) => (f.kind === 'subject' ? s.outs : [...s.deps, ...(s.params ?? [])]).some((p) => f.name === p || f.name.startsWith(`${p}/`))).map((s) => `"${s.name}"`);
    lines.push(`  ${STATUS[f.status]}: ${what} ${f.name}${stages.length ? ` of stage ${stages.join(', ')}` : ''}${digests}`);
  }
  if (r.git) {
    const now = r.git.current;
    lines.push(
      `  Git: attested at commit ${r.git.attested}${r.git.ref ? ` (${r.git.ref})` : ''}; ${now === undefined ? 'the workspace commit cannot be read' : now === r.git.attested ? 'the workspace is at the same commit' : `the workspace is now at ${now}`}.`,
    );
  }
  if (r.notChecked.length) lines.push(`  Not checked (not workspace files): ${r.notChecked.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

export async function verifyAttestationCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'verify-attestation',
    argv,
    {
      key: { type: 'string', multiple: true },
      identity: { type: 'string' },
      issuer: { type: 'string' },
      'certificate-chain': { type: 'string', multiple: true },
      'trusted-root': { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(VERIFY_ATTESTATION_USAGE);
    return 0;
  }
  const format = choice('format', values.format ?? 'text', ['text', 'json'] as const);
  if (positionals.length < 1 || positionals.length > 2) throw new CliError('ATTESTATION and at most one WORKSPACE expected\nRun "mlsec verify-attestation --help" for usage.');
  const file = path.resolve(io.cwd, positionals[0]);
  const root = path.resolve(io.cwd, positionals[1] ?? '.');
  if (!(await fsp.stat(root).catch(() => undefined))?.isDirectory()) throw new CliError(`${positionals[1] ?? root} is not a directory`);
  const text = await fsp.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${positionals[0]}: ${e.code ?? e.message}`, 1);
  });
  let trust;
  try {
    trust = await buildTrust(values, io.cwd, (s) => io.stderr.write(`${s}\n`));
  } catch (e) {
    if (e instanceof UsageError) throw new CliError(`${e.message}\nRun "mlsec verify-attestation --help" for usage.`);
    if (e instanceof TrustError) throw new CliError(`Not verified: ${e.message}.`, 1);
    throw e;
  }
  const result = await verifyAttestation(new NodeWorkspaceIO(root), text, path.relative(io.cwd, file) || file, trust);
  if (format === 'json') io.stdout.write(`${JSON.stringify({ version: 1, ...result }, null, 2)}\n`);
  else (result.ok ? io.stdout : io.stderr).write(formatAttestationText(result));
  return result.ok ? 0 : 1;
}
