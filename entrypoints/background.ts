import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { updateBadge } from '../utils/badge';
import { forwardJobsToOffscreen } from '../utils/jobs/offscreen';
import { createJobStore } from '../utils/jobs/store';
import { serveCrops } from '../utils/crop/service';
import { createMenus, onCommand, onMenuClicked, openPopup } from '../utils/menus';
import { onMessage } from '../utils/messaging';

export default defineBackground(() => {
  const store = createJobStore();
  browser.runtime.onInstalled.addListener(({ reason }) => {
    createMenus();
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab));
  browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  serveCrops(openPopup);
  onMessage('jobChanged', () => updateBadge(store));

  if (import.meta.env.FIREFOX) {
    // Firefox's persistent background page runs jobs itself. The branch is dropped from Chrome's
    // build, which keeps the provider SDKs out of the service worker.
    void import('../utils/jobs/host').then(({ createJobRunner, serveRunner }) => {
      serveRunner(createJobRunner(store, () => updateBadge(store)), 'startJob');
    });
  } else {
    forwardJobsToOffscreen();
  }
});
