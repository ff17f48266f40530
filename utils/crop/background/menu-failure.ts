import { storage } from 'wxt/utils/storage';
import { t } from '../../platform/i18n';
import { toolbarAction } from '../../platform/action';

/**
 * What went wrong the last time a menu click or the capture shortcut could not open the overlay:
 * which step, when, and the browser's own words. Kept in session storage (memory only, gone when
 * the browser closes) so that a click that "did nothing" can be explained afterwards, and logged to
 * the background's console. Nothing secret passes here: the steps only touch the page and the menus.
 */
export interface MenuFailure {
  step: 'menus' | 'inject' | 'overlay-file' | 'config';
  message: string;
  at: number;
}

export const lastMenuFailure = storage.defineItem<MenuFailure | null>('session:lastMenuFailure', { fallback: null, version: 1 });

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The browser's refusals for its own pages and stores, where no extension may run: Chrome's
 * "Cannot access a chrome:// URL", "Cannot access contents of the page", "The extensions gallery
 * cannot be scripted"; Firefox's "Missing host permission for the tab".
 */
const RESTRICTED = /cannot access|cannot be scripted|missing host permission/i;

/** Logs the failure, keeps it, and has the toolbar button say in words what failed. */
export async function reportMenuFailure(step: MenuFailure['step'], error: unknown): Promise<void> {
  const message = describeError(error);
  console.error(`Pictor could not open the crop overlay (${step}): ${message}`);
  const action = toolbarAction();
  await Promise.allSettled([
    lastMenuFailure.setValue({ step, message, at: Date.now() }),
    action.setTitle({ title: RESTRICTED.test(message) ? t('errorCannotRunHere') : t('errorCannotRunHereBecause', message) }),
    action.setBadgeText({ text: '!' }),
  ]);
}

/** A later click that worked takes the "!" and its sentence off the button (the job count, if any, comes back with the next badge update). */
export async function clearMenuFailure(): Promise<void> {
  const action = toolbarAction();
  if ((await action.getBadgeText({}).catch(() => '')) !== '!') return;
  await Promise.allSettled([action.setBadgeText({ text: '' }), action.setTitle({ title: t('actionTitle') })]);
}
