// @ts-check
// End-to-end test of the threat-model panel in a real VS Code (code-server + Chromium): the
// command opens the panel, the diagram draws the example repository, selecting an element shows
// its threats and findings, a finding opens the file at its line, and the panel is restored after
// a window reload.
'use strict';
const assert = require('node:assert/strict');
const path = require('node:path');
const { Session, poll } = require('./workbench');

const VSIX = process.env.MLSEC_VSIX || path.resolve(__dirname, '..', `mlsec-${require('../package.json').version}.vsix`);
const SERVER = 'MLflow model server (image of docker/serve.Dockerfile)';

describe('mlsec threat-model panel in VS Code', function () {
  /** @type {Session} */
  let session;
  /** @type {import('./workbench').Workbench} */
  let wb;

  before(async function () {
    session = await Session.start(VSIX);
    wb = await session.open('threat-model', true);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.shot('failed');
  });

  after(async function () {
    await wb?.close();
    await session?.stop();
  });

  /** The page inside the panel: VS Code nests each webview in two iframes. */
  const webview = () => wb.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');

  it('opens the panel and draws the example repository', async function () {
    await wb.command('mlsec: Open Threat Model');
    await wb.page.locator('.tab', { hasText: 'Threat Model' }).waitFor({ state: 'visible' });
    const view = webview();
    await view.locator('.diagram-host[data-rendered]').waitFor({ state: 'attached', timeout: 90000 });
    await view.locator('main[aria-busy="false"]').waitFor({ state: 'attached', timeout: 90000 });
    await poll(async () => (await view.locator('.node').count()) > 10, 'the diagram to show the example repository');
    assert.match((await view.locator('.status').textContent()) ?? '', /\d+ elements, \d+ flows, \d+ open threats/);
    await wb.shot('threat-model');
  });

  it('selects an element and lists its threats and findings', async function () {
    const view = webview();
    // Keyboard selection, as the diagram is fitted into a narrow editor column: focus moves the
    // view to the element and Enter selects it.
    const node = view.locator(`.node[aria-label^="Process: ${SERVER}"]`);
    await node.focus();
    await wb.page.keyboard.press('Enter');
    await view.locator('.pane h2', { hasText: SERVER }).waitFor({ state: 'visible' });
    assert.equal(await node.getAttribute('aria-pressed'), 'true');
    const spoofing = view.locator('details.threat', { hasText: 'Unauthenticated callers reach' }).first();
    await spoofing.waitFor({ state: 'visible' });
    await spoofing.locator('summary').click();
    await spoofing.locator('button.link', { hasText: 'serving/unauthenticated-ml-service' }).waitFor({ state: 'visible' });
    await wb.shot('threat-model-selected');
  });

  it('opens the source of a finding at its line', async function () {
    const view = webview();
    await view.locator('details.threat[open] button.link', { hasText: 'serving/unauthenticated-ml-service' }).first().click();
    await wb.page.locator('.tab.active', { hasText: 'serve.Dockerfile' }).waitFor({ state: 'visible' });
    await poll(async () => (await wb.page.locator('.statusbar-item', { hasText: 'Ln 16,' }).count()) > 0, 'the cursor on line 16 of serve.Dockerfile');
    await wb.shot('threat-model-source');
  });

  it('comes back after a window reload with the element still selected', async function () {
    await wb.command('Developer: Reload Window');
    // The serializer restores the panel as a tab; its page loads when the tab is shown.
    const tab = wb.page.locator('.tab', { hasText: 'Threat Model' });
    await tab.waitFor({ state: 'visible', timeout: 90000 });
    await tab.click();
    const view = webview();
    await view.locator('.diagram-host[data-rendered]').waitFor({ state: 'attached', timeout: 90000 });
    await view.locator('.pane h2', { hasText: SERVER }).waitFor({ state: 'visible', timeout: 90000 });
    await wb.shot('threat-model-restored');
  });
});
