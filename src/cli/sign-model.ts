// `mlsec sign-model PATH --key KEY.pem`: writes an OpenSSF model signature (model_signing v1.0
// manifest in a DSSE envelope, Sigstore bundle v0.3) for a model directory or file, offline.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { signModel, SignModelError } from '../core/artifacts/model-sign';
import { MODEL_SIGNATURE_NAME } from '../core/artifacts/signature';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { choice, parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';
import { insideDir, readSigningKey, writeAtomically } from './signing-args';

export const SIGN_MODEL_USAGE = `Usage: mlsec sign-model PATH --key KEY.pem [options]

Signs the model directory or file PATH offline with a private key, as model_signing's key mode
does: every file is hashed with SHA-256 and listed in an in-toto statement (predicate
https://model_signing/signature/v1.0), signed in a DSSE envelope inside a Sigstore bundle v0.3.
The signature verifies with "mlsec verify-model PATH --key PUB.pem" and with
"model_signing verify key PATH --signature SIG --public_key PUB.pem".

Ignored, as model_signing ignores them: the signature file itself, .git, .gitattributes,
.github, .gitignore, and every --ignore path.

Options:
      --key PEM             private key: EC P-256, P-384 or P-521, PKCS#8 or SEC 1 PEM (required)
      --password-file FILE  password of an encrypted key (or set MLSEC_KEY_PASSWORD)
  -o, --output FILE         where to write the signature (default PATH/model.sig for a
                            directory, PATH.sigstore.json for a file)
      --ignore PATH         a path in the model directory not to sign (repeatable)
      --allow-symlinks      follow symbolic links in the model (refused by default)
  -f, --format FORMAT       text (default) or json (the signed statement)
  -h, --help                show this help

Exit codes: 0 signed, 1 the key or a file cannot be used, 2 usage error.
`;

export async function signModelCommand(argv: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'sign-model',
    argv,
    {
      key: { type: 'string' },
      'password-file': { type: 'string' },
      output: { type: 'string', short: 'o' },
      ignore: { type: 'string', multiple: true },
      'allow-symlinks': { type: 'boolean', default: false },
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    io.stdout.write(SIGN_MODEL_USAGE);
    return 0;
  }
  const format = choice('format', values.format ?? 'text', ['text', 'json'] as const);
  if (positionals.length !== 1) throw new CliError(`one PATH expected, got ${positionals.length}\nRun "mlsec sign-model --help" for usage.`);
  const target = path.resolve(io.cwd, positionals[0]);
  const st = await fsp.stat(target).catch(() => undefined);
  if (!st) throw new CliError(`${positionals[0]} does not exist`, 1);
  if (path.dirname(target) === target) throw new CliError('cannot sign the file system root', 2);
  const key = await readSigningKey(io, values.key, values['password-file'], 'sign-model');
  const output = values.output ? path.resolve(io.cwd, values.output) : st.isDirectory() ? path.join(target, MODEL_SIGNATURE_NAME) : `${target}.sigstore.json`;
  const ignore = [...(values.ignore ?? [])];
  const own = st.isDirectory() ? insideDir(target, output) : undefined;
  if (own) ignore.unshift(own);
  const wio = new NodeWorkspaceIO(path.dirname(target));
  let signed;
  try {
    signed = await signModel({ io: wio, target: path.basename(target), key, ignorePaths: ignore, allowSymlinks: values['allow-symlinks'] });
  } catch (e) {
    if (e instanceof SignModelError) throw new CliError(`cannot sign ${positionals[0]}: ${e.message}`, 1);
    throw e;
  }
  await writeAtomically(output, signed.bundle);
  const shown = path.relative(io.cwd, output) || output;
  if (format === 'json') io.stdout.write(`${JSON.stringify({ signature: shown, statement: signed.statement }, null, 2)}\n`);
  else {
    const n = signed.files.length;
    io.stdout.write(`Signed ${positionals[0]} (${n === 1 && signed.files[0] === '.' ? 'one file' : `${n} file${n === 1 ? '' : 's'}`}) with a ${key.curve} key; wrote ${shown}.\n`);
    io.stdout.write(`  Root digest sha256:${signed.statement.subject[0].digest.sha256}; key hint ${key.hint}.\n`);
  }
  return 0;
}
