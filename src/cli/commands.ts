// The command table: every `mlsec <command>` and the function that runs it. A command takes its
// own arguments and the process view, writes its output and resolves to the exit code.

import { attestCommand } from './attest';
import { bomCommand } from './bom';
import { lspCommand } from './lsp';
import type { CliIO } from './io';
import { provenanceCommand } from './provenance';
import { rulesCommand } from './rules';
import { scanCommand } from './scan';
import { signModelCommand } from './sign-model';
import { threatModelCommand } from './threat-model';
import { verifyAttestationCommand } from './verify-attestation';
import { verifyModelCommand } from './verify-model';

export interface Command {
  name: string;
  /** One line for `mlsec --help`. */
  summary: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export const commands: Command[] = [
  { name: 'scan', summary: 'Scan a directory or files for security problems (text, JSON or SARIF)', run: scanCommand },
  { name: 'rules', summary: 'List the rules with their severity and taxonomy', run: rulesCommand },
  {
    name: 'verify-model',
    summary: 'Verify a model file or directory against its Sigstore or OpenSSF model signature, offline',
    run: (argv, io) => verifyModelCommand(argv, { stdout: (s) => io.stdout.write(`${s}\n`), stderr: (s) => io.stderr.write(`${s}\n`) }, io.cwd),
  },
  { name: 'sign-model', summary: 'Sign a model directory or file with a private key as an OpenSSF model signature (model.sig), offline', run: signModelCommand },
  { name: 'provenance', summary: 'Show the lineage and recorded hashes of DVC/MLflow artifacts, and what changed', run: provenanceCommand },
  { name: 'attest', summary: 'Sign a SLSA provenance attestation for the outputs of the DVC pipelines, offline', run: attestCommand },
  { name: 'verify-attestation', summary: "Check a pipeline attestation's signature and every attested file against the workspace", run: verifyAttestationCommand },
  { name: 'bom', summary: 'Write a CycloneDX 1.6 ML bill of materials for the project', run: bomCommand },
  { name: 'lsp', summary: 'Run the language server over stdio for any LSP editor (mlsec lsp --stdio)', run: lspCommand },
  { name: 'threat-model', summary: 'Infer the threat model (data flows, trust boundaries, threats) as JSON, Markdown or Threat Dragon', run: threatModelCommand },
];
