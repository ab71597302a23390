// The `mlsec verify-model` command: verifies a model file's Sigstore bundle or a model
// directory's OpenSSF model signature offline, and says who signed what and when, or exactly why
// verification failed. Exit codes: 0 verified, 1 not verified, 2 usage error.

import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createEngine } from '../core';
import { BUNDLE_SUFFIXES, formatResult, MODEL_SIGNATURE_NAME, verifySignature } from '../core/artifacts/signature';
import { parseTrustedRoot } from '../core/artifacts/signature-root';
import { emptyTrust, hasSigners, loadTrustPolicy, parseCertificates, parsePublicKeys, type Trust } from '../core/artifacts/signature-trust';
import { loadWorkspaceConfig } from '../core/workspace/scan';
import { NodeWorkspaceIO } from '../core/workspace/io';
import { verifyDownloadCommand } from './verify-download';
import { appendAll } from '../core/collections';

export interface CommandOutput {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const VERIFY_MODEL_USAGE = `Usage: mlsec verify-model PATH [--signature FILE]
         [--identity ID --issuer URL | --key PEM | --certificate-chain PEM]
         [--trusted-root JSON] [--ignore PATH]... [--allow-extra-files]
         [--require-signature] [--format text|json]

Verifies offline that PATH (a model file or directory) matches its signature:
a Sigstore bundle (PATH.sigstore.json, PATH.sigstore, PATH.bundle) or an OpenSSF
model signature (PATH/model.sig). Without --identity, --key or --certificate-chain
the trust policy comes from .mlsec.yaml (models.trust) in the current directory.
PATH may be omitted to check a DSSE bundle given with --signature on its own.

A directory is checked as a download: a Hugging Face cache snapshot
(models--ORG--NAME/snapshots/COMMIT), a local_dir download or a plain folder.
It reports the repository, commit and whether the revision was a pin, every
file's hash against the download's record, the weights scanned, code that runs
on load (auto_map, *.py), unfetched Git LFS pointers, the model card's licence
and base model, and the signature when there is one. An unsigned download with
no problems exits 0 and says it is unsigned.

  --signature FILE          the bundle or model.sig to use
  --identity ID             exact certificate identity (email or URI) to trust
  --issuer URL              exact OIDC issuer of that identity
  --key PEM                 public key to trust (repeatable)
  --certificate-chain PEM   CA certificates to trust for private-PKI signatures (repeatable)
  --trusted-root JSON       Sigstore trusted_root.json instead of the shipped public-good root
  --ignore PATH             a path in the model directory that was not signed (repeatable)
  --allow-extra-files       accept files the signature does not list
  --require-signature       a directory without a verified signature fails
  --format FORMAT           text (default) or json (directories)

Exit status: 0 verified, 1 not verified, 2 usage error.`;

export class UsageError extends Error {}

/** Trust material that was given but cannot be used: verification fails (exit 1), it is not a usage error. */
export class TrustError extends Error {}

export async function readText(file: string): Promise<string> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function exists(file: string): Promise<boolean> {
  return fsp.stat(file).then(
    () => true,
    () => false,
  );
}

/** Trust from the flags, or from .mlsec.yaml when no flag names a signer. */
export async function buildTrust(v: Record<string, string | string[] | boolean | undefined>, cwd: string, err: (s: string) => void, required = true): Promise<Trust> {
  const identity = v.identity as string | undefined;
  const issuer = v.issuer as string | undefined;
  if (!!identity !== !!issuer) throw new UsageError('--identity and --issuer go together');
  const keys = (v.key as string[] | undefined) ?? [];
  const chains = (v['certificate-chain'] as string[] | undefined) ?? [];
  let trust = emptyTrust();
  if (identity && issuer) trust.identities.push({ identity, issuer });
  for (const k of keys) {
    try {
      appendAll(trust.keys, parsePublicKeys(await readText(path.resolve(cwd, k)), k));
    } catch (e) {
      throw e instanceof UsageError ? e : new TrustError(`--key ${k}: not a usable public key (${(e as Error).message})`);
    }
  }
  for (const c of chains) {
    try {
      trust.chains.push(parseCertificates(await readText(path.resolve(cwd, c)), c));
    } catch (e) {
      throw e instanceof UsageError ? e : new TrustError(`--certificate-chain ${c}: not a usable certificate chain (${(e as Error).message})`);
    }
  }
  if (!hasSigners(trust)) {
    const loaded = await loadWorkspaceConfig(cwd, createEngine().knownRuleIds());
    for (const e of loaded.errors) err(`${loaded.path ?? '.mlsec.yaml'}: ${e.message}`);
    const fromConfig = await loadTrustPolicy(new NodeWorkspaceIO(cwd), loaded.config.models.trust);
    for (const p of fromConfig.problems) err(`${loaded.path}: ${p}`);
    trust = fromConfig.trust;
  }
  if (v['trusted-root']) {
    const file = v['trusted-root'] as string;
    try {
      trust.root = parseTrustedRoot(await readText(path.resolve(cwd, file)), file);
    } catch (e) {
      throw e instanceof UsageError ? e : new TrustError(`--trusted-root ${file}: not a usable trusted root (${(e as Error).message})`);
    }
  }
  if (required && !hasSigners(trust)) {
    throw new UsageError('no trusted signer: pass --identity with --issuer, --key or --certificate-chain, or set models.trust in .mlsec.yaml');
  }
  return trust;
}

/** The options of `verify-model`; a malformed command line is a usage error. */
function parseVerifyArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        signature: { type: 'string' },
        identity: { type: 'string' },
        issuer: { type: 'string' },
        key: { type: 'string', multiple: true },
        'certificate-chain': { type: 'string', multiple: true },
        'trusted-root': { type: 'string' },
        ignore: { type: 'string', multiple: true },
        'allow-extra-files': { type: 'boolean' },
        'require-signature': { type: 'boolean' },
        format: { type: 'string', short: 'f' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Runs `mlsec verify-model` with the arguments after the command name. */
export async function verifyModelCommand(argv: string[], out: CommandOutput, cwd = process.cwd()): Promise<number> {
  try {
    const parsed = parseVerifyArgs(argv);
    const v = parsed.values as Record<string, string | string[] | boolean | undefined>;
    if (v.help) {
      out.stdout(VERIFY_MODEL_USAGE);
      return 0;
    }
    if (parsed.positionals.length > 1) throw new UsageError(`one PATH expected, got ${parsed.positionals.length}`);
    const target = parsed.positionals[0] ? path.resolve(cwd, parsed.positionals[0]) : undefined;
    if (!target && !v.signature) throw new UsageError('PATH or --signature is required');
    const stat = target ? await fsp.stat(target).catch(() => undefined) : undefined;
    if (target && !stat) throw new UsageError(`${parsed.positionals[0]} does not exist`);
    if (v.format !== undefined && v.format !== 'text' && v.format !== 'json') throw new UsageError(`--format must be text or json, not ${String(v.format)}`);
    if (target && stat?.isDirectory()) return await verifyDownloadCommand(target, v, out, cwd);

    let signature = v.signature ? path.resolve(cwd, v.signature as string) : undefined;
    if (!signature && target) {
      const candidates = stat?.isDirectory() ? [path.join(target, MODEL_SIGNATURE_NAME)] : BUNDLE_SUFFIXES.map((s) => target + s);
      for (const c of candidates) if (await exists(c)) signature = c;
      if (!signature) {
        out.stderr(`Not verified: no signature found for ${parsed.positionals[0]} (looked for ${candidates.map((c) => path.relative(cwd, c) || c).join(', ')}).`);
        return 1;
      }
    }
    const bundleText = await readText(signature as string);
    const trust = await buildTrust(v, cwd, out.stderr);

    // Paths are handed to the core relative to the model's parent directory.
    const root = target ? path.dirname(target) : cwd;
    const io = new NodeWorkspaceIO(root);
    const rel = target ? path.basename(target) : undefined;
    const ignore = [...((v.ignore as string[] | undefined) ?? [])];
    if (target && stat?.isDirectory()) {
      const inside = path.relative(target, signature as string);
      if (!inside.startsWith('..') && !path.isAbsolute(inside)) ignore.push(inside.split(path.sep).join('/'));
    }
    const result = await verifySignature({
      io,
      ...(rel !== undefined ? { target: rel } : {}),
      bundle: { text: bundleText, source: path.relative(cwd, signature as string) || (signature as string) },
      trust,
      ignorePaths: ignore,
      allowExtraFiles: !!v['allow-extra-files'],
    });
    const lines = formatResult(result);
    (result.ok ? out.stdout : out.stderr)(lines.join('\n'));
    return result.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof UsageError) {
      out.stderr(`mlsec verify-model: ${e.message}\n\n${VERIFY_MODEL_USAGE}`);
      return 2;
    }
    if (e instanceof TrustError) {
      out.stderr(`Not verified: ${e.message}.`);
      return 1;
    }
    out.stderr(`mlsec verify-model: ${(e as Error).message}`);
    return 1;
  }
}
