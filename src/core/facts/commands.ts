// Turns parsed shell scripts and environment settings into facts: package installs, downloads,
// remote script execution, TLS bypasses, URLs and ML services started. Shared by every format
// whose definitions run commands (Dockerfile RUN/CMD, container commands, DVC stages, MLproject).
// Downloads (curl, wget) and services have their own modules; the shared word helpers are in
// command-words.ts.

import { appendAll } from '../collections';
import type { Loc } from '../model';
import { allCommands, stripWrappers } from '../shell/parse';
import {
  emptyFacts,
  type DownloadFact,
  type Facts,
  type PackageInstallFact,
  type PackageManager,
  type PackageRequirement,
  type SettingFact,
  type ShellCommand,
  type ShellScript,
  type ShellWord,
  type Str,
  type UrlRole,
} from './model';

import { findDownloadThenRun, type ReadCommand } from './command-chains';
import { analyzeFetcher } from './command-downloads';
import { analyzeService } from './command-services';
import { analyzeTlsCommand } from './command-tls';
import { analyzeSignatureBypass } from './command-signatures';
import { analyzeRemoteCodeServer, remoteCodeFromSetting } from './command-remote-code';
import { commandName, inlineWord, INTERPRETERS, removalIf, URL_RE, wid, wordStr, type Acc, type CommandContext } from './command-words';

export type { CommandContext } from './command-words';
export { payloadOf } from './command-words';

const FETCHERS = new Set(['curl', 'wget', 'fetch', 'http', 'aria2c']);
const CHECKSUM_TOOLS = /^(sha(1|224|256|384|512)sum|shasum|md5sum|b2sum|cksum)$/;
// ---- pip / conda requirement specs -------------------------------------------------------------

