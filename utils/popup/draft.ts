import { browser } from 'wxt/browser';

/**
 * The prompt being typed, kept for the browser session so that closing the popup loses no words. In
 * session storage: memory only, and out of reach of content scripts (prompts are the user's own
 * words). The popup's first screen reads it, so it is plain storage.session (a storage item would bring
 * @wxt-dev/storage into that screen's scripts).
 */
export interface Draft {
  text: string;
  /** When it was typed: a crop newer than this starts a fresh prompt. */
  at: number;
}

const KEY = 'draftPrompt';

const isDraft = (value: unknown): value is Draft =>
  typeof value === 'object' && value !== null && typeof (value as Draft).text === 'string' && typeof (value as Draft).at === 'number';

export async function readDraft(): Promise<Draft> {
  const { [KEY]: value } = await browser.storage.session.get(KEY);
  return isDraft(value) ? value : { text: '', at: 0 };
}

export async function saveDraft(text: string, at = Date.now()): Promise<void> {
  await browser.storage.session.set({ [KEY]: { text, at } satisfies Draft });
}
