import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtPayState } from '../../fake-providers/extpay';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { ARTIFACTS, CHROME_BILLING_BUILD, TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';

/**
 * What the toolbar popup shows in each ExtensionPay state, and whether a generation reaches the
 * provider (the fake OpenAI records every request). One browser; the fake's state changes per test
 * and each popup asks ExtensionPay again when it opens, as a user's would.
 */
const KEY = 'sk-test-billing-0123456789abcdef';
let fake: FakeProviders;
let session: ChromiumSession;
let popup: CdpPage | undefined;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  session = await launchChromium(fake.port, { build: CHROME_BILLING_BUILD });
  await session.saveKey('OpenAI API key', KEY);
});

afterAll(async () => {
  popup?.close();
  await session?.close();
  await fake?.close();
});

beforeEach(async () => {
  fake.extpay.state = 'paid';
  fake.extpay.trialStartedAt = null;
  if (popup) {
    await popup.eval('window.close()').catch(() => undefined);
    popup.close();
    await new Promise((r) => setTimeout(r, 300));
  }
  popup = undefined;
});

const generations = () => fake.requests.filter((r) => r.path === '/v1/images/generations').length;
const userChecks = () => fake.requests.filter((r) => r.host === 'extensionpay.com' && r.path.endsWith('/api/v2/user')).length;

/** Opens the popup in `state` and waits until it has asked ExtensionPay and shows `text`. */
async function popupIn(state: ExtPayState, text: string): Promise<CdpPage> {
  fake.extpay.state = state;
  const before = userChecks();
  popup = await session.openPopup();
  if (state !== 'unreachable' && state !== 'erroring') await expectPoll(() => userChecks() > before, 'a check with ExtensionPay');
  await popup.waitForText(text, 15_000);
  return popup;
}

async function expectPoll(ok: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Generate from the prompt; resolves once the result shows and the fake saw one more request. */
async function generates(p: CdpPage, prompt: string): Promise<void> {
  const before = generations();
  await p.fill('Prompt', prompt);
  await p.clickButton('Generate');
  await p.waitFor(`document.querySelector('img[alt="Result 1 for “${prompt}”"]')?.naturalWidth`, 'the result', 20_000);
  expect(generations()).toBe(before + 1);
}

/** No Generate button, and Ctrl+Enter in the prompt sends nothing. */
async function cannotGenerate(p: CdpPage): Promise<void> {
  const before = generations();
  expect(await p.eval(`[...document.querySelectorAll('button')].some((b) => b.textContent.trim() === 'Generate')`)).toBe(false);
  await p.fill('Prompt', 'a cat that should not be drawn');
  await p.eval(`document.querySelector('textarea').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }))`);
  await new Promise((r) => setTimeout(r, 1000));
  expect(generations()).toBe(before);
}

async function screenshot(p: CdpPage, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, `billing-${name}.png`), await p.screenshot());
}

const NAGS = ['trial', 'Subscribe', 'payment', 'ExtensionPay'];

describe('states in which the user generates', () => {
  test('paid: no nag at all, and the generation reaches OpenAI', async () => {
    const p = await popupIn('paid', 'Generate');
    const text = await p.text();
    for (const nag of NAGS) expect(text).not.toContain(nag);
    await generates(p, 'a paid lighthouse');
  });

  test('canceled at period end: still paid until then, no nag', async () => {
    const p = await popupIn('canceling', 'Generate');
    for (const nag of NAGS) expect(await p.text()).not.toContain(nag);
    await generates(p, 'a canceling lighthouse');
  });

  test('trial running: the days left, and the generation reaches OpenAI', async () => {
    const p = await popupIn('trial', 'Free trial: 5 days left.');
    await screenshot(p, 'trial-running');
    await generates(p, 'a trial lighthouse');
  });

  test('past due: a banner asks to update the payment method, and generating still works for 72 hours', async () => {
    const p = await popupIn('past-due', "Your last payment didn't go through. Update your payment method within 72 hours");
    await p.waitForText('Update payment method');
    await screenshot(p, 'past-due');
    await generates(p, 'a past due lighthouse');
  });

  test.each(['unreachable', 'erroring'] as const)('%s, with a paid status from before: nothing of billing in the popup, and the generation still reaches OpenAI', async (state) => {
    await popupIn('paid', 'Generate');
    await popup!.eval('window.close()');
    popup!.close();
    await new Promise((r) => setTimeout(r, 300));
    const p = await popupIn(state, 'Generate');
    // The failed check is stored before anything is said: the paying user is still not told anything.
    await p.waitFor(`chrome.storage.local.get('billingRecord').then(({ billingRecord: r }) => Boolean(r?.failure))`, 'the failed check');
    for (const nag of NAGS) expect(await p.text()).not.toContain(nag);
    await screenshot(p, state);
    await generates(p, `an ${state} lighthouse`);
  });
});

