import { afterAll, beforeAll, expect, test } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCropSite, type CropSite } from '../crop-site';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ARTIFACTS, TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';
import { closePopup, waitForOverlay } from './right-click';
import { allowInPermissionDialog, screenLight } from './permission-dialog';
import { expectAccessible, expectOverlayAccessible } from '../a11y';

/** The first five minutes: what opens on install, a first key, full resolution everywhere, a first try. */
const KEY = 'sk-proj-welcome-0123456789abcdefWXYZ';
let fake: FakeProviders;
let site: CropSite;
let session: ChromiumSession;
let welcome: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  site = await startCropSite();
  session = await launchChromium(fake.port);
  welcome = await session.welcomePage();
});

afterAll(async () => {
  await session?.close();
  await site?.close();
  await fake?.close();
});

test('install opens the welcome page, with a link to the OpenAI key page', async () => {
  await welcome.getByRole('heading', { name: 'Welcome to Pictor' }).waitFor();
  const link = welcome.getByRole('link', { name: 'Get your OpenAI API key' });
  expect(await link.getAttribute('href')).toBe('https://platform.openai.com/api-keys');
  // No other settings page competes with it.
  expect(session.context.pages().some((p) => p.url().endsWith('/options.html'))).toBe(false);
  await expectAccessible(welcome, 'the welcome page');
});

test('a key OpenAI rejects gets an alert next to its field and is not kept; a good one shows it works', async () => {
  const card = welcome.getByRole('region', { name: 'OpenAI' });
  await welcome.getByLabel('OpenAI API key').fill('sk-proj-mistyped');
  await welcome.getByRole('button', { name: 'Save OpenAI key' }).click();
  const alert = card.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toContain('OpenAI rejected this key, so it was not saved.');
  // The alert belongs to the field, and nothing claims the key was kept.
  expect(await welcome.getByLabel('OpenAI API key').getAttribute('aria-describedby')).toBe(await alert.getAttribute('id'));
  expect(await card.innerText()).not.toMatch(/Saved|Key ending|works/);
  expect(await card.innerText()).toContain('No key saved yet.');
  await expectAccessible(welcome, 'the welcome page, with a key rejected');

  await welcome.getByLabel('OpenAI API key').fill(KEY);
  await welcome.getByRole('button', { name: 'Save OpenAI key' }).click();
  await card.getByText('Key ending …WXYZ works.').waitFor();
  expect(await card.getByRole('alert').count()).toBe(0);
  expect(await welcome.getByLabel('OpenAI API key').inputValue()).toBe('');
  mkdirSync(ARTIFACTS, { recursive: true });
  await welcome.screenshot({ path: join(ARTIFACTS, 'chromium-welcome.png'), fullPage: true });
});

test('the sample opens in the popup, ready to edit', async () => {
  await welcome.bringToFront();
  await welcome.getByRole('button', { name: 'Edit this sample in Pictor' }).click();
  const popup = await session.attach('/popup.html');
  await popup.waitForText('The sample image from the welcome page.');
  await popup.waitForText('1200 × 800 px');
  await popup.waitFor(`document.querySelector('img[alt="The image you chose to edit"]')?.naturalWidth === 1200`, 'the sample at full size');
  await closePopup(popup);
});

test('"Full resolution on every site", allowed in the browser\'s dialog: a cross-origin image without CORS is cropped at full resolution, with no further prompt', async () => {
  await welcome.bringToFront();
  const before = screenLight(session);
  await welcome.getByLabel('Full resolution on every site').click();
  await allowInPermissionDialog(session, before);
  await welcome.getByText('Full resolution on every site is on.').waitFor();

  const page = await session.context.newPage();
  await page.goto(`${site.pageOrigin}/crop.html`);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0), undefined, { polling: 50 });
  await page.bringToFront();
  await session.display.contextMenu(page, '#big', 2);
  await waitForOverlay(session, page);
  const box = (await page.locator('#big').boundingBox())!;
  await page.mouse.move(box.x + 100, box.y + 80);
  await page.mouse.down();
  await page.mouse.move(box.x + 400, box.y + 280, { steps: 4 });
  await page.mouse.up();
  await expectOverlayAccessible(page, 'the crop overlay, with a selection');
  session.display.key('Return');
  const popup = await session.attach('/popup.html', 15_000);
  // CSS (100,80)→(400,280) of the 600×400 display is 1500×1000 of the 3000×2000 file.
  await popup.waitForText(`Full resolution, from ${new URL(site.imageOrigin).host}`, 15_000);
  const text = await popup.text();
  expect(text).toContain('1500 × 1000 px');
  expect(text).not.toContain('Use full resolution');
  await closePopup(popup);
});
