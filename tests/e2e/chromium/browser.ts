import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_HOSTS } from '../../fake-providers/server';
import { SEEDED_EXTPAY_KEY, seedExtPayKey } from '../extpay-seed';
import { CHROME_BUILD, tempDir } from '../paths';
import { CdpPage } from './cdp-page';
import { keepEvidence } from './evidence';
import { startDisplay, type Display } from './x11';

/** Real Chromium with the built extension loaded, its provider hosts mapped to the local fakes. */
export interface ChromiumSession {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  downloadsDir: string;
  profileDir: string;
  /** Opens a CDP connection to the first page target whose URL ends with `path` (e.g. the popup). */
  attach(path: string, timeoutMs?: number): Promise<CdpPage>;
  /** The virtual screen the browser is headed on, with real mouse and keyboard input. */
  display: Display;
  /** The options page the extension opens on install. */
  /** The welcome page, which opens by itself on install. */
  welcomePage(): Promise<Page>;
  /** Settings, opened from the welcome page the first time. */
  optionsPage(): Promise<Page>;
  /** Saves a key through the options page, as a user does. */
  saveKey(label: string, key: string): Promise<void>;
  /** Opens the toolbar popup (as a click on the toolbar button would) and connects to it. */
  openPopup(): Promise<CdpPage>;
  /** The toolbar badge's text. */
  badgeText(): Promise<string>;
  /** Stops the extension's service worker, as Chrome does when it idles; resolves once it is gone. */
  stopServiceWorker(): Promise<void>;
  /** Every console message of the extension's service worker(s) and of the pages, since launch. */
  consoleLog: string[];
  /** The browser's targets (type and URL), as DevTools lists them. */
  targets(): Promise<{ type: string; url: string }[]>;
  close(): Promise<void>;
}

/** The part of the extension API the tests call from an extension page. */
interface ChromeApi {
  tabs: { query(q: object): Promise<{ url?: string }[]> };
  action: { openPopup(): Promise<void>; getBadgeText(d: object): Promise<string> };
}

export interface LaunchOptions {
  /** Reuse a profile (a browser restart); its preferences are kept as they are. */
  profileDir?: string;
  /**
   * Send every connection through the fakes' CONNECT proxy, so that any host the browser asks for,
   * not only the mapped provider hosts, shows up in the fakes' logs.
   */
  proxyPort?: number;
  /**
   * ExtPay's key for this user (extpay-seed.ts): by default one the fake ExtensionPay answers as a
   * paid subscriber; null for a user who never met ExtensionPay.
   */
  extpayKey?: string | null;
  /** Unpacked extensions loaded next to Pictor (the benches' test-only fixtures). */
  extraExtensions?: string[];
  /**
   * Pictor's "Your image is ready" notification: off unless a test is about it. It is a window of
   * its own on the screen, where it could cover what a test clicks.
   */
  readyNotification?: boolean;
  /** The unpacked build to load (default: CHROME_BUILD, billing off; CHROME_BILLING_BUILD for billing). */
  build?: string;
}

