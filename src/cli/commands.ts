// The command table: every `mlsec <command>` and the function that runs it. A command takes its
// own arguments and the process view, writes its output and resolves to the exit code. Each
// command's module is loaded when that command runs, so `mlsec scan` does not load the threat
// model's layout, the signing code or the language server.

import type { CliIO } from './io';

export interface Command {
  name: string;
  /** One line for `mlsec --help`. */
  summary: string;
  run(argv: string[], io: CliIO): Promise<number>;
}

export const commands: Command[] = [
  { name: 'scan', summary: 'Scan a directory or files for security problems (text, JSON or SARIF)', run: async (argv, io) => (await import('./scan')).scanCommand(argv, io) },
  { name: 'rules', summary: 'List the rules with their severity and taxonomy', run: async (argv, io) => (await import('./rules')).rulesCommand(argv, io) },
  {
    name: 'verify-model',
    summary: 'Verify a model file or directory against its Sigstore or OpenSSF model signature, offline',
    run: async (argv, io) => (await import('./verify-model')).verifyModelCommand(argv, { stdout: (s) => io.stdout.write(`${s}\n`), stderr: (s) => io.stderr.write(`${s}\n`) }, io.cwd),
  },
  {
    name: 'sign-model',
    summary: 'Sign a model directory or file with a private key as an OpenSSF model signature (model.sig), offline',
    run: async (argv, io) => (await import('./sign-model')).signModelCommand(argv, io),
  },
  {
    name: 'provenance',
    summary: 'Show the lineage and recorded hashes of DVC/MLflow artifacts, and what changed',
    run: async (argv, io) => (await import('./provenance')).provenanceCommand(argv, io),
  },
  { name: 'attest', summary: 'Sign a SLSA provenance attestation for the outputs of the DVC pipelines, offline', run: async (argv, io) => (await import('./attest')).attestCommand(argv, io) },
  {
    name: 'verify-attestation',
    summary: "Check a pipeline attestation's signature and every attested file against the workspace",
    run: async (argv, io) => (await import('./verify-attestation')).verifyAttestationCommand(argv, io),
  },
  { name: 'bom', summary: 'Write a CycloneDX 1.6 ML bill of materials for the project', run: async (argv, io) => (await import('./bom')).bomCommand(argv, io) },
  { name: 'lsp', summary: 'Run the language server over stdio for any LSP editor (mlsec lsp --stdio)', run: async (argv, io) => (await import('./lsp')).lspCommand(argv, io) },
  {
    name: 'threat-model',
    summary: 'Infer the threat model (data flows, trust boundaries, threats) as JSON, Markdown or Threat Dragon',
    run: async (argv, io) => (await import('./threat-model')).threatModelCommand(argv, io),
  },
];
