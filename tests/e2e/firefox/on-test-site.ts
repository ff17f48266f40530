import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { startTestSite, type TestSite } from '../site';
import { launchFirefox, type FirefoxSession } from './browser';

/** The fakes, the test site and Firefox with Pictor, as a Firefox test file starts them. */
export interface FirefoxOnSite {
  fake: FakeProviders;
  site: TestSite;
  firefox: FirefoxSession;
  /** Closes all three, whichever of them started. */
  close(): Promise<void>;
}

type KeyedService = 'openai' | 'google' | 'ideogram' | 'photoroom';

/** Starts them, with `keys` taken as valid by each fake service. */
export async function firefoxOnTestSite(keys: Partial<Record<KeyedService, string>> = {}): Promise<FirefoxOnSite> {
  const fake = await startFakeProviders(TMP);
  for (const [service, key] of Object.entries(keys) as [KeyedService, string][]) fake[service].validKeys.add(key);
  const site = await startTestSite().catch(async (err: unknown) => {
    await fake.close();
    throw err;
  });
  const firefox = await launchFirefox(fake.proxyPort).catch(async (err: unknown) => {
    await site.close();
    await fake.close();
    throw err;
  });
  return {
    fake,
    site,
    firefox,
    async close() {
      await firefox.close();
      await site.close();
      await fake.close();
    },
  };
}
