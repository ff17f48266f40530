import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'puppeteer-core';
import { E2E_EXTPAY_ID } from '../../fake-providers/extpay';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { seedInstalledAt } from '../extpay-seed';
import { FIREFOX_BILLING_BUILD, TMP } from '../paths';
import { launchFirefox, type FirefoxSession, saveKey } from './browser';

/**
 * ExtensionPay in real Firefox, with the build that has billing: a new user generates on day 1 with
 * no sign-up and nothing asked of extensionpay.com; 8 days after install, the plans, and a payment
 * that the extpay content script never reports (onPaid can arrive late on Firefox, ExtPay#297), seen
 * by the background's timer; the popup, open in a tab, flips to Generate without a reload.
 */
const KEY = 'sk-test-firefox-billing-0123456789';
let fake: FakeProviders;
let firefox: FirefoxSession;
let popup: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  fake.extpay.state = 'new';
  fake.extpay.announcePaid = false;
  firefox = await launchFirefox(fake.proxyPort, null, FIREFOX_BILLING_BUILD);
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
const generations = () => fake.requests.filter((r) => r.path === '/v1/images/generations').length;

async function extensionPayPage(path: string): Promise<Page> {
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    for (const page of await firefox.browser.pages()) if (page.url().startsWith(`https://extensionpay.com/extension/${E2E_EXTPAY_ID}/${path}`)) return page;
  }
  throw new Error(`ExtensionPay's ${path} page did not open`);
}

async function generates(prompt: string): Promise<void> {
  const before = generations();
  await popup.bringToFront();
  await popup.locator('textarea').fill(prompt);
  await click(popup, 'Generate');
  await popup.waitForFunction((p) => document.querySelector(`img[alt="Result 1 for “${p}”"]`), { polling: 100, timeout: 30_000 }, prompt);
  expect(generations()).toBe(before + 1);
}

test('day 1 of a new profile: Generate works with no sign-up, and nothing is asked of extensionpay.com', async () => {
  await shows(popup, 'Free trial: 7 days left.');
  await generates('a lighthouse on day one in Firefox');
  expect(fake.requests.filter((r) => r.host === 'extensionpay.com')).toEqual([]);
  expect(fake.refusedHosts).not.toContain('extensionpay.com');
});

test('8 days after install, the plans; a payment nothing reports still flips the popup to Generate, and the generation reaches OpenAI', async () => {
  await popup.evaluate(seedInstalledAt, 8);
  // The popup opened again, as a user would (a reload of an extension tab does not settle under BiDi).
  await popup.evaluate(() => void (globalThis as unknown as { browser: { tabs: { create(o: object): Promise<unknown> } } }).browser.tabs.create({ url: '/popup.html' }));
  await popup.close();
  popup = await firefox.extensionPage('popup.html');
  await shows(popup, 'Your 7-day free trial has ended.');
  await shows(popup, '$4.99 per month');
  await click(popup, 'Subscribe');
  const payment = await extensionPayPage('choose-plan');
  await payment.waitForSelector('button');
  await payment.click('button');
  await shows(payment, 'Payment received');
  await popup.waitForFunction(() => [...document.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Generate'), { polling: 100, timeout: 20_000 });
  expect(await popup.evaluate(() => document.body.innerText)).not.toMatch(/trial|Subscribe/);
  await generates('a lighthouse paid from Firefox');
  // ExtPay asked ExtensionPay with the key it made when the payment page was opened, and kept in its storage.
  expect(fake.extpay.userRequests.length).toBeGreaterThan(0);
  expect(fake.extpay.userRequests.every((k) => k === 'extpay-key-1')).toBe(true);
});
