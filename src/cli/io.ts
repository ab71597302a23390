// What a command sees of the process (output streams, working directory, environment), so the
// command line runs the same in a terminal, in a child process and inside tests.

import type { Engine } from '../core/engine';

export interface Output {
  write(text: string): void;
  /** True when the output is a terminal (colours are only used then). */
  readonly isTTY?: boolean;
}

export interface CliIO {
  stdout: Output;
  stderr: Output;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for `--files -`); absent where there is none. */
  stdin?: () => Promise<string>;
  /**
   * Reads standard input as bytes (for `scan -`), stopping once more than `limit` bytes have come;
   * absent where there is none.
   */
  stdinBytes?: (limit: number) => Promise<{ bytes: Buffer } | { tooLarge: number }>;
  /** Builds the engine; tests pass their own rules and readers. Defaults to the full catalog. */
  createEngine?: () => Engine;
}

/** A failure the user can act on: printed as `mlsec: <message>` and mapped to an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Collects output in memory; used by tests and by commands that render before writing. */
export class BufferOutput implements Output {
  private readonly chunks: string[] = [];

  constructor(readonly isTTY = false) {}

  write(text: string): void {
    this.chunks.push(text);
  }

  text(): string {
    return this.chunks.join('');
  }
}
