import { afterAll, beforeAll, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { CHROME_BUILD, FIREFOX_BUILD, TMP } from '../paths';
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
  for (const permission of new Set([...manifestPermissions(CHROME_BUILD), ...manifestPermissions(FIREFOX_BUILD)])) {
    expect(readme, `README names ${permission}`).toContain(`\`${permission}\``);
    expect(privacy, `PRIVACY names ${permission}`).toContain(`\`${permission}\``);
  }
});
