// The one classifier of names and values the engine reads: credential setting names, literal
// secrets and placeholders, URL hosts and schemes, loopback and cluster-local hosts, and the roles
// of files known by their path. Readers, rules and threat-model inference all ask here, so they
// cannot disagree.

/** The scheme of an absolute URL, lower-cased without the colon, or undefined. */
export function urlScheme(url: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/** True for `s3://…`, `https://…`, `remote://name/…` and other scheme URLs (not `C:\…`). */
export function isUrl(p: string): boolean {
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(p);
}

/** A DVC `config.local`: per-machine settings git ignores, the place for credentials. */
export function isLocalDvcConfig(path: string): boolean {
  return /(^|\/)\.dvc\/config\.local$/.test(path);
}

/** The host of an absolute URL, lower-cased, or undefined. */
export function urlHost(url: string): string | undefined {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)/i.exec(url.trim());
  return m ? m[1].toLowerCase() : undefined;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]' || host === '::1' || host === '0.0.0.0';
}

/** Hosts that only resolve inside a cluster or a private network segment. */
export function isClusterInternalHost(host: string): boolean {
  return !host.includes('.') || /\.(svc|cluster\.local|internal|local)$/.test(host);
}

const CREDENTIAL_NAME =
  /(pass(word|wd)?|pwd|secret|secret[_-]?(access[_-]?)?key|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|client[_-]?secret|sas[_-]?token|connection[_-]?string|account[_-]?key|auth[_-]?key|session[_-]?key|kaggle[_-]?key)$/i;
const NOT_A_CREDENTIAL =
  /(_(file|path|dir|url|uri|endpoint|host|enabled|length|type|method|name|id|user(name)?|expiry|ttl|header|env|var|key_?id|key_?name|ref|prefix|suffix)$)|^(no_|use_|enable_|disable_)/i;
/**
 * Names of tokens that are not secrets: pagination and sync cursors, anti-forgery tokens (issued per
 * session, worthless in source) and a tokenizer's special tokens or token counts.
 */
const NOT_A_SECRET_TOKEN = /(^|_)(next_?page|page|continuation|sync|resume|cursor|pagination|csrf|xsrf|pad|eos|bos|unk|sep|cls|mask|start|end|special)_token$|(^|_)tokens$/i;
const EXTRA_CREDENTIAL_NAMES = new Set([
  'HF_TOKEN',
  'HUGGING_FACE_HUB_TOKEN',
  'HUGGINGFACEHUB_API_TOKEN',
  'WANDB_API_KEY',
  'MLFLOW_TRACKING_PASSWORD',
  'MLFLOW_TRACKING_TOKEN',
  'KAGGLE_KEY',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AZURE_STORAGE_KEY',
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_CLIENT_SECRET',
  'GOOGLE_API_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'COMET_API_KEY',
  'NEPTUNE_API_TOKEN',
  'MINIO_ROOT_PASSWORD',
  'MINIO_SECRET_KEY',
  'GITHUB_TOKEN',
  'GH_TOKEN',
  'NPM_TOKEN',
  'PIP_PASSWORD',
  'DOCKER_PASSWORD',
  // A Docker registry config (a Secret of type kubernetes.io/dockerconfigjson) holds registry passwords.
  '.DOCKERCONFIGJSON',
  '.DOCKERCFG',
]);

/**
 * What a setting's name says it holds. `secret`: a credential value (API keys, passwords, tokens).
 * `identifier`: names a principal or a key but is not secret (OAUTH_CLIENT_ID, AWS_ACCESS_KEY_ID).
 * `reference`: points at a credential held elsewhere (PASSWORD_FILE, TOKEN_PATH, SECRET_NAME),
 * so its value is a path or a name, not a secret. `other`: anything else (AUTH_ENABLED, AUTHOR).
 */
export type SettingNameKind = 'secret' | 'identifier' | 'reference' | 'other';

