// The mlsec language server's entry point: a connection over whatever transport the client chose
// (stdio, IPC or a socket), serving the engine with every reader and rule.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createEngine } from '../core';
import { MlsecService } from './service';

const connection = createConnection(ProposedFeatures.all);

// A bug in one request must not take the editor's diagnostics down with it: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught exception: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

new MlsecService(connection, { engine: createEngine() }).listen();
