import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { E2E_EXTPAY_ID } from '../../fake-providers/extpay';
import { CHROME_BILLING_BUILD, TMP } from '../paths';
import { seedInstalledAt } from '../extpay-seed';
import { launchChromium, type ChromiumSession } from './browser';

/**
 * A new user of the build with billing: generates on day 1 with no sign-up and no request to
 * extensionpay.com; 8 days after install meets the plans and pays through ExtensionPay's pages (the
 * fake's), with the popup open in a tab the whole time: each change shows there without a reload.
 * The extpay content script on extensionpay.com tells the background (onPaid); where it does not
 * (Firefox, ExtPay#297), the background's timer does.
 */
const KEY = 'sk-test-billing-flows-0123456789';
let fake: FakeProviders;
let session: ChromiumSession;
let popup: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  fake.extpay.state = 'new';
  session = await launchChromium(fake.port, { extpayKey: null, build: CHROME_BILLING_BUILD });
  await session.saveKey('OpenAI API key', KEY);
  popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

const generations = () => fake.requests.filter((r) => r.path === '/v1/images/generations').length;

/** Clicks `button` in the popup tab and returns the ExtensionPay page (window or tab) it opened. */
async function opens(button: string, path: string): Promise<Page> {
  const opened = session.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(`https://extensionpay.com/extension/${E2E_EXTPAY_ID}/${path}`) });
  await popup.getByRole('button', { name: button, exact: true }).click();
  const page = await opened;
  await page.waitForLoadState();
  return page;
}

async function generates(prompt: string): Promise<void> {
  const before = generations();
  await popup.getByLabel('Prompt').fill(prompt);
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
  await popup
    .locator(`img[alt="Result 1 for “${prompt}”"]`)
    .waitFor({ timeout: 20_000 })
    .catch(async (err: unknown) => {
      throw new Error(`${String(err)}\nThe popup shows:\n${await popup.locator('main').innerText()}`);
    });
  expect(generations()).toBe(before + 1);
}

const extensionPayRequests = () => fake.requests.filter((r) => r.host === 'extensionpay.com');

test('day 1 of a new profile: Generate works with no sign-up, and nothing at all is asked of extensionpay.com', async () => {
  await popup.getByText('Free trial: 7 days left.').waitFor();
  await generates('a lighthouse on day one');
  // Neither a page nor a request: ExtPay has no key, so the free period is decided from its install date alone.
  expect(extensionPayRequests()).toEqual([]);
  expect(fake.extpay.keys).toEqual([]);
  expect(session.context.pages().some((p) => p.url().includes('extensionpay.com'))).toBe(false);
});

test('8 days after install: Generate gives way to the plans; Subscribe opens the payment page, and paying flips it back without a reload', async () => {
  await popup.evaluate(seedInstalledAt, 8);
  await popup.reload();
  await popup.getByText('Your 7-day free trial has ended.').waitFor();
  await popup.getByText('$4.99 per month').waitFor();
  await popup.getByText('$49.00 per year').waitFor();
  await popup.getByRole('button', { name: 'I already paid' }).waitFor();
  expect(await popup.getByRole('button', { name: 'Generate', exact: true }).count()).toBe(0);
  const payment = await opens('Subscribe', 'choose-plan');
  // ExtPay made its key only now, to open the payment page.
  expect(new URL(payment.url()).searchParams.get('api_key')).toBe('extpay-key-1');
  const paidAt = Date.now();
  await payment.getByRole('button', { name: 'Pay $4.99 per month' }).click();
  await popup.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 15_000 });
  // Sooner than the background's first timed check (5 s): the content script told it (onPaid).
  expect(Date.now() - paidAt).toBeLessThan(4500);
  expect(await popup.locator('main').innerText()).not.toMatch(/trial|Subscribe|ExtensionPay/);
  await payment.close();
  await generates('a lighthouse, paid for');
});

test("a payment the content script never reports (Firefox's late onPaid) still shows, from the background's timer", async () => {
  fake.extpay.state = 'canceled';
  fake.extpay.announcePaid = false;
  await popup.reload();
  await popup.getByText('Your Pictor subscription has ended.').waitFor();
  const login = await opens('I already paid', 'reactivate');
  await login.getByRole('button', { name: 'Log in' }).click();
  await login.getByText('Payment received').waitFor();
  // Nothing tells the extension: the background asks again every few seconds after opening the page.
  await popup.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 20_000 });
  await login.close();
  await generates('a lighthouse after logging in');
});
