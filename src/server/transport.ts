// The transport the language server speaks over, chosen from its command line as the LSP library
// would (`--node-ipc`, `--stdio`, `--socket=<port>`, `--pipe=<name>`), with the strict framing
// reader on stdio and the parameter checks over every transport.

import { createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, StreamMessageWriter, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { CheckedReader } from './checked-reader';
import { StrictStreamReader } from './framing';

export interface Transport {
  reader: CheckedReader;
  writer: MessageWriter;
  /** True on stdio, where stdout carries the protocol and nothing else may be written to it. */
  stdio: boolean;
}

/** The value of `--name=value` or `--name value` on the command line. */
function option(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === name) return argv[i + 1];
    if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
  }
  return undefined;
}

export function openTransport(argv: readonly string[]): Transport {
  let pair: [MessageReader, MessageWriter];
  let stdio = false;
  const port = option(argv, '--socket');
  const pipe = option(argv, '--pipe');
  if (argv.includes('--node-ipc')) pair = [new IPCMessageReader(process), new IPCMessageWriter(process)];
  else if (argv.includes('--stdio')) {
    pair = [new StrictStreamReader(process.stdin), new StreamMessageWriter(process.stdout)];
    stdio = true;
  } else if (port !== undefined && /^\d+$/.test(port)) pair = createServerSocketTransport(Number(port));
  else if (pipe !== undefined) pair = createServerPipeTransport(pipe);
  else throw new Error('mlsec language server: pass one of --node-ipc, --stdio, --socket=<port> or --pipe=<name>.');
  return { reader: new CheckedReader(pair[0], pair[1]), writer: pair[1], stdio };
}