describe('states in which Generate gives way', () => {
  test('trial ended: the paywall with the plans and prices, Subscribe and I already paid; nothing sent', async () => {
    const p = await popupIn('trial-ended', 'Your 7-day free trial has ended.');
    await p.waitForText('$4.99 per month');
    await p.waitForText('$49.00 per year');
    await p.waitForText('Subscribe');
    await p.waitForText('I already paid');
    await screenshot(p, 'paywall');
    await cannotGenerate(p);
  });

  test('canceled: the paywall says the subscription ended', async () => {
    const p = await popupIn('canceled', 'Your Pictor subscription has ended. Subscribe again');
    await cannotGenerate(p);
  });

  test('unreachable: a paid answer 71 hours old still generates; at 73 hours it cannot be checked; Try again once it is back', async () => {
    await popupIn('paid', 'Generate');
    const age = (hours: number) =>
      popup!.eval(`chrome.storage.local.get('billingRecord').then(({ billingRecord: r }) =>
        chrome.storage.local.set({ billingRecord: { ...r, checkedAt: Date.now() - ${hours} * 3600 * 1000 } }))`);
    // The last good answer, as if it came 71 hours ago, and ExtensionPay gone since.
    await age(71);
    await popup!.eval('window.close()');
    popup!.close();
    const stillPaid = await popupIn('unreachable', 'Generate');
    await generates(stillPaid, 'a lighthouse 71 hours into the outage');
    await age(73);
    await stillPaid.eval('window.close()');
    stillPaid.close();
    const p = await popupIn('unreachable', "Your subscription can't be checked");
    await p.waitForText("Pictor couldn't check your subscription with ExtensionPay");
    await cannotGenerate(p);
    fake.extpay.state = 'paid';
    await p.clickButton('Try again');
    await p.waitForText('Generate');
    await generates(p, 'a lighthouse after the outage');
  });
});

test('a job sent straight to the gateway by a user whose trial ended is refused, and says why', async () => {
  const p = await popupIn('trial-ended', 'Your 7-day free trial has ended.');
  const before = generations();
  const options = await session.optionsPage();
  // What a page that ignored the paywall could do: store a job itself and ask the background to start it.
  const jobId = await options.evaluate(async () => {
    const id = crypto.randomUUID();
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error ?? new Error('the job database did not open'));
    });
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction('jobs', 'readwrite');
      tx.objectStore('jobs').put({ id, createdAt: Date.now(), state: 'queued', provider: 'openai', operation: 'generate', model: 'gpt-image-2', prompt: 'a sneaky cat', params: {}, results: [], seen: false, unseen: 0 }, id);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('the write failed'));
    });
    const chrome = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome;
    await chrome.runtime.sendMessage({ id: 1, type: 'startJob', data: id, timestamp: Date.now() });
    return id;
  });
  // The user closes the popup and opens it again: it shows the newest request.
  await p.eval('window.close()').catch(() => undefined);
  p.close();
  await new Promise((r) => setTimeout(r, 500));
  const reopened = await session.openPopup();
  popup = reopened;
  await reopened.waitForText('Pictor did not send this request. Your 7-day free trial has ended. Subscribe to keep making images with Pictor.', 15_000);
  await reopened.eval(`[...document.querySelectorAll('p')].find((e) => e.textContent.includes('did not send'))?.scrollIntoView({ block: 'center' })`);
  await screenshot(reopened, 'refused-job');
  const stored = await options.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((resolve) => {
      const open = indexedDB.open('pictor-jobs');
      open.onsuccess = () => resolve(open.result);
    });
    return new Promise<{ state: string; error?: { kind: string; reason?: string } }>((resolve) => {
      const get = db.transaction('jobs').objectStore('jobs').get(id) as IDBRequest<{ state: string; error?: { kind: string; reason?: string } }>;
      get.onsuccess = () => resolve(get.result);
    });
  }, jobId);
  expect(stored).toMatchObject({ state: 'failed', error: { kind: 'not-entitled', reason: 'billingWhyTrialEnded' } });
  expect(generations()).toBe(before);
});

test('the options page shows the plan and price, the next renewal or the end date, Manage subscription, and the privacy policy', async () => {
  fake.extpay.state = 'paid';
  const options = await session.optionsPage();
  await options.reload();
  await options.getByText('Subscribed: $4.99 per month.').waitFor();
  // The fake's subscriber first paid 20 days ago: the monthly renewal is 10 or 11 days away.
  const renewal = await options.getByText('It renews on').innerText();
  const days = (Date.parse(renewal.replace('It renews on ', '').replace(/\.$/, '')) - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(8);
  expect(days).toBeLessThan(12);
  await options.getByRole('button', { name: 'Manage subscription' }).waitFor();
  fake.extpay.state = 'canceling';
  await options.reload();
  await options.getByText('Subscribed: $4.99 per month.').waitFor();
  await options.getByText('Your subscription was canceled and ends on').waitFor();
  await options.getByRole('button', { name: 'Manage subscription' }).waitFor();
  await options.getByRole('heading', { name: 'Subscription' }).scrollIntoViewIfNeeded();
  await options.screenshot({ path: join(ARTIFACTS, 'billing-options.png') });
  const [policy] = await Promise.all([session.context.waitForEvent('page'), options.getByRole('link', { name: 'Privacy policy' }).click()]);
  await policy.getByRole('heading', { name: 'Pictor privacy policy' }).waitFor();
  await policy.getByText('ExtensionPay', { exact: false }).first().waitFor();
  await policy.screenshot({ path: join(ARTIFACTS, 'billing-privacy-page.png') });
  await policy.close();
});

test('ExtensionPay only ever saw its own key: never the OpenAI key, a prompt or an image', () => {
  const sent = fake.requests.filter((r) => r.host === 'extensionpay.com');
  expect(sent.length).toBeGreaterThan(5);
  for (const r of sent) {
    expect(r.query.api_key ?? 'e2e-extpay-key').toBe('e2e-extpay-key');
    const all = JSON.stringify([r.headers, r.fields, r.path, r.query]);
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('lighthouse');
    expect(Object.keys(r.files)).toEqual([]);
  }
});