const IDENTIFIER = /(^|_)(client|access_?key|api_?key|key|app|tenant)_?id$/i;
const REFERENCE_SUFFIX = /_(file|path|dir|name|ref|url|uri|env|var)$/i;

/** The kind of value a setting's name says it holds (see SettingNameKind). */
export function settingNameKind(name: string): SettingNameKind {
  if (isCredentialName(name)) return 'secret';
  const n = name.trim().replace(/([a-z])([A-Z])/g, '$1_$2');
  if (IDENTIFIER.test(n)) return 'identifier';
  const stem = n.replace(REFERENCE_SUFFIX, '');
  return stem !== n && credentialName(stem) ? 'reference' : 'other';
}

/** Whether a setting name says it holds a credential (BuildKit's idea, plus ML platforms' names). */
export function isCredentialName(name: string): boolean {
  // Setting names repeat across files (DEBIAN_FRONTEND, BASE_IMAGE …): remember the answers.
  let known = credentialNames.get(name);
  if (known === undefined) {
    known = credentialName(name);
    if (credentialNames.size >= 10_000) credentialNames.clear();
    credentialNames.set(name, known);
  }
  return known;
}

const credentialNames = new Map<string, boolean>();

// BuildKit's SecretsUsedInArgOrEnv check: a name with one of these words as a whole
// `_`-separated part, unless it also has one of the allowed words (`PUBLIC_TOKEN` is not secret).
const BUILDKIT_SECRET_WORD = /(^|_)(apikey|auth|credentials?|key|password|passphrase|pword|passwd|secret|token)(_|$)/i;
const BUILDKIT_ALLOWED_WORD = /(^|_)public(_|$)/i;

/** Whether BuildKit's SecretsUsedInArgOrEnv check calls a build argument or ENV name a secret. */
export function isBuildKitSecretName(name: string): boolean {
  const n = name.trim();
  return BUILDKIT_SECRET_WORD.test(n) && !BUILDKIT_ALLOWED_WORD.test(n);
}

/** Whether BuildKit's allow list exempts a name from its secret check (`PUBLIC_*`, `*_PUBLIC_*`). */
export function isBuildKitAllowedName(name: string): boolean {
  return BUILDKIT_ALLOWED_WORD.test(name.trim());
}

function credentialName(name: string): boolean {
  const n = name.trim();
  if (EXTRA_CREDENTIAL_NAMES.has(n.toUpperCase())) return true;
  if (NOT_A_CREDENTIAL.test(n)) return false;
  const normalised = n.replace(/([a-z])([A-Z])/g, '$1_$2');
  if (NOT_A_SECRET_TOKEN.test(normalised)) return false;
  return CREDENTIAL_NAME.test(normalised) || CREDENTIAL_NAME.test(n);
}

/**
 * A value that names a variable rather than holding a secret: an environment-variable name
 * (`GITHUB_TOKEN`, `HF_TOKEN`), a CI expression without its braces (`secrets.HF_TOKEN`,
 * `env.WANDB_API_KEY`), a Windows or PowerShell variable (`%TOKEN%`, `$env:TOKEN`), `$VAR`, `${VAR}`.
 */
export function isVariableReference(value: string): boolean {
  const v = value.trim();
  return (
    /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v) ||
    /^(secrets|env|vars|inputs|github|steps|needs|matrix)\.[A-Za-z_][A-Za-z0-9_.-]*$/.test(v) ||
    /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v) ||
    /^\$env:[A-Za-z_][A-Za-z0-9_]*$/i.test(v) ||
    /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v)
  );
}

/** AWS's documentation example keys (and keys shaped like them that end in EXAMPLE/EXAMPLEKEY): not live, but not to be copied either. */
const AWS_EXAMPLE_KEY = /^(?:(?:AKIA|ASIA)[0-9A-Z]{9}EXAMPLE|[A-Za-z0-9/+]{28,32}EXAMPLEKEY)$/;

