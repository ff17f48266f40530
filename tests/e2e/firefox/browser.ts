import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { randomUUID } from 'node:crypto';
import { SEEDED_EXTPAY_KEY, seedExtPayKey } from '../extpay-seed';
import { FIREFOX_BUILD, tempDir } from '../paths';
import { PHOTO_SIZE } from '../site';
import { buttonSpotIn, heldStill, type ButtonSpot } from '../held-still';

/**
 * Real Firefox ESR over WebDriver BiDi with the built extension installed. Provider hosts reach
 * the local fakes through their CONNECT proxy (network.proxy.ssl); `acceptInsecureCerts` makes the
 * whole browser, extension fetches included, accept the fakes' self-signed certificate.
 */
export const GECKO_ID = 'pictor@pictor-extension';

export interface FirefoxSession {
  browser: Browser;
  base: string;
  downloadsDir: string;
  /** A tab of the extension (they report about:blank, so they are found by location.href). */
  extensionPage(path: string, timeoutMs?: number): Promise<Page>;
  /** Evaluates privileged code in the browser window (needs --remote-allow-system-access). */
  chromeEval<T>(expression: string): Promise<T>;
  /** A real right-click on `selector`, then the context-menu item labelled `label`. */
  contextMenu(page: Page, selector: string, label: string): Promise<void>;
  /**
   * A mouse click at `point` (CSS px) of the open toolbar popup, through the browser window's own
   * event handling, as the user's click: the page sees trusted input with user activation.
   */
  clickInPopup(point: { x: number; y: number }): Promise<void>;
  /**
   * Waits for the doorhanger `id` (e.g. 'addon-webext-permissions') to show, then clicks its main
   * button with the mouse and waits for it to close. Returns what it said and the button's label.
   */
  acceptDoorhanger(id: string): Promise<{ text: string; button: string }>;
  /**
   * A real paste of an image into the open toolbar popup: the PNG goes on the system clipboard as
   * "Copy Image" puts it there, then Ctrl+V is pressed through the browser window's own input
   * handling (trusted events). Needs a session on an X display: headless Firefox's clipboard holds text only.
   */
  pastePng(bytes: Buffer): Promise<void>;
  close(): Promise<void>;
}

/**
 * `extpayKey`: as in the Chromium helper, paid by default (extpay-seed.ts), null for a user ExtensionPay never saw.
 * `build`: the unpacked build to install (FIREFOX_BILLING_BUILD for the build with billing).
 */
