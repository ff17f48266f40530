import { browser } from 'wxt/browser';

/** The keyboard command (manifest `commands`) that opens the capture overlay. */
export const COMMAND_CAPTURE = 'capture-area';
/** The keyboard command that opens the capture overlay to add the area as a reference beside the crop waiting. */
export const COMMAND_CAPTURE_REFERENCE = 'capture-reference';

/** The key the user set for "Capture an area" (they may have changed or cleared it), or '' when none. */
export async function captureShortcut(): Promise<string> {
  const commands = await browser.commands.getAll();
  return commands.find((c) => c.name === COMMAND_CAPTURE)?.shortcut ?? '';
}

/** The modifier that goes with Enter to generate: ⌘ on a Mac, Ctrl elsewhere. */
export function generateModifier(platform = navigator.platform): string {
  return /mac/i.test(platform) ? '⌘' : 'Ctrl';
}

/**
 * Opens the browser's own page for extension shortcuts: Firefox has an API for it (Firefox 137+);
 * Chrome lets an extension open chrome://extensions/shortcuts in a tab.
 */
export async function openShortcutSettings(): Promise<void> {
  const commands = browser.commands as typeof browser.commands & { openShortcutSettings?: () => Promise<void> };
  if (typeof commands.openShortcutSettings === 'function') return commands.openShortcutSettings();
  await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
}
