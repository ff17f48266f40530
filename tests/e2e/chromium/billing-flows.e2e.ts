import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';

/**
 * A user who never met ExtensionPay starts the trial, and later pays, through ExtensionPay's pages
 * (the fake's), with the popup open in a tab the whole time: each change shows there without a
 * reload. The extpay content script on extensionpay.com tells the background (onTrialStarted,
 * onPaid); where it does not (Firefox, ExtPay#297), the background's timer does.
 */
const KEY = 'sk-test-billing-flows-0123456789';
let fake: FakeProviders;
let session: ChromiumSession;
let popup: Page;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  fake.extpay.state = 'new';
  session = await launchChromium(fake.port, { extpayKey: null });
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
  const opened = session.context.waitForEvent('page', { predicate: (p) => p.url().startsWith(`https://extensionpay.com/extension/pictor/${path}`) });
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

test('a new user starts the trial: ExtensionPay makes a key, its page confirms, and the popup flips to the trial by itself', async () => {
  await popup.getByText('Try Pictor free for 7 days').waitFor();
  // No key yet: ExtPay answered "new user" without asking ExtensionPay.
  expect(fake.extpay.keys).toEqual([]);
  const trialPage = await opens('Start free trial', 'trial');
  expect(new URL(trialPage.url()).searchParams.get('api_key')).toBe('extpay-key-1');
  expect(new URL(trialPage.url()).searchParams.get('period')).toBe('7-day');
  await popup.getByText('Check your email: ExtensionPay sent you a link.').waitFor();
  // The e-mailed link, opened: ExtensionPay's confirmation page tells the extpay content script.
  await trialPage.getByRole('button', { name: 'Start free trial' }).click();
  await popup.getByText('Free trial: 7 days left.').waitFor({ timeout: 15_000 });
  await trialPage.close();
  await generates('a lighthouse on day one');
});

test('when the trial has ended, paying on the payment page flips the paywall to Generate without a reload, with no nag', async () => {
  fake.extpay.state = 'trial-ended';
  fake.extpay.trialStartedAt = new Date(Date.now() - 8 * 24 * 3600_000);
  await popup.reload();
  await popup.getByText('Your 7-day free trial has ended.').waitFor();
  await popup.getByText('$4.99 per month').waitFor();
  const payment = await opens('Subscribe', 'choose-plan');
  expect(new URL(payment.url()).searchParams.get('api_key')).toBe('extpay-key-1');
  const paidAt = Date.now();
  await payment.getByRole('button', { name: 'Pay $4.99 per month' }).click();
  await popup.getByRole('button', { name: 'Generate', exact: true }).waitFor({ timeout: 15_000 });
  // Sooner than the background's first timed check (5 s): the content script told it (onPaid).
  expect(Date.now() - paidAt).toBeLessThan(4500);
  expect(await popup.locator('main').innerText()).not.toMatch(/trial|Subscribe/);
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
