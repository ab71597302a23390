// Opens the threat-model webview in Debian's Chromium the way VS Code shows it: the same HTML and
// bundle, the theme's CSS variables, a stand-in for acquireVsCodeApi, and every request served
// from the bundle folder or refused and recorded.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeNonce, threatModelHtml } from '../../src/extension/threat-model-html';
import type { FromWebview, ToWebview } from '../../src/core/threat-model/protocol';
import { THEMES, type ThemeName } from '../threat-model/themes';

export const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM = '/usr/bin/chromium';
export const ORIGIN = 'https://mlsec-webview.test';
const ASSETS = ['threat-model.js', 'threat-model.css', 'codicon.css', 'codicon.ttf'];

/** Makes sure Chromium is there (installing Debian's package when possible); returns why not otherwise. */
export function ensureChromium(): string | undefined {
  if (fs.existsSync(CHROMIUM)) return undefined;
  const r = spawnSync('sh', [path.join(ROOT, 'scripts/install-chromium.sh')], { encoding: 'utf8', timeout: 600_000 });
  return fs.existsSync(CHROMIUM) ? undefined : (r.stderr || 'Chromium could not be installed').trim();
}

/** Builds the webview bundle into dist/webview and returns its folder. */
export async function buildWebview(): Promise<string> {
  // The build script is plain JavaScript outside the TypeScript tree.
  const { build } = require(path.join(ROOT, 'scripts/build-webview.js')) as { build(o: { root: string; production?: boolean }): Promise<string> };
  return build({ root: ROOT });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface WebviewPage {
  page: Page;
  /** Every URL the page asked for. */
  requests: string[];
  /** Requests for anything but the page and its bundle: refused. */
  refused: string[];
  dialogs: string[];
  consoleErrors: string[];
  post(message: ToWebview): Promise<void>;
  posted(): Promise<FromWebview[]>;
  violations(): Promise<string[]>;
  /** Waits until the model is laid out and drawn. */
  rendered(): Promise<void>;
}

export async function openWebview(browser: Browser, bundle: string, theme: ThemeName, size = { width: 1440, height: 900 }): Promise<WebviewPage> {
  const context = await browser.newContext({ viewport: size, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const requests: string[] = [];
  const refused: string[] = [];
  const dialogs: string[] = [];
  const consoleErrors: string[] = [];
  const html = threatModelHtml({
    scriptUri: `${ORIGIN}/threat-model.js`,
    styleUri: `${ORIGIN}/threat-model.css`,
    codiconUri: `${ORIGIN}/codicon.css`,
    cspSource: ORIGIN,
    nonce: makeNonce(),
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    requests.push(url);
    const name = url.startsWith(`${ORIGIN}/`) ? url.slice(ORIGIN.length + 1).replace(/\?.*$/, '') : undefined;
    if (name === 'index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    if (name && ASSETS.includes(name)) {
      const type = name.endsWith('.js') ? 'text/javascript' : name.endsWith('.css') ? 'text/css' : 'font/ttf';
      return route.fulfill({ status: 200, contentType: type, body: fs.readFileSync(path.join(bundle, name)) });
    }
    refused.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  const t = THEMES[theme];
  await page.addInitScript(
    ({ vars, bodyClass }) => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      const violations: string[] = [];
      w.__posted = posted;
      w.__violations = violations;
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => JSON.parse(sessionStorage.getItem('vscode-state') ?? 'null'),
        setState: (s: unknown) => sessionStorage.setItem('vscode-state', JSON.stringify(s)),
      });
      // VS Code sets the theme on <html> and <body> before the page script runs; the elements exist once parsing starts.
      document.addEventListener('readystatechange', () => {
        for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
        document.body?.classList.add(bodyClass);
      });
    },
    { vars: t.vars, bodyClass: t.bodyClass },
  );
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'));
  return {
    page,
    requests,
    refused,
    dialogs,
    consoleErrors,
    post: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
    posted: () => page.evaluate(() => (window as unknown as { __posted: FromWebview[] }).__posted),
    violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    rendered: async () => {
      await page.waitForFunction(() => document.querySelector('main')?.getAttribute('aria-busy') === 'false' && !!document.querySelector('.diagram-host[data-rendered]'));
    },
  };
}
