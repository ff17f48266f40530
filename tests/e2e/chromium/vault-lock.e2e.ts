import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';

const KEY = 'sk-test-locked-vault-0123456789abcdef';
const PASSPHRASE = 'correct horse battery staple';
// Said before Generate, once, beside the unlock form (not after a failed request).
const LOCKED = 'Your saved keys are locked. Unlock them to generate.';

let fake: FakeProviders;
let session: ChromiumSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(KEY);
  session = await launchChromium(fake.port);
});

afterAll(async () => {
  await session?.close().catch(() => undefined);
  await fake?.close();
});

const generations = () => fake.requests.filter((r) => r.path === '/v1/images/generations').length;

async function openPopup(): Promise<Page> {
  const popup = await session.context.newPage();
  await popup.goto(`chrome-extension://${session.extensionId}/popup.html`);
  return popup;
}

async function generate(popup: Page, prompt: string): Promise<void> {
  await popup.getByLabel('Prompt').fill(prompt);
  await popup.getByRole('button', { name: 'Generate', exact: true }).click();
}

test('locked: a generation asks to unlock; a wrong passphrase says so; the right one works', async () => {
  const options = await session.optionsPage();
  const status = () => options.getByRole('status').textContent();
  await session.saveKey('OpenAI API key', KEY);

  await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await options.getByLabel('Repeat passphrase').fill(PASSPHRASE);
  await options.getByRole('button', { name: 'Turn on the lock' }).click();
  await expect.poll(status, { timeout: 15_000 }).toContain('The lock is on.');
  await options.getByRole('button', { name: 'Lock now' }).click();
  await expect.poll(status).toBe('Locked.');

  const popup = await openPopup();
  await generate(popup, 'a locked door');
  await popup.getByText(LOCKED).waitFor();
  expect(generations()).toBe(0);

  await popup.getByLabel('Passphrase').fill('not the passphrase');
  await popup.getByRole('button', { name: 'Unlock and generate' }).click();
  await popup.getByText('That passphrase is not the right one.').waitFor({ timeout: 15_000 });
  expect(generations()).toBe(0);

  await popup.getByLabel('Passphrase').fill(PASSPHRASE);
  await popup.getByRole('button', { name: 'Unlock and generate' }).click();
  await popup.getByRole('button', { name: 'Download' }).first().waitFor({ timeout: 20_000 });
  expect(generations()).toBe(1);
  expect(fake.requests.find((r) => r.path === '/v1/images/generations')?.headers.authorization).toBe(`Bearer ${KEY}`);
  await popup.close();
});

test('a browser restart locks the vault again', async () => {
  const profileDir = session.profileDir;
  await session.close();
  session = await launchChromium(fake.port, { profileDir });

  const options = await session.context.newPage();
  // A headed restart may restore the last tabs at the same moment; the page ends up loaded either way.
  await options.goto(`chrome-extension://${session.extensionId}/options.html`).catch((err: unknown) => {
    if (!/interrupted by another navigation/.test(String(err))) throw err;
  });
  await options.waitForURL(/options\.html$/);
  await options.getByText('Locked. Enter your passphrase to use your saved keys.').waitFor();

  const popup = await openPopup();
  await generate(popup, 'after a restart');
  await popup.getByText(LOCKED).waitFor();
  expect(generations()).toBe(1);

  // Unlocked from the options page this time, then Retry in the popup works.
  await options.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await options.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect.poll(() => options.getByRole('status').textContent(), { timeout: 15_000 }).toBe('Unlocked.');
  await popup.getByLabel('Passphrase').fill(PASSPHRASE);
  await popup.getByRole('button', { name: 'Unlock and generate' }).click();
  // This request's result (the popup also lists the earlier one).
  await popup.getByAltText('Result 1 for “after a restart”').waitFor({ timeout: 20_000 });
  expect(generations()).toBe(2);
});