export async function launchFirefox(proxyPort: number, extpayKey: string | null = SEEDED_EXTPAY_KEY, build = FIREFOX_BUILD, display?: string): Promise<FirefoxSession> {
  const uuid = randomUUID();
  const base = `moz-extension://${uuid}/`;
  const downloadsDir = tempDir('firefox-downloads');
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    // On an X display when given one: headless Firefox's clipboard holds text only, a real one images too.
    headless: !display,
    ...(display ? { env: { ...process.env, DISPLAY: display } } : {}),
    // Lets BiDi reach the browser window, where the native context menu lives.
    args: ['--remote-allow-system-access'],
    acceptInsecureCerts: true,
    protocolTimeout: 60_000,
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
      'network.proxy.type': 1,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxyPort,
      'network.proxy.no_proxies_on': '',
      'browser.download.dir': downloadsDir,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.start_downloads_in_tmp_dir': false,
      'browser.download.alwaysOpenPanel': false,
    },
  });
  await browser.installExtension(build);

  // puppeteer's BiDi browser exposes its raw connection, untyped: chrome-scope calls go through it.
  const bidi = (browser as unknown as { connection: { send(method: string, params: object): Promise<unknown> } }).connection;

  async function chromeEval<T>(expression: string): Promise<T> {
    const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 })) as {
      result: { contexts: { url: string; context: string }[] };
    };
    const window = tree.result.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!window) throw new Error('No browser window found');
    const r = (await bidi.send('script.evaluate', {
      expression,
      target: { context: window.context },
      awaitPromise: true,
      resultOwnership: 'none',
    })) as { result: { type: string; result?: { value: T }; exceptionDetails?: unknown } };
    if (r.result.type === 'exception') throw new Error(`chrome eval: ${JSON.stringify(r.result.exceptionDetails)}`);
    return r.result.result?.value as T;
  }

  async function findPage(path: string): Promise<Page | undefined> {
    for (const page of await browser.pages()) {
      const href = await Promise.race([
        page.evaluate(() => location.href).catch(() => ''),
        new Promise<string>((r) => setTimeout(() => r(''), 2000)),
      ]);
      if (href.startsWith(base + path.replace(/^\//, ''))) return page;
    }
    return undefined;
  }

  const session: FirefoxSession = {
    browser,
    base,
    downloadsDir,
    chromeEval,
    async pastePng(bytes) {
      await chromeEval(`(async () => {
        // What "Copy Image" puts on the clipboard: the decoded image, offered to pages as a PNG file.
        const png = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0));
        const image = Cc['@mozilla.org/image/tools;1'].getService(Ci.imgITools).decodeImageFromArrayBuffer(png.buffer, 'image/png');
        const transfer = Cc['@mozilla.org/widget/transferable;1'].createInstance(Ci.nsITransferable);
        transfer.init(null);
        transfer.addDataFlavor('application/x-moz-nativeimage');
        transfer.setTransferData('application/x-moz-nativeimage', image);
        Services.clipboard.setData(transfer, null, Ci.nsIClipboard.kGlobalClipboard);
        // Into the toolbar popup: the key events go to the focused element of the window, here its browser.
        document.querySelector('.webextension-popup-browser')?.focus();
        const tip = Cc['@mozilla.org/text-input-processor;1'].createInstance(Ci.nsITextInputProcessor);
        tip.beginInputTransactionForTests(window);
        const control = new KeyboardEvent('', { key: 'Control', code: 'ControlLeft', keyCode: 17 });
        const v = new KeyboardEvent('', { key: 'v', code: 'KeyV', keyCode: 86 });
        tip.keydown(control);
        tip.keydown(v);
        tip.keyup(v);
        tip.keyup(control);
      })()`);
    },
    async extensionPage(path, timeoutMs = 10_000) {
      // Install opens the welcome page; Settings is opened from there, as its "All settings" does.
      if (path === 'options.html' && !(await findPage(path))) {
        const welcome = await session.extensionPage('welcome.html', timeoutMs);
        await welcome.evaluate(() => void (globalThis as unknown as { browser: { runtime: { openOptionsPage(): Promise<void> } } }).browser.runtime.openOptionsPage());
      }
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        const page = await findPage(path);
        if (page) return page;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`Extension page ${path} did not open`);
    },
    async contextMenu(page, selector, label) {
      await page.bringToFront();
      await chromeEval(`(() => {
        const menu = document.getElementById('contentAreaContextMenu');
        window.__menuShown = new Promise((r) => menu.addEventListener('popupshown', r, { once: true }));
      })()`);
      await page.click(selector, { button: 'right' });
      await chromeEval(`(async () => {
        const menu = document.getElementById('contentAreaContextMenu');
        if (menu.state !== 'open') await Promise.race([window.__menuShown, new Promise((_, j) => setTimeout(() => j(new Error('the context menu did not open')), 5000))]);
        const item = [...menu.querySelectorAll('menuitem')].find((i) => i.label === ${JSON.stringify(label)} && !i.hidden);
        if (!item) { menu.hidePopup(); throw new Error('no menu item ' + ${JSON.stringify(label)}); }
        const hidden = new Promise((r) => menu.addEventListener('popuphidden', r, { once: true }));
        // In Pictor's submenu (two of its items matched: a crop waits): opened first, as a user's
        // pointer would, and the item chosen there.
        const popup = item.parentNode;
        if (popup !== menu) {
          const shown = new Promise((r) => popup.addEventListener('popupshown', r, { once: true }));
          popup.parentNode.openMenu(true);
          await Promise.race([shown, new Promise((_, j) => setTimeout(() => j(new Error('the submenu did not open')), 5000))]);
        }
        popup.activateItem(item);
        await hidden;
      })()`);
    },
    async clickInPopup(point) {
      await chromeEval(`(() => {
        const r = document.querySelector('.webextension-popup-browser').getBoundingClientRect();
        const [x, y] = [r.x + ${point.x}, r.y + ${point.y}];
        for (const type of ['mousemove', 'mousedown', 'mouseup']) window.synthesizeMouseEvent(type, x, y, { button: 0, clickCount: 1 });
      })()`);
    },
    async acceptDoorhanger(id) {
      const answer = await chromeEval<string>(`(async () => {
        const wait = async (what, ok) => {
          for (const end = Date.now() + 10000; !ok(); await new Promise((r) => setTimeout(r, 50))) {
            if (Date.now() > end) throw new Error('timed out waiting for ' + what);
          }
        };
        const panel = PopupNotifications.panel;
        const notification = () => document.getElementById(${JSON.stringify(id + '-notification')});
        await wait('the doorhanger ' + ${JSON.stringify(id)}, () => panel.state === 'open' && notification() && !notification().hidden);
        const n = notification();
        // A doorhanger ignores clicks for a moment after it shows, against click-jacking.
        await new Promise((r) => setTimeout(r, Services.prefs.getIntPref('security.notification_enable_delay', 500) + 300));
        const r = n.button.getBoundingClientRect();
        for (const type of ['mousemove', 'mousedown', 'mouseup']) window.synthesizeMouseEvent(type, r.x + r.width / 2, r.y + r.height / 2, { button: 0, clickCount: 1 });
        await wait('the doorhanger to close', () => panel.state === 'closed');
        return JSON.stringify({ text: n.textContent.replace(/\\s+/g, ' ').trim(), button: n.button.label });
      })()`);
      return JSON.parse(answer) as { text: string; button: string };
    },
    close: () => browser.close(),
  };
  // Through the options page, which opens on install: the first extension page there is.
  if (extpayKey) await (await session.extensionPage('options.html')).evaluate(seedExtPayKey, extpayKey);
  return session;
}

/**
 * The toolbar popup is not a BiDi target; an extension page of the same add-on reaches its DOM
 * through browser.extension.getViews({ type: 'popup' }).
 */
export class FirefoxPopup {
  constructor(private host: Page) {}

  /** Runs `fn(document)` in the open popup; null when no popup is open. */
  eval<T>(fn: string): Promise<T | null> {
    return this.host.evaluate(`(() => {
      const doc = browser.extension.getViews({ type: 'popup' })[0]?.document;
      return doc ? (${fn})(doc) : null;
    })()`) as Promise<T | null>;
  }

  async waitFor<T>(fn: string, what: string, timeoutMs = 10_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const value = await this.eval<T>(fn).catch(() => null);
      if (value) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    const text = await this.eval<string>('(d) => d.body.innerText').catch(() => null);
    throw new Error(`Timed out waiting for ${what}. The popup shows:\n${text ?? '(no popup open)'}`);
  }

  waitForText(needle: string, timeoutMs?: number): Promise<boolean> {
    return this.waitFor(`(d) => d.body.innerText.includes(${JSON.stringify(needle)})`, `text "${needle}"`, timeoutMs);
  }

  /**
   * Where the enabled button named `name` is, in CSS px of the popup (for a real click): once it is
   * where it was 100 ms before (the popup grows as its images load, and a click measured before a
   * late layout would land beside the button), and once nothing covers its centre.
   */
  async buttonCenter(name: string, timeoutMs = 10_000): Promise<{ x: number; y: number }> {
    return heldStill(name, () => this.waitFor<ButtonSpot>(buttonSpotIn(name), `button "${name}"`, timeoutMs), timeoutMs);
  }

  async fill(label: string, text: string): Promise<void> {
    await this.waitFor(
      `(d) => {
        const l = [...d.querySelectorAll('label')].find((el) => (el.querySelector('span')?.textContent ?? el.textContent).trim() === ${JSON.stringify(label)});
        const c = l && (l.control ?? l.querySelector('input, textarea'));
        if (!c) return false;
        c.focus();
        c.value = ${JSON.stringify(text)};
        c.dispatchEvent(new d.defaultView.InputEvent('input', { bubbles: true, inputType: 'insertText', data: ${JSON.stringify(text)} }));
        return true;
      }`,
      `field "${label}"`,
    );
  }

  /** Picks the option whose text is `option` in the select labelled `label`. */
  async select(label: string, option: string): Promise<void> {
    await this.waitFor(
      `(d) => {
        const l = [...d.querySelectorAll('label')].find((el) => (el.querySelector('span')?.textContent ?? el.textContent).trim() === ${JSON.stringify(label)});
        const s = l && (l.control ?? l.querySelector('select'));
        const item = s && [...s.options].find((o) => o.textContent.trim() === ${JSON.stringify(option)});
        if (!item) return false;
        s.value = item.value;
        s.dispatchEvent(new d.defaultView.Event('change', { bubbles: true }));
        return true;
      }`,
      `option "${option}" of "${label}"`,
    );
  }

  async clickButton(name: string, timeoutMs?: number): Promise<void> {
    await this.waitFor(
      `(d) => {
        const b = [...d.querySelectorAll('button')].find((el) => (el.getAttribute('aria-label') ?? el.textContent).trim() === ${JSON.stringify(name)} && !el.disabled);
        if (!b) return false;
        b.click();
        return true;
      }`,
      `button "${name}"`,
      timeoutMs,
    );
  }
}

/** Saves a key on its card in Settings, as a user does, and waits until the card says it is kept. */
export async function saveKey(options: Page, service: string, key: string): Promise<void> {
  await options.locator(`#key-${service}`).fill(key);
  // Enter in the field submits its card's form, as the card's own Save button does.
  await options.$eval(`#key-${service}`, (input) => (input as HTMLInputElement).form?.requestSubmit());
  const ending = `Key ending …${key.slice(-4)}`;
  await options.waitForFunction((text) => document.body.innerText.includes(text), { polling: 50, timeout: 10_000 }, ending);
}

/**
 * The photo of the test site's page cropped whole, as a user does it: "Edit image with Pictor" from
 * a real right-click, Enter in the overlay; resolves once the popup (read through `host`) shows it.
 */
export async function cropThePhoto(session: FirefoxSession, origin: string, host: Page): Promise<FirefoxPopup> {
  const page = await session.browser.newPage();
  await page.goto(`${origin}/page.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), { polling: 50 });
  await session.contextMenu(page, '#photo', 'Edit image with Pictor');
  await page.waitForFunction(() => document.querySelector('pictor-crop-overlay'), { polling: 50, timeout: 10_000 });
  await page.keyboard.press('Enter');
  const popup = new FirefoxPopup(host);
  await popup.waitForText(`${PHOTO_SIZE.width} × ${PHOTO_SIZE.height} px`, 15_000);
  return popup;
}
