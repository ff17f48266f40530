import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from '../e2e/paths';
import type { ChromiumSession } from '../e2e/chromium/browser';
import { CdpPage } from '../e2e/chromium/cdp-page';

/**
 * The floor some figures are measured against: a test-only extension (tests/bench/fixtures/blank-extension)
 * loaded next to Pictor, with a blank popup and an image menu item that injects an empty script.
 */
export const BLANK_EXTENSION = join(ROOT, 'tests/bench/fixtures/blank-extension');

interface Target {
  type: string;
  url: string;
  webSocketDebuggerUrl: string;
}

/** Every DevTools target of the browser (pages, the popup, the offscreen document, workers). */
export async function targets(session: ChromiumSession): Promise<Target[]> {
  const port = Number(readFileSync(join(session.profileDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);
  return (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Target[];
}

/** Connects to the first target whose URL is `url` exactly, waiting for it to appear. */
export async function attachUrl(session: ChromiumSession, url: string, timeoutMs = 10_000): Promise<CdpPage> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    const target = (await targets(session)).find((t) => t.url === url);
    if (target) return CdpPage.connect(target.webSocketDebuggerUrl);
  }
  throw new Error(`No target ${url} appeared within ${timeoutMs} ms`);
}

/** Waits until no target has the URL `url` (a popup that is closing). */
export async function gone(session: ChromiumSession, url: string, timeoutMs = 5_000): Promise<void> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (!(await targets(session)).some((t) => t.url === url)) return;
  }
  throw new Error(`${url} did not close`);
}

/** The fixture extension's id (its service worker is worker.js; Pictor's is background.js). */
export async function blankExtensionId(session: ChromiumSession): Promise<string> {
  const isBlank = (w: { url(): string }) => w.url().endsWith('/worker.js');
  const worker = session.context.serviceWorkers().find(isBlank) ?? (await session.context.waitForEvent('serviceworker', { predicate: isBlank }));
  return new URL(worker.url()).host;
}

/** A tab of the blank extension's own, from which its popup is opened (as Pictor's is from Settings). */
export async function blankExtensionPage(session: ChromiumSession): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(`chrome-extension://${await blankExtensionId(session)}/blank.html?opener`);
  return page;
}

interface ChromeAction {
  chrome: { action: { openPopup(): Promise<void> } };
}

/** The moment (epoch ms, the page's own clock) the blank popup is ready: its DOMContentLoaded's end, or 0 while it is not. */
export const BLANK_READY = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const field = document.querySelector('textarea');
  return nav && nav.domContentLoadedEventEnd > 0 && field && !field.disabled ? performance.timeOrigin + nav.domContentLoadedEventEnd : 0;
})()`;

export interface Opening {
  /** openPopup() → ready, in ms. */
  total: number;
  /** openPopup() → the popup's page starts loading (its time origin), in ms. */
  toPage: number;
  /** When openPopup() was called and when the page was ready, as this machine's epoch ms. */
  openedAt: number;
  readyAt: number;
}

/** Opens the popup at `url` from `opener`, its extension's page, and times it. */
export async function openToReady(session: ChromiumSession, opener: Page, url: string, ready: string, { front = true } = {}): Promise<Opening> {
  await gone(session, url);
  if (front) await opener.bringToFront();
  let opened = 0;
  for (const end = Date.now() + 10_000; ; ) {
    try {
      opened = await opener.evaluate(async () => {
        const t = performance.timeOrigin + performance.now();
        await (globalThis as unknown as ChromeAction).chrome.action.openPopup();
        return t;
      });
      break;
    } catch (error) {
      // Chrome refuses while the last popup is still closing.
      if (Date.now() > end || !String(error).includes('Failed to open popup')) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const popup = await attachUrl(session, url);
  const at = await popup.waitFor<number>(ready, `${url} ready`, 15_000);
  const origin = await popup.eval<number>('performance.timeOrigin');
  await popup.eval('window.close()').catch(() => undefined);
  popup.close();
  return { total: at - opened, toPage: origin - opened, openedAt: opened, readyAt: at };
}

