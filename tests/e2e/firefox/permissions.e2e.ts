import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { readmeWarnings } from '../readme-permissions';
import { GECKO_ID, launchFirefox, type FirefoxSession } from './browser';

/** README's list of Firefox's install prompt is what Firefox itself writes for the installed add-on. */
let fake: FakeProviders;
let firefox: FirefoxSession;

beforeAll(async () => {
  fake = await startFakeProviders(TMP);
  firefox = await launchFirefox(fake.proxyPort);
});

afterAll(async () => {
  await firefox?.close();
  await fake?.close();
});

test('the warnings README lists for Firefox are the lines of its install prompt', async () => {
  // Firefox's own formatter for the install doorhanger, fed the installed add-on's permissions.
  const lines = await firefox.chromeEval<string>(`(async () => {
    const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
    const { ExtensionData } = ChromeUtils.importESModule('resource://gre/modules/Extension.sys.mjs');
    const addon = await AddonManager.getAddonByID(${JSON.stringify(GECKO_ID)});
    const s = ExtensionData.formatPermissionStrings({ addon, permissions: addon.userPermissions, optionalPermissions: addon.optionalPermissions, unsigned: false }, { collapseOrigins: true });
    return JSON.stringify([...s.msgs, s.dataCollectionPermissions?.msg].filter(Boolean));
  })()`);
  expect(readmeWarnings('Firefox').sort()).toEqual((JSON.parse(lines) as string[]).sort());
});