/** Parses one pip requirement as written on a command line or in a requirements file. */
export function parsePipRequirement(spec: string, loc: Loc): PackageRequirement {
  const s = spec.trim();
  // A VCS or URL requirement has a `+` or a `://`; most specs have neither.
  if (s.includes('+') || s.includes(':')) {
    if (/^(git|hg|svn|bzr)\+/.test(s) || /@\s*(git|hg|svn|bzr)\+/.test(s)) return { spec, name: nameOfUrlReq(s), kind: 'vcs', loc };
    if (/^[a-z]+:\/\//i.test(s) || /@\s*[a-z]+:\/\//i.test(s)) return { spec, name: nameOfUrlReq(s), kind: 'url', loc };
  }
  if (/^(\.|\/|~)/.test(s) || /\.(whl|tar\.gz|zip)$/i.test(s)) return { spec, name: s, kind: 'local', loc };
  const semi = s.indexOf(';');
  const noMarker = semi < 0 ? s : s.slice(0, semi).trim();
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/.exec(noMarker);
  if (!m) return { spec, name: s, kind: 'name', loc };
  const constraint = m[3].replace(/\s+/g, '');
  const pin = /^===?([^,*<>=!~]+)$/.exec(constraint);
  return { spec, name: m[1], kind: 'name', loc, ...(pin ? { pinnedVersion: pin[1] } : {}) };
}

function nameOfUrlReq(s: string): string {
  const egg = /#egg=([A-Za-z0-9._-]+)/.exec(s);
  if (egg) return egg[1];
  const at = /^([A-Za-z0-9._-]+)\s*@/.exec(s);
  return at ? at[1] : s;
}

/** Parses a conda match spec (`numpy=1.26.4`, `numpy==1.26.4=py312h…`, `conda-forge::torch`). */
export function parseCondaSpec(spec: string, loc: Loc): PackageRequirement {
  const s = spec.trim().replace(/^[A-Za-z0-9_.-]+::/, '');
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/.exec(s);
  if (!m) return { spec, name: s, kind: 'name', loc };
  const rest = m[2].replace(/\s+/g, '');
  const pin = /^==?([0-9][^=*<>,|]*)(=[^*]+)?$/.exec(rest);
  return { spec, name: m[1], kind: 'name', loc, ...(pin ? { pinnedVersion: pin[1] } : {}) };
}

// ---- per-command analysis -----------------------------------------------------------------------

const PIP_VALUE_OPTS = new Set([
  '-r',
  '--requirement',
  '-c',
  '--constraint',
  '-e',
  '--editable',
  '-i',
  '--index-url',
  '--extra-index-url',
  '--trusted-host',
  '-f',
  '--find-links',
  '-t',
  '--target',
  '--prefix',
  '--root',
  '--platform',
  '--python-version',
  '--implementation',
  '--abi',
  '--src',
  '--upgrade-strategy',
  '--progress-bar',
  '--cache-dir',
  '--log',
  '--proxy',
  '--retries',
  '--timeout',
  '--exists-action',
  '--cert',
  '--client-cert',
  '--global-option',
  '--install-option',
  '--config-settings',
  '-C',
  '--report',
  '--python',
  '--only-binary',
  '--no-binary',
  '--index-strategy',
  '--keyring-provider',
]);

function analyzePip(cmd: ShellCommand, words: ShellWord[], manager: PackageManager, acc: Acc): void {
  // words start at the subcommand `install`.
  const fact = emptyInstall(cmd, manager, acc);
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    let opt = w.value;
    let val: ShellWord | undefined;
    // Length of `--opt=` or `-r` when the value is written in the same word.
    let inlinePrefix: number | undefined;
    const eq = opt.startsWith('--') ? opt.indexOf('=') : -1;
    if (eq > 0) {
      inlinePrefix = eq + 1;
      opt = opt.slice(0, eq);
    } else if (/^-[rceif]./.test(opt) && !opt.startsWith('--')) {
      inlinePrefix = 2;
      opt = opt.slice(0, 2);
    }
    if (opt.startsWith('-')) {
      if (PIP_VALUE_OPTS.has(opt)) {
        if (inlinePrefix === undefined) {
          val = words[++k];
          if (!val) break;
        }
        const valueStr: Str = wordStr(val ?? inlineWord(w, inlinePrefix ?? 0));
        switch (opt) {
          case '-r':
          case '--requirement':
            fact.packages.push({ spec: valueStr.value, name: valueStr.value, kind: 'requirements-file', loc: valueStr.loc });
            break;
          case '-e':
          case '--editable':
            fact.packages.push({ spec: valueStr.value, name: valueStr.value, kind: /\+|:\/\//.test(valueStr.value) ? 'vcs' : 'local', loc: valueStr.loc });
            break;
          case '-i':
          case '--index-url':
            fact.indexUrls.push(valueStr);
            acc.facts.urls.push({ url: valueStr, role: 'package-index', ...wid(acc) });
            break;
          case '--extra-index-url':
            fact.extraIndexUrls.push(valueStr);
            acc.facts.urls.push({ url: valueStr, role: 'package-index', ...wid(acc) });
            break;
          case '-f':
          case '--find-links':
            if (URL_RE.test(valueStr.value)) acc.facts.urls.push({ url: valueStr, role: 'package-index', ...wid(acc) });
            break;
          case '--trusted-host':
            fact.trustedHosts.push(valueStr);
            acc.facts.tlsDisables.push({
              what: `${manager} --trusted-host ${valueStr.value}`,
              loc: { file: w.loc.file, start: w.loc.start, end: (val ?? w).loc.end },
              ...removalIf(cmd, val ? [w, val] : [w]),
              ...wid(acc),
            });
            break;
        }
      } else if (opt === '--require-hashes') {
        fact.requireHashes = true;
      }
      continue;
    }
    fact.packages.push(parsePipRequirement(w.value, w.loc));
  }
  if (fact.packages.length || fact.indexUrls.length || fact.extraIndexUrls.length) acc.facts.packageInstalls.push(fact);
}

/**
 * The words of a pip command from `from` on with its subcommand first, when that subcommand is
 * `install`: general options written before it (`--trusted-host H`, `--proxy P`) are read with the
 * install options.
 */
function pipInstallWords(words: readonly ShellWord[], from: number): ShellWord[] | undefined {
  for (let k = from; k < words.length; k++) {
    const w = words[k].value;
    if (!w.startsWith('-')) return w === 'install' ? [words[k], ...words.slice(from, k), ...words.slice(k + 1)] : undefined;
    if (PIP_VALUE_OPTS.has(w)) k++;
  }
  return undefined;
}

/** A package-install fact for `cmd` with nothing read from its arguments yet. */
function emptyInstall(cmd: ShellCommand, manager: PackageManager, acc: Acc): PackageInstallFact {
  return {
    manager,
    packages: [],
    indexUrls: [],
    extraIndexUrls: [],
    trustedHosts: [],
    requireHashes: false,
    atRuntime: acc.ctx.phase === 'run',
    loc: cmd.loc,
    origin: acc.ctx.origin,
    ...wid(acc),
  };
}

function analyzeConda(cmd: ShellCommand, words: ShellWord[], manager: PackageManager, acc: Acc): void {
  const fact = emptyInstall(cmd, manager, acc);
  const valueOpts = new Set(['-n', '--name', '-p', '--prefix', '-c', '--channel', '--file', '--repodata-fn', '--platform', '--subdir']);
  for (let k = 1; k < words.length; k++) {
    const w = words[k];
    if (w.value.startsWith('-')) {
      const eq = w.value.indexOf('=');
      const opt = eq > 0 ? w.value.slice(0, eq) : w.value;
      if (valueOpts.has(opt)) {
        const v = eq > 0 ? wordStr(inlineWord(w, eq + 1)) : words[++k] ? wordStr(words[k]) : undefined;
        if (!v) break;
        if (opt === '-c' || opt === '--channel') {
          if (URL_RE.test(v.value)) acc.facts.urls.push({ url: v, role: 'package-index', ...wid(acc) });
          fact.extraIndexUrls.push(v);
        }
        if (opt === '--file') fact.packages.push({ spec: v.value, name: v.value, kind: 'requirements-file', loc: v.loc });
      }
      continue;
    }
    fact.packages.push(parseCondaSpec(w.value, w.loc));
  }
  if (fact.packages.length) acc.facts.packageInstalls.push(fact);
}

function analyzeSystemPackages(cmd: ShellCommand, words: ShellWord[], manager: PackageManager, acc: Acc): void {
  const packages = words
    .slice(1)
    .filter((w) => !w.value.startsWith('-') && !w.dynamic)
    .map((w): PackageRequirement => {
      const sep = manager === 'apk' ? '=' : manager === 'npm' ? '@' : '=';
      const at = w.value.lastIndexOf(sep);
      const name = at > 0 ? w.value.slice(0, at) : w.value;
      const ver = at > 0 ? w.value.slice(at + 1) : undefined;
      return { spec: w.value, name, kind: 'name', loc: w.loc, ...(ver && !/[*]/.test(ver) ? { pinnedVersion: ver } : {}) };
    });
  if (packages.length) {
    acc.facts.packageInstalls.push({
      manager,
      packages,
      indexUrls: [],
      extraIndexUrls: [],
      trustedHosts: [],
      requireHashes: false,
      atRuntime: acc.ctx.phase === 'run',
      loc: cmd.loc,
      origin: acc.ctx.origin,
      ...wid(acc),
    });
  }
}

/** Environment variables that switch TLS verification off, with the values that do. A map, so names such as `constructor` find nothing. */
const TLS_ENV = new Map<string, (v: string) => boolean>([
  // git disables verification whenever the variable is set, whatever its value.
  ['GIT_SSL_NO_VERIFY', () => true],
  ['NPM_CONFIG_STRICT_SSL', (v) => v === 'false'],
  ['npm_config_strict_ssl', (v) => v === 'false'],
  ['PYTHONHTTPSVERIFY', (v) => v === '0'],
  ['NODE_TLS_REJECT_UNAUTHORIZED', (v) => v === '0'],
  ['MLFLOW_TRACKING_INSECURE_TLS', (v) => /^(true|1|yes)$/i.test(v)],
  ['CURL_INSECURE', (v) => /^(true|1|yes)$/i.test(v)],
  ['PIP_TRUSTED_HOST', (v) => v !== ''],
  ['UV_INSECURE_HOST', (v) => v !== ''],
  ['AWS_CA_BUNDLE', () => false],
]);

/** Environment variables that change where packages come from or how TLS is checked (appended to `into` when given). */
export function factsFromEnvironment(settings: readonly SettingFact[], phase: 'build' | 'run', origin: PackageInstallFact['origin'], into?: Facts): Facts {
  const facts = into ?? emptyFacts();
  for (const s of settings) {
    if (!s.value) continue;
    const name = s.name.value;
    const value = s.value.value;
    const check = TLS_ENV.get(name);
    remoteCodeFromSetting(s, facts);
    if (check?.(value))
      facts.tlsDisables.push({ what: `${name}=${value}`, loc: { file: s.name.loc.file, start: s.name.loc.start, end: s.value.loc.end }, ...(s.workloadId ? { workloadId: s.workloadId } : {}) });
    if (name === 'PIP_INDEX_URL' || name === 'PIP_EXTRA_INDEX_URL' || name === 'UV_INDEX_URL' || name === 'UV_EXTRA_INDEX_URL') {
      // Several URLs are separated by blanks; each is located on itself when the value is verbatim.
      const vloc = s.value.loc;
      const verbatim = vloc.end - vloc.start === value.length;
      let from = 0;
      const urls = value
        .split(/\s+/)
        .filter(Boolean)
        .map((u): Str => {
          const at = value.indexOf(u, from);
          from = at + u.length;
          return { value: u, loc: verbatim ? { file: vloc.file, start: vloc.start + at, end: vloc.start + at + u.length } : vloc };
        });
      const extra = name.includes('EXTRA');
      facts.packageInstalls.push({
        manager: 'pip',
        packages: [],
        indexUrls: extra ? [] : urls,
        extraIndexUrls: extra ? urls : [],
        trustedHosts: [],
        requireHashes: false,
        atRuntime: phase === 'run',
        loc: { file: s.name.loc.file, start: s.name.loc.start, end: s.value.loc.end },
        origin,
        ...(s.workloadId ? { workloadId: s.workloadId } : {}),
      });
      for (const u of urls) facts.urls.push({ url: u, role: 'package-index', ...(s.workloadId ? { workloadId: s.workloadId } : {}) });
    } else {
      const role = urlRoleOfSetting(name);
      if (role && URL_RE.test(value)) facts.urls.push({ url: s.value, role, ...(s.workloadId ? { workloadId: s.workloadId } : {}) });
    }
  }
  return facts;
}

function urlRoleOfSetting(name: string): UrlRole | undefined {
  if (name === 'MLFLOW_TRACKING_URI' || name === 'MLFLOW_REGISTRY_URI' || name === 'WANDB_BASE_URL') return 'tracking-server';
  if (/(^|_)(S3|GCS|AZURE|MINIO|STORAGE|BUCKET|ARTIFACT|MODEL)_?(ENDPOINT|URL|URI)$/.test(name) || name === 'MLFLOW_S3_ENDPOINT_URL' || name === 'AWS_ENDPOINT_URL') return 'artifact-store';
  if (/(^|_)(DATA|DATASET)_?(URL|URI)$/.test(name)) return 'data-dependency';
  if (/_(URL|URI|ENDPOINT|HOST)$/.test(name)) return 'other';
  return undefined;
}

function analyzeCommand(cmd: ShellCommand, words: readonly ShellWord[], name: string, acc: Acc): void {
  // Prefix assignments such as `GIT_SSL_NO_VERIFY=1 git clone …`.
  for (const a of cmd.assigns) {
    const check = TLS_ENV.get(a.name);
    if (check?.(a.value)) acc.facts.tlsDisables.push({ what: `${a.name}=${a.value}`, loc: a.loc, ...wid(acc) });
    const role = urlRoleOfSetting(a.name);
    if (role && URL_RE.test(a.value)) acc.facts.urls.push({ url: { value: a.value, loc: a.loc }, role, ...wid(acc) });
  }
  if (!name) return;
  const v = words.map((w) => w.value);
  if (name === 'export' || name === 'ENV') {
    for (const w of words.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(w.value);
      if (m && TLS_ENV.get(m[1])?.(m[2])) acc.facts.tlsDisables.push({ what: w.value, loc: w.loc, ...wid(acc) });
    }
    return;
  }
  analyzeSignatureBypass(cmd, words, name, acc);
  if (analyzeTlsCommand(cmd, words, name, acc)) return;
  // pip in its many spellings, with general options before the subcommand (`pip --trusted-host H install …`).
  const pip = (from: number) => {
    const install = pipInstallWords(words, from);
    if (install) analyzePip(cmd, install, 'pip', acc);
  };
  if (/^pip[0-9.]*$/.test(name)) return pip(1);
  if (/^python[0-9.]*$/.test(name)) {
    if (v[1] === '-m' && /^pip[0-9.]*$/.test(v[2] ?? '')) return pip(3);
    if (/^-[a-zA-Z]*m$/.test(v[1] ?? '') && v[2] === 'pip') return pip(3);
    if (/^-[a-zA-Z]*mpip[0-9.]*$/.test(v[1] ?? '')) return pip(2);
    // Nothing else a Python command runs is read here, but the model servers it may start.
    return analyzeRemoteCodeServer(words, name, acc);
  }
  if (name === 'uv' && v[1] === 'pip' && v[2] === 'install') return analyzePip(cmd, words.slice(2), 'uv', acc);
  if ((name === 'conda' || name === 'mamba' || name === 'micromamba') && (v[1] === 'install' || v[1] === 'create')) {
    return analyzeConda(cmd, words.slice(1), name === 'conda' ? 'conda' : 'mamba', acc);
  }
  if ((name === 'apt-get' || name === 'apt') && v.includes('install')) return analyzeSystemPackages(cmd, words.slice(v.indexOf('install')), 'apt', acc);
  if (name === 'apk' && v[1] === 'add') return analyzeSystemPackages(cmd, words.slice(1), 'apk', acc);
  if ((name === 'yum' || name === 'dnf' || name === 'microdnf') && v[1] === 'install') return analyzeSystemPackages(cmd, words.slice(1), 'yum', acc);
  if (FETCHERS.has(name)) return analyzeFetcher(cmd, words, acc);
  analyzeRemoteCodeServer(words, name, acc);
  if (name === 'huggingface-cli' && v[1] === 'download' && v[2]) {
    // Only a commit id names fixed content; a branch or tag such as `main` can move.
    const r = v.findIndex((x) => x === '--revision' || x.startsWith('--revision='));
    const revision = r < 0 ? undefined : v[r] === '--revision' ? v[r + 1] : v[r].slice('--revision='.length);
    const verified = /^[0-9a-f]{40}$/.test(revision ?? '');
    acc.facts.downloads.push({ tool: 'huggingface-cli', url: { value: `hf://${v[2]}`, loc: words[2].loc }, verified, payload: 'model', loc: cmd.loc, ...wid(acc) });
    return;
  }
  analyzeService(cmd, words, acc);
}

/** Interpreter commands that run what a fetcher wrote to their standard input or argument. */
function findRemoteExecs(commands: readonly ShellCommand[], read: readonly ReadCommand[], acc: Acc): void {
  const fetchUrl = (c: ShellCommand): Str | undefined => {
    const w = stripWrappers(c.words);
    if (!FETCHERS.has(commandName(w))) return undefined;
    const u = w.find((x) => URL_RE.test(x.value));
    return u ? wordStr(u) : { value: '', loc: c.loc };
  };
  const fetcherIn = (s: ShellScript): { name: string; url?: Str } | undefined => {
    for (const c of allCommands(s)) {
      const u = fetchUrl(c);
      if (u) return { name: commandName(stripWrappers(c.words)), ...(u.value ? { url: u } : {}) };
    }
    return undefined;
  };
  for (let i = 0; i < commands.length; i++) {
    const cmd = commands[i];
    const name = read[i].name;
    // Only a pipe, a substitution or an inner script can feed an interpreter a download.
    if (!INTERPRETERS.test(name) || (!cmd.pipedFrom.length && !cmd.substitutions.length && !cmd.inner)) continue;
    // curl … | sh (possibly through tee or other filters).
    let src: { name: string; url?: Str } | undefined;
    const seen = new Set<ShellCommand>();
    const queue = [...cmd.pipedFrom];
    while (queue.length && !src) {
      const p = queue.shift()!;
      if (seen.has(p)) continue;
      seen.add(p);
      const u = fetchUrl(p);
      if (u) src = { name: commandName(stripWrappers(p.words)), ...(u.value ? { url: u } : {}) };
      appendAll(queue, p.pipedFrom);
    }
    // bash <(curl …), sh -c "$(curl …)", python -c "$(wget -O- …)", eval "$(curl …)".
    if (!src) {
      for (const s of cmd.substitutions) {
        src = fetcherIn(s);
        if (src) break;
      }
    }
    if (!src && cmd.inner) {
      // `sh -c '$(curl …)'` runs the download as the command itself. A substitution elsewhere in
      // the script is only an argument there (`echo $(curl …)`), and an interpreter inside the
      // script (`eval "$(curl …)"`) is reported as its own command.
      for (const c of cmd.inner.commands) {
        if (!/^["']?(\$\(|`)/.test(c.words[0]?.raw ?? '')) continue;
        for (const s of c.substitutions) {
          src = fetcherIn(s);
          if (src) break;
        }
        if (src) break;
      }
    }
    if (src) {
      acc.facts.remoteExecs.push({ fetcher: src.name, interpreter: name, ...(src.url ? { url: src.url } : {}), loc: cmd.loc, ...wid(acc) });
    }
  }
}

/** Commands that can verify a download, by name (grep only after a checksum tool). */
const VERIFIERS = /^(sha(1|224|256|384|512)sum|shasum|md5sum|b2sum|cksum|gpgv?|cosign|minisign|grep)$/;

function hasChecksumVerification(commands: readonly ShellCommand[], read: readonly ReadCommand[]): boolean {
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    const { words: w, name } = read[i];
    if (!VERIFIERS.test(name)) continue;
    const v = w.map((x) => x.value);
    if (CHECKSUM_TOOLS.test(name) && (v.includes('-c') || v.includes('--check') || v.some((x) => /^-[a-z]*c$/.test(x)))) return true;
    if ((name === 'gpg' || name === 'gpgv') && (v.includes('--verify') || name === 'gpgv')) return true;
    if (name === 'cosign' && v[1]?.startsWith('verify')) return true;
    if (name === 'minisign' && v.includes('-V')) return true;
    // `sha256sum file | grep <hash>` compares the digest too.
    if (name === 'grep' && c.pipedFrom.some((p) => CHECKSUM_TOOLS.test(commandName(stripWrappers(p.words))))) return true;
  }
  return false;
}

/** All facts a script yields (the ScriptFact itself included), appended to `into` when given. */
export function factsFromScript(script: ShellScript, ctx: CommandContext, into?: Facts): Facts {
  const facts = into ?? emptyFacts();
  facts.scripts.push({ origin: ctx.origin, script, phase: ctx.phase, ...(ctx.workloadId ? { workloadId: ctx.workloadId } : {}) });
  const commands = allCommands(script);
  const read = commands.map((c): ReadCommand => {
    const words = stripWrappers(c.words);
    return { words, name: commandName(words) };
  });
  const acc: Acc = { facts, ctx, scriptHasChecksum: hasChecksumVerification(commands, read) };
  const made: DownloadFact[][] = [];
  for (let i = 0; i < commands.length; i++) {
    const before = facts.downloads.length;
    analyzeCommand(commands[i], read[i].words, read[i].name, acc);
    made.push(facts.downloads.slice(before));
  }
  findRemoteExecs(commands, read, acc);
  findDownloadThenRun(commands, read, made, acc);
  return facts;
}
