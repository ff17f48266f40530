import { browser } from 'wxt/browser';
import { originPattern } from './cascade';
import { t } from '../i18n';
import { modelChoice } from '../storage';
import type { Rect } from './geometry';
import { aspectPresets, modelFit } from './presets';
import { candidatesOf, rememberSources } from './sources';
import { OVERLAY_CONFIG_KEY, type OverlayConfig } from './messages';

export interface OverlayTarget {
  tabId: number;
  frameId: number;
  mode: 'image' | 'capture';
  srcUrl?: string;
  /** Recrop: the selection to start from (fractions of the image). */
  selection?: Rect;
}

export async function hasHostPermission(url: string | undefined): Promise<boolean> {
  const pattern = url && originPattern(url);
  return pattern ? browser.permissions.contains({ origins: [pattern] }) : false;
}

/**
 * Injects the crop overlay into the page (or the frame) the user is looking at. Nothing of Pictor
 * runs in pages until the user asks: the context-menu click or the keyboard command grants
 * activeTab, which allows this injection and the screenshot fallback
 * (https://developer.chrome.com/docs/extensions/develop/concepts/activeTab).
 */
export async function injectOverlay(target: OverlayTarget): Promise<void> {
  const choice = await modelChoice.getValue();
  const config: OverlayConfig = {
    presets: aspectPresets(choice, t('overlayFree')),
    fit: modelFit(choice),
    mode: target.mode,
    srcUrl: target.srcUrl,
    hostPermission: await hasHostPermission(target.srcUrl),
    inSubframe: target.frameId !== 0,
    selection: target.selection,
  };
  const where = { tabId: target.tabId, frameIds: [target.frameId] };
  // Both scripts run in the same isolated world, so the second finds what the first left.
  await browser.scripting.executeScript({
    target: where,
    func: (key: string, value: OverlayConfig) => {
      (globalThis as Record<string, unknown>)[key] = value;
    },
    args: [OVERLAY_CONFIG_KEY, config],
  });
  // The files this click allows the crop to name (utils/crop/sources.ts), read before the overlay runs.
  const found = target.srcUrl ? await browser.scripting.executeScript({ target: where, func: candidatesOf, args: [target.srcUrl] }) : [];
  await rememberSources(target.tabId, target.frameId, (found[0]?.result as string[] | undefined) ?? (target.srcUrl ? [target.srcUrl] : []));
  await browser.scripting.executeScript({ target: where, files: ['/crop-overlay.js'] });
}
