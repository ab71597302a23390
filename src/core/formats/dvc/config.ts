// Reads `.dvc/config` and `.dvc/config.local`: remotes with their URL, credentials and TLS
// settings, the default remote and the cache, and builds the fix that moves credentials out of
// the committed config into `config.local`.

import type { Str } from '../../facts/model';
import type { Fix, TextEdit } from '../../model';
import { SourceFile } from '../../source';
import { parseIni, sectionKind, type IniDocument, type IniEntry, type IniSection } from './ini';
import { dirOf, urlScheme } from './paths';

/**
 * Option names that hold a secret for some remote type: S3 (access_key_id, secret_access_key,
 * session_token), Azure (account_key, sas_token, connection_string, client_secret), Google Drive
 * (gdrive_client_secret), SSH/HTTP/WebDAV/HDFS (password, passphrase, token), Aliyun OSS
 * (oss_key_id, oss_key_secret).
 */
export const CREDENTIAL_KEYS: ReadonlySet<string> = new Set([
  'access_key_id',
  'secret_access_key',
  'session_token',
  'password',
  'passphrase',
  'account_key',
  'sas_token',
  'connection_string',
  'client_secret',
  'gdrive_client_secret',
  'oss_key_id',
  'oss_key_secret',
  'token',
  'webdav_token',
  'custom_auth_header_value',
]);

/** Options that name a key file; they hold a secret only when the key itself was pasted in. */
const KEY_FILE_KEYS: ReadonlySet<string> = new Set(['keyfile', 'key_path', 'key', 'cert_path']);

const FALSE_VALUES: ReadonlySet<string> = new Set(['false', '0', 'no', 'off']);

export interface DvcRemote {
  name: Str;
  section: IniSection;
  url?: Str;
  endpointUrl?: Str;
  scheme?: string;
  /** Entries that hold a literal secret. */
  credentials: IniEntry[];
  /** The `user` entry, moved together with a password. */
  user?: IniEntry;
  /** `ssl_verify = false` / `verify = false`. */
  tlsOff: IniEntry[];
  /** Password written into the URL (`https://user:secret@host`). */
  urlPassword?: Str;
}

export interface DvcConfig {
  kind: 'config';
  path: string;
  local: boolean;
  ini: IniDocument;
  remotes: DvcRemote[];
  defaultRemote?: Str;
  cacheDir?: Str;
}

function isKeyMaterial(v: string): boolean {
  return /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v);
}

function urlPassword(url: Str): Str | undefined {
  const m = /^[a-zA-Z][\w+.-]*:\/\/([^/@:\s]*):([^/@\s]+)@/.exec(url.value);
  if (!m) return undefined;
  const start = url.loc.start + url.value.indexOf(':', url.value.indexOf('//') + 2) + 1;
  return { value: m[2], loc: { file: url.loc.file, start, end: start + m[2].length } };
}

/** Reads a DVC config file. */
export function readConfig(file: SourceFile): DvcConfig {
  const ini = parseIni(file);
  const cfg: DvcConfig = { kind: 'config', path: file.path, local: file.path.endsWith('.local'), ini, remotes: [] };
  for (const section of ini.sections) {
    const kind = sectionKind(section.name.value);
    const get = (k: string) => section.entries.find((e) => e.key.value.toLowerCase() === k);
    if (kind.kind === 'core') cfg.defaultRemote = get('remote')?.value;
    else if (kind.kind === 'cache') cfg.cacheDir = get('dir')?.value;
    else if (kind.kind === 'remote' && kind.name !== undefined) {
      const start = section.name.loc.start + section.name.value.indexOf('"') + 1;
      const url = get('url')?.value;
      const remote: DvcRemote = {
        name: { value: kind.name, loc: { file: file.path, start, end: start + kind.name.length } },
        section,
        url,
        endpointUrl: get('endpointurl')?.value,
        scheme: url ? (urlScheme(url.value) ?? 'local') : undefined,
        credentials: [],
        user: get('user'),
        tlsOff: [],
        urlPassword: url ? urlPassword(url) : undefined,
      };
      for (const e of section.entries) {
        const k = e.key.value.toLowerCase();
        if (!e.value.value) continue;
        if (CREDENTIAL_KEYS.has(k) || (KEY_FILE_KEYS.has(k) && isKeyMaterial(e.value.value))) remote.credentials.push(e);
        if ((k === 'ssl_verify' || k === 'verify') && FALSE_VALUES.has(e.value.value.toLowerCase())) remote.tlsOff.push(e);
      }
      cfg.remotes.push(remote);
    }
  }
  return cfg;
}

