// `mlsec lsp --stdio`: starts the mlsec language server (the one the VS Code extension runs) on
// standard input and output, for any LSP editor (Neovim, Helix, Emacs, Zed…).

import { CliError, type CliIO } from './io';

const HELP = `Usage: mlsec lsp --stdio

Runs the mlsec language server over standard input and output. Clients that do not support
workspace folders get the one root of rootUri (or rootPath). See README.md for Neovim and Helix.
`;

export async function lspCommand(argv: string[], io: CliIO): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(HELP);
    return 0;
  }
  if (argv.length !== 1 || argv[0] !== '--stdio') throw new CliError(`mlsec lsp needs --stdio (the only transport it offers)\n\n${HELP}`);
  // Loaded only here: starting the server takes over standard input and output.
  await import('../server/server');
  // The server answers until the client sends exit; the process ends then.
  return new Promise<number>(() => undefined);
}
