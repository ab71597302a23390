// The signer a failed signature could be trusted as, for the "Trust this key/identity" fix: the
// Sigstore identity that signed it when only the identity is untrusted, or the workspace public
// key file whose hint the bundle names when no configured key vouches for it. The fix edits the
// nearest `.mlsec.yaml` above the signature (creating one at the root when there is none).

import * as path from 'node:path';
import { CONFIG_FILE_NAMES } from '../config';
import type { TextEdit } from '../model';
import { dirOf } from '../paths';
import type { WorkspaceIO } from '../workspace/io';
import type { SignatureLocation, VerifyResult } from './signature';
import { parsePublicKeys, type Trust } from './signature-trust';
import { trustEdit, type TrustAddition } from './trust-edit';

export interface TrustFix {
  title: string;
  edit: TextEdit;
}

const KEY_FILE = /\.(pem|pub|crt|cer)$/i;
const KEY_FILE_MAX = 64 * 1024;
const FILES_READ_MAX = 200;

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/** The signature's directory and each one above it, nearest first, ending with the root (''). */
function upwards(rel: string): string[] {
  const out: string[] = [];
  for (let d = dirOf(rel); ; d = dirOf(d)) {
    out.push(d);
    if (!d) return out;
  }
}

/** The key hint of a bundle signed with a bare public key. */
async function bundleHint(io: WorkspaceIO, bundle: string): Promise<string | undefined> {
  try {
    const b = JSON.parse((await io.readFile(bundle, 16 * 1024 * 1024)).toString('utf8')) as { verificationMaterial?: { publicKey?: { hint?: unknown } } };
    const hint = b.verificationMaterial?.publicKey?.hint;
    return typeof hint === 'string' && hint ? hint : undefined;
  } catch {
    return undefined;
  }
}

/** A public key file beside the signature or above it (or in a `keys/` folder there) whose key the hint names. */
async function keyFileFor(io: WorkspaceIO, bundle: string, hint: string): Promise<string | undefined> {
  let read = 0;
  for (const dir of upwards(bundle)) {
    for (const d of [dir, join(dir, 'keys')]) {
      const names = (await io.readDir(d)) ?? [];
      for (const name of names.filter((n) => KEY_FILE.test(n)).sort()) {
        const rel = join(d, name);
        const st = await io.stat(rel);
        if (!st?.isFile || st.size > KEY_FILE_MAX || ++read > FILES_READ_MAX) continue;
        try {
          const keys = parsePublicKeys((await io.readFile(rel, KEY_FILE_MAX)).toString('utf8'), rel);
          if (keys.some((k) => k.hints.includes(hint))) return rel;
        } catch {
          // Not a public key (a private key, a certificate request, anything else): not a candidate.
        }
      }
    }
  }
  return undefined;
}

/** The configuration file that applies to the signature: the nearest above it, else a new one at the root. */
async function nearestConfig(io: WorkspaceIO, bundle: string): Promise<{ file: string; text?: string }> {
  for (const dir of upwards(bundle)) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      if (!(await io.stat(file))?.isFile) continue;
      try {
        return { file, text: (await io.readFile(file, 1024 * 1024)).toString('utf8') };
      } catch {
        return { file };
      }
    }
  }
  return { file: CONFIG_FILE_NAMES[0] };
}

/** What to trust, in words and as a `models.trust` entry, or undefined when trusting a signer would not make the signature verify. */
async function candidate(io: WorkspaceIO, loc: SignatureLocation, r: VerifyResult, trust: Trust): Promise<{ what: string; key?: string; identity?: { identity: string; issuer: string } } | undefined> {
  const codes = r.errors.map((e) => e.code ?? '');
  if (!codes.length) return undefined;
  const { identity, issuer } = r.signer ?? {};
  if (codes.every((c) => c === 'UNTRUSTED_SIGNER') && identity && issuer) return { what: `${identity} (issuer ${issuer})`, identity: { identity, issuer } };
  if (!codes.every((c) => c === 'NO_TRUSTED_KEY' || c === 'SIGNATURE_ERROR')) return undefined;
  const hint = await bundleHint(io, loc.bundle);
  // A configured key the bundle names that does not verify it means the signature is bad, not untrusted.
  if (!hint || trust.keys.some((k) => k.hints.includes(hint))) return undefined;
  const key = await keyFileFor(io, loc.bundle, hint);
  return key ? { what: `the key ${key}`, key } : undefined;
}

/** The fix that trusts the signer of a failed signature in `.mlsec.yaml`, when one is known. */
export async function trustFixFor(io: WorkspaceIO, loc: SignatureLocation, r: VerifyResult, trust: Trust): Promise<TrustFix | undefined> {
  if (r.ok) return undefined;
  const c = await candidate(io, loc, r, trust);
  if (!c) return undefined;
  const config = await nearestConfig(io, loc.bundle);
  const add: TrustAddition = c.key ? { publicKey: path.posix.relative(dirOf(config.file), c.key) } : c.identity!;
  const edit = trustEdit(config.file, config.text, add);
  if (!edit || edit === 'present') return undefined;
  return { title: `Trust ${c.what} in ${config.file}`, edit };
}
