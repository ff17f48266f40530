// One listener per life event of the extension, handed to every part that registered (jobs resume,
// billing checks, menus, the welcome page, model lists).
import { expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { onLifeEvent, type LifeEvent } from '../../utils/platform/lifecycle';

test('every handler hears install, update and the browser start, through one listener each, whatever another throws', async () => {
  const heard: [string, LifeEvent][] = [];
  const install = vi.spyOn(fakeBrowser.runtime.onInstalled, 'addListener');
  const startup = vi.spyOn(fakeBrowser.runtime.onStartup, 'addListener');
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  onLifeEvent((event) => void heard.push(['jobs', event]));
  onLifeEvent(() => {
    throw new Error('billing is down');
  });
  onLifeEvent((event) => void heard.push(['menus', event]));
  expect(install).toHaveBeenCalledTimes(1);
  expect(startup).toHaveBeenCalledTimes(1);

  await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' } as never);
  await fakeBrowser.runtime.onStartup.trigger();
  expect(heard).toEqual([
    ['jobs', { kind: 'installed', reason: 'update' }],
    ['menus', { kind: 'installed', reason: 'update' }],
    ['jobs', { kind: 'startup' }],
    ['menus', { kind: 'startup' }],
  ]);
});
