import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { launchFirefox, type FirefoxSession, saveKey } from './browser';

/**
 * ExtensionPay in real Firefox: the paywall after the trial, and a payment that the extpay content
 * script never reports (onPaid can arrive late on Firefox, ExtPay#297), seen by the background's
 * timer; the popup, open in a tab, flips to Generate without a reload.
 */
const KEY = 'sk-test-firefox-billing-0123456789';
let fake: FakeProviders;
let firefox: FirefoxSession;
let popup: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  fake.extpay.state = 'trial-ended';
  fake.extpay.announcePaid = false;
  firefox = await launchFirefox(fake.proxyPort);
  const options = await firefox.extensionPage('options.html');
  await saveKey(options, 'openai', KEY);
  await options.evaluate(() => void (globalThis as unknown as { browser: { tabs: { create(o: object): Promise<unknown> } } }).browser.tabs.create({ url: '/popup.html' }));
  popup = await firefox.extensionPage('popup.html');
});

afterAll(async () => {
  await firefox?.close();
  await fake?.close();
});

const shows = (page: Page, text: string, timeout = 15_000) =>
  page.waitForFunction((t) => document.body.innerText.includes(t), { polling: 100, timeout }, text);
const click = (page: Page, name: string) =>
  page.evaluate((n) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === n)?.click(), name);

async function extensionPayPage(path: string): Promise<Page> {
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    for (const page of await firefox.browser.pages()) if (page.url().startsWith(`https://extensionpay.com/extension/pictor/${path}`)) return page;
  }
  throw new Error(`ExtensionPay's ${path} page did not open`);
}

test('after the trial, the paywall; a payment nothing reports still flips the popup to Generate, and the generation reaches OpenAI', async () => {
  await shows(popup, 'Your 7-day free trial has ended.');
  await shows(popup, '$4.99 per month');
  const before = fake.requests.filter((r) => r.path === '/v1/images/generations').length;
  await click(popup, 'Subscribe');
  const payment = await extensionPayPage('choose-plan');
  await payment.waitForSelector('button');
  await payment.click('button');
  await shows(payment, 'Payment received');
  await popup.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Generate'), { polling: 100, timeout: 20_000 });
  expect(await popup.evaluate(() => document.body.innerText)).not.toMatch(/trial|Subscribe/);
  await popup.bringToFront();
  await popup.locator('textarea').fill('a lighthouse paid from Firefox');
  await click(popup, 'Generate');
  await popup.waitForSelector('img[alt^="Result 1"]', { timeout: 30_000 });
  expect(fake.requests.filter((r) => r.path === '/v1/images/generations').length).toBe(before + 1);
  // ExtPay asked ExtensionPay with the key it keeps in storage.sync.
  expect(fake.extpay.userRequests.every((k) => k === 'e2e-extpay-key')).toBe(true);
});
