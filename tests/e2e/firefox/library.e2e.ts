import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ARTIFACTS, TMP } from '../paths';
import { FirefoxPopup, launchFirefox, type FirefoxSession, saveKey } from './browser';

/** The library in real Firefox: a finished job is listed and opens at full size; History opens the sidebar. */
const KEY = 'sk-test-firefox-library-0123456789abcdef';
const PROMPT = 'a windmill at noon';
let fake: FakeProviders;
let firefox: FirefoxSession;
let options: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  firefox = await launchFirefox(fake.proxyPort);
  options = await firefox.extensionPage('options.html');
  await saveKey(options, 'openai', KEY);
});

afterAll(async () => {
  await firefox?.close();
  await fake?.close();
});

const waitIn = (page: Page, fn: () => unknown, timeout = 10_000) => page.waitForFunction(fn, { polling: 50, timeout });

test('a finished job is in the library, and opens at full size', async () => {
  // An image from words alone, through the toolbar popup (Firefox ≥ 149 opens it without a click).
  await options.evaluate(() => (globalThis as unknown as { browser: { browserAction: { openPopup(): Promise<void> } } }).browser.browserAction.openPopup());
  const popup = new FirefoxPopup(options);
  await popup.fill('Prompt', PROMPT);
  await popup.clickButton('Generate');
  await popup.waitFor(`(d) => d.querySelector('img[alt="Result 1 for “${PROMPT}”"]')?.naturalWidth`, 'the result', 30_000);
  // Done with the popup: it closes, as it does when the user clicks elsewhere.
  await popup.eval('(d) => d.defaultView.close()');
  await options.waitForFunction(() => (globalThis as unknown as { browser: { extension: { getViews(o: object): unknown[] } } }).browser.extension.getViews({ type: 'popup' }).length === 0, { polling: 50, timeout: 5000 });

  // Extension pages can't be navigated to here: the library opens as a tab from an extension page.
  await options.evaluate(() => (globalThis as unknown as { browser: { tabs: { create(o: object): Promise<unknown> } } }).browser.tabs.create({ url: '/library.html' }));
  const library = await firefox.extensionPage('library.html');
  await waitIn(library, () => document.querySelector('main li img') instanceof HTMLImageElement && (document.querySelector('main li img') as HTMLImageElement).naturalWidth > 0);
  const row = await library.evaluate(() => document.querySelector('main li')?.textContent ?? '');
  expect(row).toContain(`“${PROMPT}”`);
  expect(row).toContain('OpenAI · GPT Image 2');
  expect(row).toContain('done');
  expect(await library.evaluate(() => document.title)).toBe('Pictor history');

  await library.locator(`button[aria-label="Open “${PROMPT}” (done)"]`).click();
  await waitIn(library, () => document.querySelector<HTMLImageElement>('img[alt^="Result 1 for"]')?.naturalWidth === 64);
  const actions = await library.evaluate(() => [...document.querySelectorAll('button')].map((b) => b.textContent?.trim()));
  expect(actions).toEqual(expect.arrayContaining(['Download', 'Copy', 'Use as input', 'Remove background', 'Generate again', 'Delete']));
  mkdirSync(ARTIFACTS, { recursive: true });
  await library.screenshot({ path: join(ARTIFACTS, 'firefox-library-job.png') });
  await library.close();
});

test("History in the popup opens Pictor's sidebar", async () => {
  await options.evaluate(() => (globalThis as unknown as { browser: { browserAction: { openPopup(): Promise<void> } } }).browser.browserAction.openPopup());
  const popup = new FirefoxPopup(options);
  // The popup has loaded what it shows (Generate is enabled), so its layout holds still under the click.
  await popup.waitFor(`(d) => d.querySelector('button.primary') && !d.querySelector('button.primary').disabled`, 'the popup ready');
  // sidebarAction.open() needs the user's own click: a real one, through the browser window.
  await firefox.clickInPopup(await popup.buttonCenter('History'));
  const open = () => firefox.chromeEval<string>(`SidebarController.isOpen ? String(SidebarController.currentID) : ''`);
  await expect.poll(open, { timeout: 10_000 }).toMatch(/sidebar-action$/);
});
