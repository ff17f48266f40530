import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';

/** A user who has saved an OpenAI key and opened the popup, against the fake providers. */
export interface ReadyUser {
  fake: FakeProviders;
  session: ChromiumSession;
  popup: CdpPage;
  close(): Promise<void>;
}

export async function userWithKey(key: string): Promise<ReadyUser> {
  const fake = await startFakeProviders(TMP);
  fake.openai.validKeys.add(key);
  const session = await launchChromium(fake.port);
  await session.saveKey('OpenAI API key', key);
  const user: ReadyUser = {
    fake,
    session,
    popup: await session.openPopup(),
    async close() {
      user.popup.close();
      await session.close();
      await fake.close();
    },
  };
  return user;
}
