// The threat-model webview in a real browser (Debian's Chromium through playwright-core): it
// renders hostile model text as text, runs no injected script, makes no request beyond its own
// bundle, violates no CSP directive, and supports selection, source links, filters, search,
// keyboard navigation, live updates and state restore, in light, dark and high-contrast themes.
// The Markdown report's Mermaid diagram is parsed by Mermaid in the same browser.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildThreatModel } from '../../src/core/threat-model';
import type { ThreatModel } from '../../src/core/threat-model/model';
import { mermaidFlowchart, threatModelMarkdown } from '../../src/core/report/threat-model-markdown';
import { buildWebview, ensureChromium, launchChromium, openWebview, ROOT, type WebviewPage } from '../helpers/webview-page';
import { churnScenario } from './fixtures';
import { hostile, PAYLOADS } from './hostile';

const RESULTS = path.join(ROOT, 'test-results');

async function pwned(p: WebviewPage): Promise<unknown> {
  return p.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
}

async function clickNode(p: WebviewPage, id: string): Promise<void> {
  await p.page.evaluate((x) => document.querySelector(`.node[data-id="${x}"]`)!.dispatchEvent(new MouseEvent('click', { bubbles: true })), id);
}

describe('threat-model webview in Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let bundle: string;
  const s = churnScenario();
  const model = buildThreatModel({ facts: s.facts, findings: s.findings, title: 'Threat model of churn-pipeline' });

  before(async function () {
    this.timeout(600_000);
    const missing = ensureChromium();
    if (missing) {
      console.log(`    skipped: ${missing}`);
      this.skip();
    }
    bundle = await buildWebview();
    browser = await launchChromium();
    fs.mkdirSync(RESULTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
  });

  it('renders hostile names as text: no script runs, no request leaves, no CSP violation', async () => {
    const p = await openWebview(browser, bundle, 'dark');
    const bad = hostile(model);
    await p.post({ type: 'model', model: bad });
    await p.rendered();
    const target = bad.elements.find((e) => e.role === 'inference-service')!;
    await clickNode(p, target.id);
    await p.page.evaluate(() => document.querySelectorAll('details.threat').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    await p.page.screenshot({ path: path.join(RESULTS, 'threat-model-hostile.png') });
    assert.equal(await pwned(p), undefined);
    assert.deepEqual(p.dialogs, []);
    assert.deepEqual(p.refused, [], 'no request outside the bundle');
    assert.deepEqual(await p.violations(), []);
    assert.deepEqual(p.consoleErrors, []);
    const counts = await p.page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      injected: document.querySelectorAll('img, iframe, object, embed, a[href], style, svg svg, foreignObject').length,
    }));
    assert.deepEqual(counts, { scripts: 1, injected: 0 });
    // The payloads are there, verbatim, as text.
    const paneText = await p.page.locator('.pane').innerText();
    assert.ok(paneText.includes(target.name), 'the hostile element name is shown as text');
    assert.ok(PAYLOADS.some((x) => paneText.includes(x)));
    const label = await p.page.locator(`.node[data-id="${target.id}"]`).getAttribute('aria-label');
    assert.ok(label?.includes(PAYLOADS[0]) || PAYLOADS.some((x) => label?.includes(x)));
    await p.page.context().close();
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as const) {
    it(`draws the diagram and the selected element's threats in the ${theme} theme`, async () => {
      const p = await openWebview(browser, bundle, theme);
      await p.post({ type: 'model', model });
      await p.rendered();
      const counts = await p.page.evaluate(() => ({
        nodes: document.querySelectorAll('.node').length,
        edges: document.querySelectorAll('.edge').length,
        boundaries: document.querySelectorAll('.boundary').length,
        stores: document.querySelectorAll('.node.kind-store .store-line').length,
      }));
      assert.deepEqual(counts, { nodes: model.elements.length, edges: model.flows.length, boundaries: model.boundaries.length, stores: 2 * model.elements.filter((e) => e.kind === 'store').length });
      const train = model.elements.find((e) => e.name === 'train' && e.role === 'pipeline-step')!;
      await clickNode(p, train.id);
      await p.page.locator('.pane h2', { hasText: 'train' }).waitFor();
      const titles = await p.page.locator('.pane details.threat .threat-title').allInnerTexts();
      assert.ok(titles.includes('Container escape from train'));
      const tags = await p.page.locator('.pane details.threat', { hasText: 'Container escape from train' }).locator('.tag').allTextContents();
      assert.ok(tags.includes('E') && tags.includes('AML.T0105'));
      // Colours come from the theme: the page background is the theme's editor background.
      const bg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, { light: 'rgb(255, 255, 255)', dark: 'rgb(31, 31, 31)', 'high-contrast': 'rgb(0, 0, 0)' }[theme]);
      await p.page.screenshot({ path: path.join(RESULTS, `threat-model-${theme}.png`) });
      assert.deepEqual(p.refused, []);
      assert.deepEqual(await p.violations(), []);
      await p.page.context().close();
    });
  }

  it('posts an open-source message with the finding location when a finding is clicked', async () => {
    const p = await openWebview(browser, bundle, 'dark');
    await p.post({ type: 'model', model });
    await p.rendered();
    const churn = model.elements.find((e) => e.role === 'inference-service')!;
    await clickNode(p, churn.id);
    await p.page.locator('.pane ul.flows button.link', { hasText: 'model load' }).click();
    await p.page.locator('.pane h2', { hasText: 'model load' }).waitFor();
    await p.page.locator('.pane details.threat', { hasText: 'runs code from the model' }).locator('summary').click();
    await p.page.locator('.pane details.threat[open] ul.findings button.link').first().click();
    const posted = await p.posted();
    const open = posted.filter((m) => m.type === 'openSource');
    assert.deepEqual(open, [{ type: 'openSource', loc: { file: 'models/churn/model.pkl', start: 0, end: 0 } }]);
    await p.page.context().close();
  });

  it('moves between elements with Tab and the arrow keys and selects with Enter', async () => {
    const p = await openWebview(browser, bundle, 'light');
    await p.post({ type: 'model', model });
    await p.rendered();
    await p.page.locator('.node').first().focus();
    const first = await p.page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    await p.page.keyboard.press('ArrowRight');
    const second = await p.page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    assert.ok(first && second && first !== second, 'the right arrow moves focus to another element');
    await p.page.keyboard.press('Tab');
    const third = await p.page.evaluate(() => document.activeElement?.classList.contains('node'));
    assert.ok(third, 'Tab reaches the next element');
    await p.page.keyboard.press('Enter');
    const focused = await p.page.evaluate(() => document.activeElement?.getAttribute('data-id'));
    const name = model.elements.find((e) => e.id === focused)!.name;
    assert.equal(await p.page.locator('.pane h2').innerText(), name);
    assert.equal(await p.page.locator(`.node[data-id="${focused}"]`).getAttribute('aria-pressed'), 'true');
    const roles = await p.page.evaluate(() => Array.from(document.querySelectorAll('.node')).every((n) => n.getAttribute('role') === 'button' && (n.getAttribute('aria-label') ?? '').length > 0));
    assert.ok(roles);
    await p.page.context().close();
  });

  it('filters by status and framework, searches, and keeps state across a reload', async () => {
    const p = await openWebview(browser, bundle, 'dark');
    await p.post({ type: 'model', model });
    await p.rendered();
    const badges = () => p.page.evaluate(() => document.querySelectorAll('.badge:not(.hidden)').length);
    assert.ok((await badges()) > 0);
    await p.page.locator('vscode-checkbox[data-value="open"]').click();
    assert.equal(await badges(), 0, 'no open-threat badges once open threats are filtered out');
    await p.page.locator('vscode-checkbox[data-value="open"]').click();
    await p.page.locator('vscode-checkbox[data-value="STRIDE"]').click();
    await p.page.locator('vscode-checkbox[data-value="OWASP"]').click();
    await p.page.locator('vscode-checkbox[data-value="ATLAS"]').click();
    const litByFramework = await p.page.evaluate(() => Array.from(document.querySelectorAll('.node:not(.dim)')).map((n) => n.getAttribute('data-id')));
    const privacy = new Set(model.threats.filter((t) => t.linddun.length).flatMap((t) => t.targets));
    assert.deepEqual(
      litByFramework.sort(),
      model.elements
        .filter((e) => privacy.has(e.id))
        .map((e) => e.id)
        .sort(),
      'only elements with LINDDUN threats stay lit',
    );
    assert.ok(litByFramework.length > 0 && litByFramework.length < model.elements.length);
    for (const f of ['STRIDE', 'OWASP', 'ATLAS']) await p.page.locator(`vscode-checkbox[data-value="${f}"]`).click();
    await p.page.locator('vscode-textfield.search').click();
    await p.page.keyboard.type('acme-models');
    const lit = await p.page.evaluate(() => Array.from(document.querySelectorAll('.node:not(.dim)')).map((n) => n.getAttribute('data-id')));
    assert.deepEqual(lit, [model.elements.find((e) => e.name === 's3://acme-models')!.id]);
    await p.page.keyboard.press('Enter');
    await p.page.locator('.pane h2', { hasText: 's3://acme-models' }).waitFor();
    await p.page.locator('vscode-toolbar-button[label="Zoom in"]').click();
    const zoomed = await p.page.evaluate(() => document.querySelector('.viewport')!.getAttribute('transform'));
    await p.page.reload();
    await p.post({ type: 'model', model });
    await p.rendered();
    assert.equal(await p.page.locator('.pane h2').innerText(), 's3://acme-models');
    assert.equal(await p.page.evaluate(() => document.querySelector('.viewport')!.getAttribute('transform')), zoomed);
    assert.equal(await p.page.evaluate(() => (document.querySelector('vscode-textfield.search') as HTMLInputElement).value), 'acme-models');
    await p.page.context().close();
  });

  it('asks the extension for each export format from the toolbar', async () => {
    const p = await openWebview(browser, bundle, 'light');
    await p.post({ type: 'model', model });
    await p.rendered();
    for (const label of ['Export as mlsec JSON', 'Export as Markdown with a Mermaid diagram', 'Export as an OWASP Threat Dragon model']) {
      await p.page.locator(`vscode-toolbar-button[label="${label}"]`).click();
    }
    const exports = (await p.posted()).filter((m) => m.type === 'export');
    assert.deepEqual(exports, [
      { type: 'export', format: 'json' },
      { type: 'export', format: 'markdown' },
      { type: 'export', format: 'threat-dragon' },
    ]);
    await p.page.context().close();
  });

  it('updates live when a new model arrives and keeps the selection', async () => {
    const p = await openWebview(browser, bundle, 'dark');
    await p.post({ type: 'model', model });
    await p.rendered();
    const churn = model.elements.find((e) => e.role === 'inference-service')!;
    await clickNode(p, churn.id);
    const fixed = churnScenario({ baseImageDigest: true });
    const next: ThreatModel = buildThreatModel({ facts: fixed.facts, findings: fixed.findings, title: 'Threat model of churn-pipeline' });
    const before = await p.page.evaluate(() => document.querySelectorAll('.badge:not(.hidden)').length);
    await p.post({ type: 'model', model: { ...next, elements: next.elements.filter((e) => e.role !== 'client'), flows: next.flows.filter((f) => !f.kind.startsWith('inference')) } });
    await p.page.waitForFunction((n) => document.querySelectorAll('.node').length === n, next.elements.length - 1);
    await p.rendered();
    assert.equal(await p.page.locator('.pane h2').innerText(), 'churn');
    assert.ok((await p.page.evaluate(() => document.querySelectorAll('.badge:not(.hidden)').length)) <= before);
    await p.page.context().close();
  });

  it("parses the Markdown report's Mermaid flowchart with Mermaid's own parser", async () => {
    // Mermaid needs a DOM (DOMPurify, d3): a blank Chromium page gives it one.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.setContent('<!DOCTYPE html><html><body></body></html>');
    await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') });
    const parse = (text: string) =>
      page.evaluate(async (t) => {
        const m = (window as unknown as { mermaid: { initialize(o: object): void; parse(t: string): Promise<unknown> } }).mermaid;
        m.initialize({ startOnLoad: false, securityLevel: 'strict' });
        try {
          await m.parse(t);
          return 'ok';
        } catch (e) {
          return String((e as Error).message ?? e);
        }
      }, text);
    const md = threatModelMarkdown(model);
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(md)![1];
    assert.equal(block, mermaidFlowchart(model));
    assert.equal(await parse(block), 'ok');
    assert.equal(await parse(mermaidFlowchart(hostile(model))), 'ok', 'escaped hostile labels still parse');
    // Escaped labels hold no quote, bracket or markup character, and the parser does reject broken syntax.
    for (const m of mermaidFlowchart(hostile(model)).matchAll(/"([^"]*)"/g)) assert.doesNotMatch(m[1], /[<>[\]{}()|`]/);
    assert.notEqual(await parse('flowchart LR\n  a["unterminated --> b'), 'ok');
    await context.close();
  });
});
