// What the signing commands share: the private key from `--key` (and its password from
// `--password-file` or MLSEC_KEY_PASSWORD), and writing a signature file through a temporary file
// and a rename, so a failed write never leaves half a signature behind.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { loadSigningKey, SigningKeyError, type SigningKey } from '../core/artifacts/signing-key';
import { CliError, type CliIO } from './io';

/** The private key named by `--key`; exit 1 with a sentence when it cannot sign. */
export async function readSigningKey(io: CliIO, keyArg: string | undefined, passwordFile: string | undefined, command: string): Promise<SigningKey> {
  if (!keyArg) throw new CliError(`--key KEY.pem (a PEM private key) is required\nRun "mlsec ${command} --help" for usage.`);
  const file = path.resolve(io.cwd, keyArg);
  const pem = await fsp.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read the key ${keyArg}: ${e.code ?? e.message}`, 1);
  });
  let password = io.env.MLSEC_KEY_PASSWORD;
  if (passwordFile) {
    const text = await fsp.readFile(path.resolve(io.cwd, passwordFile), 'utf8').catch((e: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read the password file ${passwordFile}: ${e.code ?? e.message}`, 1);
    });
    password = text.replace(/\r?\n$/, '');
  }
  try {
    return loadSigningKey(pem, keyArg, password);
  } catch (e) {
    if (e instanceof SigningKeyError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** Writes `text` to `file` through a temporary file beside it and a rename. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await fsp.mkdir(path.dirname(file), { recursive: true });
    await fsp.writeFile(tmp, text, { flag: 'wx' });
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw new CliError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
  }
}

/** `file` relative to `dir` with forward slashes, when it is inside `dir`. */
export function insideDir(dir: string, file: string): string | undefined {
  const rel = path.relative(dir, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : undefined;
}
