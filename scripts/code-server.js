// Runs a real VS Code (code-server from the npm registry) for `npm start` and the end-to-end
// tests: installs what is missing on demand into .cache/ (never into the project's dependencies),
// installs a packaged .vsix and starts the server on a free loopback port.
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const CODE_SERVER_VERSION = '4.100.3';
const cacheDir = path.join(root, '.cache');
const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
const codeServerBin = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = '/usr/bin/chromium';

function log(message) {
  console.log(`[mlsec] ${message}`);
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function debPackageInstalled(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/**
 * Installs Debian packages that are missing (as root, with apt-get); elsewhere says what to
 * install and stops.
 */
function ensureDebianPackages(packages) {
  const missing = packages.filter((p) => !debPackageInstalled(p));
  if (!missing.length) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !commandExists('apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. Install them (e.g. "sudo apt-get install -y ${missing.join(' ')}") and run again.`);
  }
  log(`Installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

/**
 * code-server's ripgrep dependency downloads a binary at install time; it first looks in this
 * cache, so Debian's rg is put there as the archive it expects.
 */
function seedRipgrepCache() {
  const dir = path.join(os.tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const archive = path.join(dir, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (fs.existsSync(archive)) return;
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-rg-'));
  fs.copyFileSync(rg, path.join(staging, 'rg'));
  fs.mkdirSync(dir, { recursive: true });
  execFileSync('tar', ['czf', archive, '-C', staging, 'rg']);
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Installs code-server into .cache/ when it is not there yet. */
function ensureCodeServer() {
  if (fs.existsSync(codeServerBin)) return codeServerBin;
  ensureDebianPackages(['libkrb5-dev', 'ripgrep', 'build-essential', 'python3']);
  seedRipgrepCache();
  log(`Installing code-server ${CODE_SERVER_VERSION} into ${path.relative(root, codeServerDir)} (about two minutes, once)`);
  fs.mkdirSync(codeServerDir, { recursive: true });
  fs.writeFileSync(path.join(codeServerDir, 'package.json'), JSON.stringify({ name: 'mlsec-code-server', private: true }));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    stdio: 'inherit',
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (r.status !== 0 || !fs.existsSync(codeServerBin)) {
    fs.rmSync(codeServerDir, { recursive: true, force: true });
    throw new Error('Installing code-server failed (see the npm output above).');
  }
  return codeServerBin;
}

/** Installs Chromium (for the end-to-end tests) when it is missing. */
function ensureChromium() {
  if (!fs.existsSync(CHROMIUM)) ensureDebianPackages(['chromium']);
  return CHROMIUM;
}

/** The preferred port when it is free, otherwise one the system picks. */
function freePort(preferred) {
  const listen = (port) =>
    new Promise((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        const chosen = srv.address().port;
        srv.close(() => resolve(chosen));
      });
    });
  return listen(preferred).catch(() => listen(0));
}

/** Installs a packaged extension into an extensions folder with code-server's own installer. */
function installExtension(vsix, extensionsDir, userDataDir) {
  // The installer expects both folders to exist.
  for (const dir of [extensionsDir, userDataDir]) fs.mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [codeServerBin, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/**
 * Starts code-server on a loopback port and resolves once it answers HTTP. Returns the child
 * process, the port and the workbench URL of `folder`.
 */
async function startCodeServer({ userDataDir, extensionsDir, folder, port = 0, settings = {}, stdio = 'pipe' }) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'extensions.autoCheckUpdates': false, ...settings }, null, 2),
  );
  const chosen = await freePort(port);
  const child = spawn(
    process.execPath,
    [codeServerBin, '--bind-addr', `127.0.0.1:${chosen}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, folder],
    { stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'], env: { ...process.env, PASSWORD: undefined } },
  );
  const url = `http://127.0.0.1:${chosen}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
  await waitForHttp(`http://127.0.0.1:${chosen}/healthz`, child);
  return { child, port: chosen, url };
}

/** Polls until the server answers, it exits, or a minute passes. */
async function waitForHttp(url, child) {
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error('code-server exited before it answered');
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill();
  throw new Error(`code-server did not answer at ${url} within a minute`);
}

module.exports = { ensureCodeServer, ensureChromium, ensureDebianPackages, installExtension, startCodeServer, codeServerDir, cacheDir, log };
