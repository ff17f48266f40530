import { vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import messages from '../../assets/public/_locales/en/messages.json';

type Entry = { message: string; placeholders?: Record<string, { content: string }> };
const table = messages as unknown as Record<string, Entry>;

/** One message as chrome.i18n.getMessage gives it: placeholders filled from `subs` ($1, $2…). */
function english(key: string, subs?: string | string[]): string {
  const entry = table[key];
  if (!entry) return '';
  const list = typeof subs === 'string' ? [subs] : (subs ?? []);
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_m, name: string) => (entry.placeholders?.[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/g, (_d, i: string) => list[Number(i) - 1] ?? ''));
}

/** The fake browser's getMessage answers from the real English messages, so sentences can be read whole. */
export function useEnglishMessages(): void {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(english);
}
