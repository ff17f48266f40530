import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { updateBadge } from '../utils/badge';
import { markInterrupted } from '../utils/jobs/runner';
import { removeBackgroundsAfter } from '../utils/jobs/follow-ups';
import { forwardJobsToOffscreen } from '../utils/jobs/offscreen';
import { createJobStore } from '../utils/jobs/store';
import { serveCrops } from '../utils/crop/service';
import { createMenus, onCommand, onMenuClicked, openPopup } from '../utils/menus';
import { isTrustedSender, onMessage } from '../utils/messaging';
import { autoDownloadJob } from '../utils/result-actions';
import { serveVaultSession } from '../utils/vault-session';

export default defineBackground(() => {
  const store = createJobStore();
  const onJobChanged = async (jobId: string) => {
    await updateBadge(store);
    await autoDownloadJob(store, jobId);
    await removeBackgroundsAfter(store, jobId, await startJob);
  };

  // Set below by the context that runs jobs; a job resumed after a restart starts through it.
  let startJob: Promise<(jobId: string) => Promise<void>>;
  const recover = async () => {
    const { resumed } = await markInterrupted(store);
    const start = await startJob;
    for (const id of resumed) await start(id).catch(() => undefined);
    await updateBadge(store);
  };

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (!import.meta.env.FIREFOX) createMenus();
    if (reason === 'install') void browser.runtime.openOptionsPage();
    // An update or reload ends the context that ran jobs: what it was running was cut off.
    if (reason === 'update') void recover();
  });
  // Firefox does not keep menus made by a persistent background page across restarts
  // (MDN, menus.create): make them each time the page starts.
  if (import.meta.env.FIREFOX) void browser.contextMenus.removeAll().then(createMenus);
  browser.runtime.onStartup.addListener(() => void recover());
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab));
  browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  serveCrops(openPopup);
  onMessage('jobChanged', ({ data, sender }) => {
    if (isTrustedSender(sender) && typeof data === 'string') return onJobChanged(data);
  });

  if (import.meta.env.FIREFOX) {
    // Firefox's persistent background page runs jobs itself. The branch is dropped from Chrome's
    // build, which keeps the provider SDKs out of the service worker.
    startJob = import('../utils/jobs/host').then(({ createJobRunner, serveRunner }) => serveRunner(createJobRunner(store, onJobChanged), 'startJob', store));
  } else {
    startJob = Promise.resolve(forwardJobsToOffscreen(store));
    serveVaultSession();
  }
});
