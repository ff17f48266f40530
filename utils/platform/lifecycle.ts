import { browser } from 'wxt/browser';

/**
 * The extension's life events, heard by one listener each and handed to every part that cares:
 * installed (first install, an update of Pictor, or of the browser) and the browser's start. The
 * background registers its parts' handlers in its first turn, as Chrome's service worker requires
 * of event listeners (https://developer.chrome.com/docs/extensions/develop/concepts/service-workers/events).
 */
/** runtime.onInstalled's reasons (Chrome's; Firefox says `browser_update` for its own update). */
type InstallReason = 'install' | 'update' | 'chrome_update' | 'shared_module_update' | 'browser_update';
export type LifeEvent = { kind: 'installed'; reason: InstallReason } | { kind: 'startup' };

const handlers: ((event: LifeEvent) => void)[] = [];
let listening = false;

/** Adds a handler; the first call also makes the one listener of each browser event. */
export function onLifeEvent(handler: (event: LifeEvent) => void): void {
  handlers.push(handler);
  if (listening) return;
  listening = true;
  browser.runtime.onInstalled.addListener(({ reason }) => dispatch({ kind: 'installed', reason: reason as InstallReason }));
  browser.runtime.onStartup.addListener(() => dispatch({ kind: 'startup' }));
}

/** Every handler hears the event, whatever another one throws. */
function dispatch(event: LifeEvent): void {
  for (const handler of handlers) {
    try {
      handler(event);
    } catch (error) {
      console.error(`Pictor: a ${event.kind} handler failed:`, error);
    }
  }
}
