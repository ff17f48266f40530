import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { serveBilling } from '../utils/billing/background';
import { primeOverlayConfig } from '../utils/crop/background/inject';
import { serveCrops } from '../utils/crop/background/service';
import { migrateEndpoints } from '../utils/keys/endpoint-store';
import { openOnNotificationClick } from '../utils/jobs/announce';
import { serveJobs } from '../utils/jobs/service';
import { createJobStore } from '../utils/jobs/store';
import { createMenus, onCommand, onMenuClicked, openPopup } from '../utils/crop/background/menus';
import { refreshModelLists } from '../utils/providers/model-lists';
import { createVault } from '../utils/keys/vault';
import { serveVaultSession } from '../utils/keys/vault-session';
import { onLifeEvent } from '../utils/platform/lifecycle';

export default defineBackground(() => {
  onLifeEvent((event) => {
    // Each browser start reads the models the saved keys may use, when the last read is a day old
    // (model-lists.ts); Settings does the same when it opens.
    if (event.kind === 'startup') return void refreshModelLists({ vault: createVault() }).catch(() => undefined);
    if (!import.meta.env.FIREFOX) void createMenus();
    if (event.reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') });
    // Prompt drafts moved to session storage: nothing of the user's words stays in local storage.
    if (event.reason === 'update') void browser.storage.local.remove('draftPrompt');
  });
  // Firefox does not keep menus made by a persistent background page across restarts
  // (MDN, menus.create): make them each time the page starts.
  if (import.meta.env.FIREFOX) void createMenus();
  browser.contextMenus.onClicked.addListener((info, tab) => void onMenuClicked(info, tab));
  // A click's overlay then needn't wait to read the chosen model (utils/crop/background/inject.ts).
  primeOverlayConfig();
  browser.commands.onCommand.addListener((command, tab) => void onCommand(command, tab));
  // Custom base URLs leave storage.local (where content scripts can write) as soon as this version runs.
  void migrateEndpoints();
  const jobs = createJobStore();
  serveCrops(openPopup, jobs);
  serveJobs(jobs, serveBilling().entitled);
  openOnNotificationClick(() => openPopup().then(() => undefined));
  if (!import.meta.env.FIREFOX) serveVaultSession();
});
