// @ts-check
// Drives the VS Code workbench (code-server in Chromium, through playwright-core) the way a user
// does: keyboard and clicks, waiting on what the page shows and never on fixed delays.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { installExtension, startCodeServer } = require('../scripts/code-server');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'test-results');
const EXAMPLE = path.join(ROOT, 'examples', 'ml-repo');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Polls `probe` until it returns a truthy value, and returns that value; fails with `what` when
 * `timeoutMs` passes first. Polling reads the page's state: it waits on an outcome, not a time.
 * @template T
 * @param {() => Promise<T>} probe
 * @param {string} what
 * @param {number} [timeoutMs]
 * @returns {Promise<NonNullable<T>>}
 */
async function poll(probe, what, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return /** @type {NonNullable<T>} */ (last);
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Whether this run has cleared the screenshots of earlier runs. */
let resultsCleared = false;

/** One code-server with the packaged extension installed, shared by the tests of a run. */
class Session {
  /** @param {string} vsix */
  static async start(vsix) {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsec-e2e-'));
    const extensionsDir = path.join(base, 'extensions');
    const userDataDir = path.join(base, 'user-data');
    installExtension(vsix, extensionsDir, userDataDir);
    const workspaces = path.join(base, 'workspaces');
    fs.mkdirSync(workspaces);
    // Saving is an explicit step of the tests, as it is for most desktop users.
    const server = await startCodeServer({ userDataDir, extensionsDir, folder: workspaces, settings: { 'files.autoSave': 'off' } });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    // The screenshots of this run only: cleared by the first session of the run.
    if (!resultsCleared) fs.rmSync(RESULTS, { recursive: true, force: true });
    resultsCleared = true;
    fs.mkdirSync(RESULTS, { recursive: true });
    return new Session(base, workspaces, server, browser);
  }

  /**
   * @param {string} base
   * @param {string} workspaces
   * @param {{ child: import('node:child_process').ChildProcess, port: number }} server
   * @param {import('playwright-core').Browser} browser
   */
  constructor(base, workspaces, server, browser) {
    this.base = base;
    this.workspaces = workspaces;
    this.server = server;
    this.browser = browser;
  }

  /**
   * Copies the example repository into a fresh folder and opens it, answering the workspace
   * trust dialog with `trust`.
   * @param {string} name
   * @param {boolean} trust
   */
  async open(name, trust) {
    const folder = path.join(this.workspaces, name);
    fs.cpSync(EXAMPLE, folder, { recursive: true });
    const page = await this.browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://127.0.0.1:${this.server.port}/?folder=${folder}`);
    const wb = new Workbench(page, folder, name);
    const answer = trust ? 'Yes, I trust the authors' : "No, I don't trust the authors";
    await page.getByRole('button', { name: answer }).click({ timeout: 60000 });
    await page.getByRole('button', { name: answer }).waitFor({ state: 'detached' });
    return wb;
  }

  async stop() {
    await this.browser.close().catch(() => undefined);
    this.server.child.kill('SIGTERM');
    fs.rmSync(this.base, { recursive: true, force: true });
  }
}

class Workbench {
  /**
   * @param {import('playwright-core').Page} page
   * @param {string} folder
   * @param {string} name
   */
  constructor(page, folder, name) {
    this.page = page;
    this.folder = folder;
    this.name = name;
    this.step = 0;
  }

  /** Saves a screenshot of the current step under test-results/. @param {string} label */
  async shot(label) {
    this.step++;
    const file = path.join(RESULTS, `${this.name}-${String(this.step).padStart(2, '0')}-${label}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a command from the command palette by its title. @param {string} title */
  async command(title) {
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    // The palette lists the commands known when it opens: on a loaded machine the extension's
    // may register a moment later, so the palette is opened again until the command is listed.
    await poll(
      async () => {
        await this.page.keyboard.press('F1');
        await input.waitFor({ state: 'visible' });
        await input.fill(`>${title}`);
        if (
          await row.waitFor({ state: 'visible', timeout: 5000 }).then(
            () => true,
            () => false,
          )
        )
          return true;
        await this.page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' });
        return false;
      },
      `the command "${title}" in the palette`,
      90000,
    );
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  /** Opens a workspace file with Quick Open. @param {string} rel */
  async openFile(rel) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(rel);
    await this.page
      .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(rel) })
      .first()
      .waitFor({ state: 'visible' });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: path.basename(rel) }).waitFor({ state: 'visible' });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible' });
  }

  /** Moves the cursor to a 1-based line of the active editor. @param {number} line */
  async goToLine(line) {
    await this.page.locator('.monaco-editor textarea').first().focus();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden' });
    await poll(async () => (await this.page.locator('.statusbar-item', { hasText: `Ln ${line},` }).count()) > 0, `the cursor on line ${line}`);
  }

  /**
   * Shows the Problems panel filtered by `filter` (the panel matches it against messages, codes
   * and sources) and returns the text of its rows: file rows and marker rows.
   * @param {string} filter
   */
  async problems(filter) {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.command('Problems: Focus on Problems View');
    await panel.waitFor({ state: 'visible' });
    const input = this.page.getByPlaceholder('Filter (e.g. text');
    if ((await input.inputValue()) !== filter) await input.fill(filter);
    return panel.locator('.monaco-list-row').allTextContents();
  }

  /**
   * Waits until the Problems panel's rows for `filter` satisfy `ok`.
   * @param {string} filter
   * @param {(rows: string[]) => boolean} ok
   * @param {string} what
   */
  async waitForProblems(filter, ok, what) {
    /** @type {string[]} */
    let seen = [];
    let previous = '';
    return poll(
      async () => {
        // The panel applies a new filter a moment after it is typed, so rows count only once two
        // reads in a row agree and, for a text filter, every problem row shows that text.
        const rows = await this.problems(filter);
        const same = JSON.stringify(rows) === previous;
        previous = JSON.stringify(rows);
        seen = rows;
        const filtered = filter.includes('*') || rows.filter((r) => /\[Ln \d+, Col \d+\]$/.test(r)).every((r) => r.toLowerCase().includes(filter.toLowerCase()));
        return same && filtered && ok(rows) ? rows : undefined;
      },
      what,
      60000,
    ).catch((e) => {
      throw new Error(`${e.message}; the Problems panel showed for "${filter}": ${JSON.stringify(seen)}`);
    });
  }

  /** Opens the quick fix menu at the cursor and applies the action titled `title`. @param {string} title */
  async quickFix(title) {
    const rows = this.page.locator('.action-widget .monaco-list-row.action');
    await poll(async () => {
      if (
        !(await rows
          .first()
          .isVisible()
          .catch(() => false))
      )
        await this.page.keyboard.press('Control+.');
      return (await rows.filter({ hasText: title }).count()) > 0;
    }, `the quick fix "${title}"`);
    const titles = await rows.allTextContents();
    const target = titles.findIndex((t) => t.includes(title));
    const focused = await rows.evaluateAll((els) => els.findIndex((e) => e.classList.contains('focused')));
    for (let i = Math.max(focused, 0); i < target; i++) await this.page.keyboard.press('ArrowDown');
    await poll(async () => (await rows.nth(target).getAttribute('class'))?.includes('focused'), `"${title}" focused`);
    await this.page.keyboard.press('Enter');
    await rows.first().waitFor({ state: 'hidden' });
  }

  /**
   * Right-clicks a file at the top of the workspace in the Explorer and runs the context-menu
   * entry titled `title`.
   * @param {string} name
   * @param {string} title
   */
  async explorerContextMenu(name, title) {
    await this.command('View: Show Explorer');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible' });
    await row.click({ button: 'right' });
    const item = this.page.getByRole('menuitem', { name: title });
    await item.waitFor({ state: 'visible' });
    // A click that lands while the menu is still settling can be lost, so the entry is clicked
    // until the menu closes.
    await poll(async () => {
      if (await item.isVisible()) await item.click({ timeout: 2000 }).catch(() => undefined);
      return !(await item.isVisible());
    }, `the menu entry "${title}" to run`);
  }

  /** Waits for a notification whose text matches `pattern` and returns its text. @param {RegExp} pattern */
  async waitForNotification(pattern) {
    const toast = this.page.locator('.notification-toast', { hasText: pattern }).first();
    await toast.waitFor({ state: 'visible', timeout: 60000 });
    return (await toast.textContent()) ?? '';
  }

  /** @param {string} rel @param {string | Buffer} data */
  write(rel, data) {
    fs.writeFileSync(path.join(this.folder, rel), data);
  }

  /**
   * Applies a suppression quick fix at a line of a file, types the reason over the selected
   * placeholder, and saves.
   * @param {string} rel
   * @param {number} line
   * @param {string} title
   * @param {string} reason
   */
  async suppress(rel, line, title, reason) {
    await this.openFile(rel);
    await this.goToLine(line);
    await this.quickFix(title);
    // The placeholder "reason" is selected: typing replaces it.
    await this.waitForSelection('reason'.length);
    await this.page.keyboard.type(reason);
    await this.save();
  }

  /** Waits until the active editor has unsaved changes, then saves it. */
  async save() {
    const dirty = this.page.locator('.tab.active.dirty');
    await dirty.waitFor({ state: 'visible' });
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await this.page.keyboard.press('Control+S');
    await dirty.waitFor({ state: 'detached' });
  }

  /** The number of problems the mlsec status-bar item shows. */
  async statusCount() {
    const text = await poll(
      async () =>
        (
          await this.page
            .locator('.statusbar-item', { hasText: /mlsec: \d+/ })
            .first()
            .textContent()
        )?.match(/mlsec: (\d+)/),
      'the mlsec status-bar item',
    );
    return Number(text[1]);
  }

  /**
   * The number of problems VS Code's own status-bar entry counts (errors, warnings and infos,
   * which is what the Problems panel lists).
   */
  async problemsCount() {
    const entry = this.page.locator('[id="status.problems"]').first();
    await entry.waitFor({ state: 'visible' });
    const label = (await entry.getAttribute('aria-label')) || (await entry.textContent()) || '';
    return (label.match(/\d+/g) ?? []).reduce((sum, n) => sum + Number(n), 0);
  }

  /** The text of the whole mlsec status-bar item, e.g. "mlsec: 37 (+5 info)". */
  async statusText() {
    return (
      (await this.page
        .locator('.statusbar-item', { hasText: /mlsec: \d+/ })
        .first()
        .textContent()) ?? ''
    );
  }

  /**
   * Shows the hover at the cursor (the keyboard command, so no mouse position is involved) and
   * returns the visible hover widgets.
   */
  async hoverAtCursor() {
    await this.page.locator('.editor-instance .monaco-editor textarea').first().focus();
    await this.command('Show or Focus Hover');
    const hover = this.page.locator('.monaco-hover:not(.hidden)');
    await hover.first().waitFor({ state: 'visible', timeout: 10000 });
    return hover;
  }

  /** @param {number} n */
  async waitForStatusCount(n) {
    await poll(async () => (await this.statusCount()) === n, `the mlsec status-bar item to show ${n}`);
  }

  /** Waits until the editor selection spans `chars` characters (a selected placeholder). @param {number} chars */
  async waitForSelection(chars) {
    await this.page.locator('.statusbar-item', { hasText: `(${chars} selected)` }).waitFor({ state: 'visible' });
  }

  /** @param {string} rel */
  read(rel) {
    return fs.readFileSync(path.join(this.folder, rel), 'utf8');
  }

  async close() {
    await this.page.close();
  }
}

module.exports = { Session, Workbench, poll, RESULTS };
