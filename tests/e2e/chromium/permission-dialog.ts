import type { ChromiumSession } from './browser';
import { brightness } from './x11';

export async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How lit the screen is now: take it before the action that opens the dialog. */
export const screenLight = (session: ChromiumSession): number => brightness(session.display.grab());

/**
 * Answers Chromium's own permission dialog ("Pictor has requested additional permissions … Deny /
 * Allow") with the keyboard, as a user would. The dialog is drawn by the browser, not a web page:
 * it shows as a scrim that dims the whole window, with Deny focused.
 */
export async function allowInPermissionDialog(session: ChromiumSession, litBefore: number): Promise<void> {
  const lit = () => screenLight(session);
  await until('the permission dialog to dim the window', () => lit() < litBefore * 0.7);
  // Chromium enables the dialog's buttons 500 ms after it shows (a guard against click-jacking).
  await new Promise((r) => setTimeout(r, 800));
  session.display.key('Tab', 'Return');
  await until('the permission dialog to close', () => lit() > litBefore * 0.85);
}
