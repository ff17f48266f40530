import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_HOSTS } from '../../fake-providers/server';
import { CHROME_BUILD, tempDir } from '../paths';
import { CdpPage } from './cdp-page';
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
  optionsPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(fakePort: number): Promise<ChromiumSession> {
  const profileDir = tempDir('chromium-profile');
  const downloadsDir = tempDir('chromium-downloads');
  // Downloads land in a known folder without a prompt (PLATFORM.md).
  mkdirSync(join(profileDir, 'Default'), { recursive: true });
  writeFileSync(
    join(profileDir, 'Default/Preferences'),
    JSON.stringify({ download: { default_directory: downloadsDir, prompt_for_download: false } }),
  );
  // Headed on a virtual display: only real input grants activeTab (see x11.ts).
  const display = await startDisplay();
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
      `--disable-extensions-except=${CHROME_BUILD}`,
      `--load-extension=${CHROME_BUILD}`,
      `--host-resolver-rules=${FAKE_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${fakePort}`).join(', ')}`,
      '--ignore-certificate-errors',
      // A second, port-based DevTools endpoint reaches targets Playwright does not expose (the popup).
      '--remote-debugging-port=0',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  // Without this, Playwright redirects downloads into its own artifacts folder.
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' });
  const devtoolsPort = Number(readFileSync(join(profileDir, 'DevToolsActivePort'), 'utf8').split('\n')[0]);

  return {
    context,
    worker,
    extensionId,
    display,
    downloadsDir,
    profileDir,
    async attach(path, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const targets = (await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json()) as {
          type: string;
          url: string;
          webSocketDebuggerUrl: string;
        }[];
        const target = targets.find((t) => t.type === 'page' && t.url.startsWith(`chrome-extension://${extensionId}${path}`));
        if (target) return CdpPage.connect(target.webSocketDebuggerUrl);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`No page ${path} appeared within ${timeoutMs} ms`);
    },
    async optionsPage() {
      const url = `chrome-extension://${extensionId}/options.html`;
      const end = Date.now() + 10_000;
      while (Date.now() < end) {
        const page = context.pages().find((p) => p.url() === url);
        if (page) return page;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('The options page did not open on install');
    },
    close: async () => {
      await context.close();
      display.close();
    },
  };
}
