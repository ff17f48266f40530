import { afterAll, beforeAll, expect, test } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { E2E_EXTPAY_ID } from '../../fake-providers/extpay';
import { CHROME_BILLING_BUILD, CHROME_BUILD, FIREFOX_BILLING_BUILD, FIREFOX_BUILD, TMP } from '../paths';
import { documents, manifestPermissions, readmeWarnings } from '../readme-permissions';
import { launchChromium, type ChromiumSession } from './browser';

/** README and PRIVACY name every permission; README's list of Chrome's install warnings is Chrome's own. */
let fake: FakeProviders;
let session: ChromiumSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  session = await launchChromium(fake.port);
});

afterAll(async () => {
  await session?.close();
  await fake?.close();
});

test('the warnings README lists for Chrome are the ones Chrome shows at install', async () => {
  const options = await session.optionsPage();
  const manifest = readFileSync(join(CHROME_BUILD, 'manifest.json'), 'utf8');
  const warnings = await options.evaluate(
    (m) => (globalThis as unknown as { chrome: { management: { getPermissionWarningsByManifest(m: string): Promise<string[]> } } }).chrome.management.getPermissionWarningsByManifest(m),
    manifest,
  );
  expect(readmeWarnings('Chrome').sort()).toEqual([...warnings].sort());
});

test('README and PRIVACY name every permission, host and content-script match of both packages', () => {
  const { readme, privacy } = documents();
  const builds = [CHROME_BUILD, FIREFOX_BUILD, CHROME_BILLING_BUILD, FIREFOX_BILLING_BUILD];
  for (const permission of new Set(builds.flatMap(manifestPermissions))) {
    expect(readme, `README names ${permission}`).toContain(`\`${permission}\``);
    expect(privacy, `PRIVACY names ${permission}`).toContain(`\`${permission}\``);
  }
});

/** The scripts of a build that match `pattern`, by name. */
function scriptsMatching(dir: string, pattern: RegExp | string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .filter((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
    });
}

test('a build without an ExtensionPay id has no ExtensionPay in it; the build with one has, for that id only', () => {
  // Strings only extpay's own code holds (the privacy page describes its requests, so not a URL).
  const extpayCode = /ExtPay error while fetching user|extpay-fetch-user/;
  for (const dir of [CHROME_BUILD, FIREFOX_BUILD]) {
    expect(manifestPermissions(dir).filter((p) => p.includes('extensionpay'))).toEqual([]);
    expect(scriptsMatching(dir, extpayCode)).toEqual([]);
  }
  for (const dir of [CHROME_BILLING_BUILD, FIREFOX_BILLING_BUILD]) {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { content_scripts?: { matches: string[]; run_at?: string }[] };
    expect(manifestPermissions(dir)).toContain('https://extensionpay.com/*');
    // One extpay content script at document_start (a second copy breaks onPaid, ExtPay#216).
    expect(manifest.content_scripts?.filter((c) => c.matches.includes('https://extensionpay.com/*')).map((c) => c.run_at)).toEqual(['document_start']);
    expect(scriptsMatching(dir, extpayCode)).not.toEqual([]);
    expect(scriptsMatching(dir, JSON.stringify(E2E_EXTPAY_ID))).not.toEqual([]);
  }
});
