import { afterAll, beforeAll, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeProviders, type FakeProviders } from '../fake-providers/server';
import { ROOT, TMP } from '../e2e/paths';
import { startTestSite, type TestSite } from '../e2e/site';
import { launchChromium, type ChromiumSession } from '../e2e/chromium/browser';
import type { CdpPage } from '../e2e/chromium/cdp-page';
import { rightClickCrop, waitForOverlay } from '../e2e/chromium/right-click';

/**
 * The README's screenshots, taken from the built extension in real Chromium, in the light and the
 * dark colour scheme. Run with `npm run screens` (it builds first); it asserts nothing.
 */
const OUT = join(ROOT, 'assets/screenshots');
const KEY = 'sk-readme-shots-0123456789abcdef';
const SCHEMES = ['light', 'dark'] as const;
let fake: FakeProviders;
let site: TestSite;
let session: ChromiumSession;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  site = await startTestSite();
  session = await launchChromium(fake.port);
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await fake?.close();
});

const scheme = (page: CdpPage, value: string) =>
  page.send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value }] });

test('welcome, settings, overlay, popup and history, light and dark', async () => {
  await session.saveKey('OpenAI API key', KEY);
  const welcome = await session.welcomePage();
  await welcome.setViewportSize({ width: 900, height: 1000 });
  await welcome.getByText(`Key ending …${KEY.slice(-4)} works.`).waitFor();
  for (const s of SCHEMES) {
    await welcome.emulateMedia({ colorScheme: s });
    await welcome.screenshot({ path: join(OUT, `welcome-${s}.png`) });
  }

  const options = await session.optionsPage();
  await options.setViewportSize({ width: 900, height: 1000 });
  for (const s of SCHEMES) {
    await options.emulateMedia({ colorScheme: s });
    await options.screenshot({ path: join(OUT, `settings-${s}.png`) });
  }

  // The overlay, on a light page and on a dark one, with a selection drawn.
  for (const s of SCHEMES) {
    const page = await session.context.newPage();
    await page.setViewportSize({ width: 900, height: 620 });
    await page.emulateMedia({ colorScheme: s });
    await page.goto(`${site.origin}/${s === 'dark' ? 'dark' : 'page'}.html`);
    await page.locator('#photo').evaluate((img: HTMLImageElement) => img.decode());
    await page.bringToFront();
    await session.display.contextMenu(page, '#photo', 2);
    await waitForOverlay(session, page);
    const box = (await page.locator('#photo').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.25);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.8, { steps: 5 });
    await page.mouse.up();
    await new Promise((r) => setTimeout(r, 200));
    await page.screenshot({ path: join(OUT, `overlay-${s}.png`) });
    session.display.key('Escape');
    await page.close();
  }

  const popup = await rightClickCrop(session, site);
  await popup.waitFor(`!document.querySelector('button[type=submit]')?.disabled`, 'the popup ready');
  await popup.fill('Prompt', 'turn the sky into a sunset');
  for (const s of SCHEMES) {
    await scheme(popup, s);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(join(OUT, `popup-crop-${s}.png`), await popup.screenshot());
  }
  await popup.clickButton('Generate');
  await popup.waitFor(`document.querySelector('img[alt^="Result 1"]')?.naturalWidth`, 'the result', 20_000);
  await popup.eval('document.activeElement?.blur()');
  for (const s of SCHEMES) {
    await scheme(popup, s);
    await new Promise((r) => setTimeout(r, 200));
    writeFileSync(join(OUT, `popup-result-${s}.png`), await popup.screenshot());
  }

  const library = await session.context.newPage();
  await library.setViewportSize({ width: 900, height: 700 });
  await library.goto(`chrome-extension://${session.extensionId}/library.html`);
  await library.locator('main li img').first().waitFor();
  for (const s of SCHEMES) {
    await library.emulateMedia({ colorScheme: s });
    await library.screenshot({ path: join(OUT, `library-${s}.png`) });
  }
});