export async function launchChromium(fakePort: number, options: LaunchOptions = {}): Promise<ChromiumSession> {
  const profileDir = options.profileDir ?? tempDir('chromium-profile');
  const downloadsDir = tempDir('chromium-downloads');
  if (!options.profileDir) {
    // Downloads land in a known folder without a prompt: Chromium reads `download.default_directory` and
    // `download.prompt_for_download` from the profile's Preferences (chromium.org/administrators/policy-list-3,
    // DownloadDirectory and PromptForDownloadLocation name the same preferences).
    mkdirSync(join(profileDir, 'Default'), { recursive: true });
    writeFileSync(
      join(profileDir, 'Default/Preferences'),
      JSON.stringify({ download: { default_directory: downloadsDir, prompt_for_download: false } }),
    );
  }
  // Headed on a virtual display: only real input grants activeTab (see x11.ts).
  const display = await startDisplay();
  const extensions = [options.build ?? CHROME_BUILD, ...(options.extraExtensions ?? [])].join(',');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: false,
    env: { ...process.env, DISPLAY: display.name },
    acceptDownloads: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--window-position=0,0',
      '--window-size=1300,900',
      '--password-store=basic',
      `--disable-extensions-except=${extensions}`,
      `--load-extension=${extensions}`,
      `--host-resolver-rules=${FAKE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${fakePort}`).join(', ')}`,
      '--ignore-certificate-errors',
      ...(options.proxyPort ? [`--proxy-server=http://127.0.0.1:${options.proxyPort}`] : []),
      // A second, port-based DevTools endpoint reaches targets Playwright does not expose (the popup).
      '--remote-debugging-port=0',
    ],
  });
  // Pictor's worker, not that of an extension loaded next to it.
  const isPictor = (w: Worker) => w.url().endsWith('/background.js');
  const worker = context.serviceWorkers().find(isPictor) ?? (await context.waitForEvent('serviceworker', { predicate: isPictor }));
  const extensionId = new URL(worker.url()).host;
  const consoleLog: string[] = [];
  const stamp = () => new Date().toISOString().slice(11, 23);
  const follow = (w: Worker) => {
    if (!isPictor(w)) return;
    w.on('console', (m) => consoleLog.push(`${stamp()} [service worker ${m.type()}] ${m.text()}`));
  };
  follow(worker);
  context.on('serviceworker', follow);
  context.on('console', (m) => consoleLog.push(`${stamp()} [page ${m.type()} ${m.page()?.url() ?? ''}] ${m.text()}`));
  if (!options.readyNotification) await worker.evaluate(() => (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void> } } } }).chrome.storage.local.set({ notifyWhenReady: false }));
  const extpayKey = options.extpayKey === undefined ? SEEDED_EXTPAY_KEY : options.extpayKey;
  if (extpayKey) await worker.evaluate(seedExtPayKey, extpayKey);
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  // Without this, Playwright redirects downloads into its own artifacts folder.
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' });
  const devtoolsPort = Number(readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);

  const listTargets = async () =>
    (await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json()) as { type: string; url: string; webSocketDebuggerUrl: string }[];
  const popupTargets = async () => (await listTargets()).filter((t) => t.url.startsWith(`chrome-extension://${extensionId}/popup.html`)).length;

  const session: ChromiumSession = {
    context,
    worker,
    extensionId,
    display,
    consoleLog,
    targets: async () => (await listTargets()).map(({ type, url }) => ({ type, url })),
    downloadsDir,
    profileDir,
    async attach(path, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const target = (await listTargets()).find((t) => t.type === 'page' && t.url.startsWith(`chrome-extension://${extensionId}${path}`));
        if (target) return CdpPage.connect(target.webSocketDebuggerUrl);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No page ${path} appeared within ${timeoutMs} ms\n${await keepEvidence(session, `no-${path}`)}`);
    },
    async welcomePage() {
      const url = `chrome-extension://${extensionId}/welcome.html`;
      const end = Date.now() + 10_000;
      while (Date.now() < end) {
        const page = context.pages().find((p) => p.url() === url);
        if (page) return page;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('The welcome page did not open on install');
    },
    // Install opens the welcome page; Settings is opened from there, as its "All settings" does.
    async optionsPage() {
      const url = `chrome-extension://${extensionId}/options.html`;
      const find = () => context.pages().find((p) => p.url() === url);
      if (find()) return find()!;
      const welcome = await session.welcomePage();
      await welcome.evaluate(() => (globalThis as unknown as { chrome: { runtime: { openOptionsPage(): Promise<void> } } }).chrome.runtime.openOptionsPage());
      const end = Date.now() + 10_000;
      while (Date.now() < end) {
        const page = find();
        if (page) {
          await page.waitForLoadState();
          return page;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('Settings did not open from the welcome page');
    },
    async saveKey(label, key) {
      const options = await session.optionsPage();
      const name = label.replace(/ API key$/, '');
      await options.getByLabel(label, { exact: true }).fill(key);
      await options.getByRole('button', { name: `Save ${name} key` }).click();
      // The provider was asked, and the card says the key (by its last four characters) is kept.
      await options.getByText(`Key ending …${key.slice(-4)}`).first().waitFor();
    },
    // Through an extension page rather than the worker: the worker may have been stopped since.
    // Chrome refuses ("Failed to open popup") while an earlier popup is still closing: give it a moment to go, as
    // a user's second click comes after the first popup has gone, and ask again while Chrome still refuses.
    async openPopup() {
      const page = await session.optionsPage();
      const settle = Date.now() + 3_000;
      while ((await popupTargets()) > 0 && Date.now() < settle) await new Promise((r) => setTimeout(r, 100));
      const end = Date.now() + 10_000;
      for (;;) {
        try {
          await page.evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.action.openPopup());
          break;
        } catch (error) {
          if (Date.now() > end || !String(error).includes('Failed to open popup')) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      return session.attach('/popup.html');
    },
    async stopServiceWorker() {
      // From a page of the extension's origin, the DevTools ServiceWorker domain reaches its worker. An
      // image of the extension, not Settings: a page that talks to the worker would wake it again.
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/icon/16.png`);
      const cdp = await context.newCDPSession(page);
      await cdp.send('ServiceWorker.enable');
      const running = async () => (await listTargets()).some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
      try {
        for (let attempt = 1; attempt <= 3; attempt++) {
          await cdp.send('ServiceWorker.stopAllWorkers');
          const end = Date.now() + 3_000;
          while (Date.now() < end && (await running())) await new Promise((r) => setTimeout(r, 100));
          if (!(await running())) return;
        }
        throw new Error(`The service worker did not stop (or something woke it at once each time)\n${await keepEvidence(session, 'worker-not-stopped')}`);
      } finally {
        await cdp.detach().catch(() => undefined);
        await page.close();
      }
    },
    badgeText: async () =>
      (await session.optionsPage()).evaluate(() => (globalThis as unknown as { chrome: ChromeApi }).chrome.action.getBadgeText({})),
    close: async () => {
      await context.close();
      display.close();
    },
  };
  return session;
}
