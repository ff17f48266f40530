import { startFakeProviders, type FakeProviders } from '../../fake-providers/server';
import { TMP } from '../paths';
import { launchChromium, type ChromiumSession } from './browser';
import type { CdpPage } from './cdp-page';
import { closePopup } from './right-click';

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

/**
 * A user with keys for OpenAI, Google and Ideogram (named after `who`), whose Ideogram generations
 * finish at the first poll, with no popup open.
 */
export async function userWithEveryKey(who: string): Promise<ReadyUser> {
  const keys = { google: `AIza-test-${who}-0123456789`, ideogram: `ideo-test-${who}-0123456789` };
  const user = await userWithKey(`sk-test-${who}-0123456789abcdef`);
  user.fake.google.validKeys.add(keys.google);
  user.fake.ideogram.validKeys.add(keys.ideogram);
  user.fake.ideogram.pendingPolls = 0;
  await user.session.saveKey('Google API key', keys.google);
  await user.session.saveKey('Ideogram API key', keys.ideogram);
  await closePopup(user.popup, user.session);
  return user;
}
