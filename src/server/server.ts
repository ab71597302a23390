// The mlsec language server's entry point: a connection over the transport the client chose
// (stdio, IPC, a socket or a pipe), serving the engine with every reader and rule. Broken framing
// ends the process with a non-zero code, so the client notices and restarts the server.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createEngine } from '../core';
import { FramingError } from './framing';
import { MlsecService } from './service';
import { openTransport } from './transport';

const transport = openTransport(process.argv.slice(2));
if (transport.stdio) {
  // stdout carries the protocol: anything a library logs goes to stderr instead.
  const toStderr = (...args: unknown[]) => void process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = console.info = console.warn = console.error = console.debug = toStderr;
}
const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer);
const service = new MlsecService(connection, { engine: createEngine() });

transport.reader.onRejected(({ method, problem }) => connection.console.warn(`ignored ${method}: ${problem}`));
transport.reader.onError((e) => {
  if (!(e instanceof FramingError)) return;
  process.stderr.write(`mlsec language server: closing the connection: ${e.message}\n`);
  process.exit(1);
});
transport.reader.onClose(() => process.exit(service.shutdownRequested ? 0 : 1));

// A bug in one request must not take the editor's diagnostics down with it: log and keep serving.
process.on('uncaughtException', (e) => connection.console.error(`uncaught exception: ${e.stack ?? e.message}`));
process.on('unhandledRejection', (e) => connection.console.error(`unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));

service.listen();
