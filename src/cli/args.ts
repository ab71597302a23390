// Option parsing shared by the commands: node:util parseArgs with its errors turned into usage
// errors, and checks for options that take one of a fixed set of values.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    throw new CliError(`${(e as Error).message}\nRun "mlsec ${command} --help" for usage.`);
  }
}

/** Checks that an option's value is one of `choices`. */
export function choice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new CliError(`--${option} must be one of ${choices.join(', ')} (got "${value}")`);
  }
  return value as T;
}