/** Whether a value is one of AWS's documentation example keys (`AKIAIOSFODNN7EXAMPLE`, `wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`). */
export function isExampleKey(value: string): boolean {
  return AWS_EXAMPLE_KEY.test(value.trim());
}

/** Values that are not literal secrets: references, variable names, placeholders, booleans, empty. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.trim();
  if (v.length < 4) return true;
  if (isVariableReference(v)) return true;
  if (/^(true|false|yes|no|none|null|on|off)$/i.test(v)) return true;
  if (/^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || /^\$\(.*\)$/.test(v) || /\{\{.*\}\}/.test(v) || /^\$\{\{.*\}\}$/.test(v)) return true;
  if (/^<[^>]*>$/.test(v) || /^\*+$/.test(v) || /^x{4,}$/i.test(v) || /^(your|my|example|dummy|placeholder|changeme|change_me|replace)[-_a-z]*$/i.test(v)) return true;
  if (/^(\/|\.\/|~\/)/.test(v) && !/\s/.test(v)) return true;
  return false;
}

export interface TokenMatch {
  kind: string;
  start: number;
  end: number;
}

const TOKEN_PATTERNS: { kind: string; source: string }[] = [
  { kind: 'AWS access key id', source: String.raw`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b` },
  { kind: 'Hugging Face token', source: String.raw`\bhf_[A-Za-z0-9]{30,}\b` },
  { kind: 'GitHub token', source: String.raw`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{60,}\b` },
  { kind: 'GitLab token', source: String.raw`\bglpat-[A-Za-z0-9_-]{20}\b` },
  { kind: 'Slack token', source: String.raw`\bxox[abprs]-[A-Za-z0-9-]{10,}\b` },
  { kind: 'OpenAI API key', source: String.raw`\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}\b` },
  { kind: 'Google API key', source: String.raw`\bAIza[0-9A-Za-z_-]{35}\b` },
  { kind: 'private key', source: String.raw`-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----` },
];

/** One pass over the text: each alternative is a capture group, so the matching group names the kind. */
const TOKEN_RE = new RegExp(TOKEN_PATTERNS.map((p) => `(${p.source})`).join('|'), 'g');

/** Token-shaped secrets in a text, wherever they appear. */
export function findTokens(text: string): TokenMatch[] {
  const out: TokenMatch[] = [];
  if (text.length > 5_000_000) return out;
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    // Documentation examples (AWS's `…EXAMPLE` key ids) are not leaked tokens; a credential-named
    // setting that holds one is reported by the setting check, at low severity.
    if (/EXAMPLE/.test(m[0])) continue;
    const group = m.slice(1).findIndex((g) => g !== undefined);
    out.push({ kind: TOKEN_PATTERNS[group].kind, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Well-known default passwords of ML platform components (MinIO, Kubeflow demos). */
export const DEFAULT_PASSWORDS = new Set(['minio123', 'minioadmin', 'minio', 'admin123', 'password', 'mlflow', 'kubeflow', '12341234']);

/**
 * For a value that is a JSON document (a ConfigMap key such as KServe's `credentials`, which
 * names the Secrets to use), the dotted paths of its credential-named keys with literal string
 * values; undefined when the value is no JSON object or array. Such a document is a credential
 * only through those keys.
 */
export function credentialLeaves(value: string): string[] | undefined {
  const v = value.trim();
  if (!/^[[{]/.test(v)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(v);
  } catch {
    return undefined;
  }
  const out: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object') return;
    for (const [k, child] of Object.entries(node as Record<string, unknown>)) {
      const at = Array.isArray(node) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
      if (typeof child === 'string' && !Array.isArray(node) && isCredentialName(k) && !isPlaceholderValue(child)) out.push(at);
      else walk(child, at, depth + 1);
    }
  };
  walk(doc, '', 0);
  return out;
}
