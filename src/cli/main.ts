// The mlsec command line: dispatches to the command table and turns every failure into a clear
// message and exit code 2 (a stack trace only with MLSEC_DEBUG=1).

import { commands } from './commands';
import { CliError, type CliIO } from './io';
import { VERSION } from './version';
import { maxOf } from '../core/collections';
import { stripControls } from '../core/report/sanitize';

export { VERSION } from './version';
export type { CliIO, Output } from './io';

export function usage(): string {
  const width = maxOf(commands.map((c) => c.name.length));
  return [
    'Usage: mlsec <command> [options]',
    '',
    'Finds security problems in machine-learning pipelines.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "mlsec <command> --help" for the options of a command.',
    'Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage, configuration or internal error.',
    '',
  ].join('\n');
}

/** Runs one command line (without the `node mlsec` prefix) and resolves to the exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (name === undefined) {
      io.stderr.write(usage());
      return 2;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(usage());
      return 0;
    }
    if (name === '--version' || name === '-V') {
      io.stdout.write(`${VERSION}\n`);
      return 0;
    }
    const command = commands.find((c) => c.name === name);
    if (!command) throw new CliError(`unknown command "${name}"\n\n${usage()}`);
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr.write(`mlsec: ${e.message.replace(/\n*$/, '\n')}`);
      return e.exitCode;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (io.env.MLSEC_DEBUG === '1') io.stderr.write(`mlsec: internal error: ${err.stack ?? err.message}\n`);
    else io.stderr.write(`mlsec: internal error: ${err.message}\n(set MLSEC_DEBUG=1 to see where it happened)\n`);
    return 2;
  }
}

/** All of standard input as UTF-8 text. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Standard input as bytes, read no further than one byte past `limit`. */
async function readStdinBytes(limit: number): Promise<{ bytes: Buffer } | { tooLarge: number }> {
  if (process.stdin.isTTY) throw new CliError('scan - reads standard input, which is a terminal here: pipe the stream into it (helm template . | mlsec scan - --stdin-filename chart/)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > limit) {
      process.stdin.destroy();
      return { tooLarge: size };
    }
  }
  return { bytes: Buffer.concat(chunks) };
}

/** Runs the command line of the current process. */
export function runCli(): void {
  // A closed pipe (`mlsec scan | head`) ends the output quietly instead of crashing.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const io: CliIO = {
    stdout: { write: (t) => void process.stdout.write(stripControls(t, process.stdout.isTTY === true)), isTTY: process.stdout.isTTY === true },
    stderr: { write: (t) => void process.stderr.write(stripControls(t, process.stderr.isTTY === true)), isTTY: process.stderr.isTTY === true },
    cwd: process.cwd(),
    env: process.env,
    stdin: readStdin,
    stdinBytes: readStdinBytes,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(stripControls(`mlsec: internal error: ${e instanceof Error ? e.message : String(e)}\n`, false));
      process.exitCode = 2;
    },
  );
}

if (require.main === module) runCli();