/** Text of a config line without its line break. */
function lineText(text: string, e: { lineStart: number; lineEnd: number }): string {
  return text.slice(e.lineStart, e.lineEnd).replace(/\r?\n$/, '');
}

/** The entries a credential move takes along: the secrets and, with a password, the user name. */
export function entriesToMove(remote: DvcRemote): IniEntry[] {
  const moved = [...remote.credentials];
  if (remote.user && moved.some((e) => e.key.value.toLowerCase() === 'password')) moved.push(remote.user);
  return moved.sort((a, b) => a.lineStart - b.lineStart);
}

/**
 * One workspace edit that moves a remote's credentials from the committed `.dvc/config` into
 * `.dvc/config.local` (creating it, or the remote's section in it, when missing) and makes sure
 * `.dvc/.gitignore` ignores `/config.local`. `localText`/`gitignoreText` are the current texts of
 * those files, undefined when they do not exist.
 */
export function moveCredentialsFix(configText: string, configPath: string, remote: DvcRemote, localText: string | undefined, gitignoreText: string | undefined): Fix {
  const dvcDir = dirOf(configPath);
  const localPath = `${dvcDir ? `${dvcDir}/` : ''}config.local`;
  const gitignorePath = `${dvcDir ? `${dvcDir}/` : ''}.gitignore`;
  const moved = entriesToMove(remote);
  const edits: TextEdit[] = moved.map((e) => ({ file: configPath, start: e.lineStart, end: e.lineEnd, newText: '' }));
  const header = lineText(configText, remote.section).trim();
  const movedLines = moved.map((e) => `${lineText(configText, e)}\n`);
  if (localText === undefined) {
    edits.push({ file: localPath, start: 0, end: 0, newText: `${header}\n${movedLines.join('')}`, create: true });
  } else {
    const local = parseIni(new SourceFile(localPath, localText));
    const target = local.sections.find((s) => sectionKind(s.name.value).kind === 'remote' && sectionKind(s.name.value).name === sectionKind(remote.section.name.value).name);
    if (target) {
      const add: string[] = [];
      moved.forEach((e, i) => {
        const existing = target.entries.find((x) => x.key.value.toLowerCase() === e.key.value.toLowerCase());
        if (existing) edits.push({ file: localPath, start: existing.lineStart, end: existing.lineEnd, newText: movedLines[i] });
        else add.push(movedLines[i]);
      });
      if (add.length) {
        const needsBreak = target.end > 0 && !/[\r\n]$/.test(localText.slice(0, target.end));
        edits.push({ file: localPath, start: target.end, end: target.end, newText: `${needsBreak ? '\n' : ''}${add.join('')}` });
      }
    } else {
      const needsBreak = localText.length > 0 && !/[\r\n]$/.test(localText);
      edits.push({ file: localPath, start: localText.length, end: localText.length, newText: `${needsBreak ? '\n' : ''}${header}\n${movedLines.join('')}` });
    }
  }
  if (gitignoreText === undefined) {
    edits.push({ file: gitignorePath, start: 0, end: 0, newText: '/config.local\n', create: true });
  } else if (!/^\/?config\.local\s*$/m.test(gitignoreText)) {
    const needsBreak = gitignoreText.length > 0 && !/[\r\n]$/.test(gitignoreText);
    edits.push({ file: gitignorePath, start: gitignoreText.length, end: gitignoreText.length, newText: `${needsBreak ? '\n' : ''}/config.local\n` });
  }
  return {
    title: `Move the credentials of remote "${remote.name.value}" to ${localPath}`,
    kind: 'review',
    edits,
  };
}
