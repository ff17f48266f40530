import { browser } from 'wxt/browser';
import { originPattern } from '../../platform/origins';
import { t } from '../../platform/i18n';
import { modelChoice, type ModelChoice } from '../../platform/storage';
import type { Rect } from '../geometry';
import { aspectPresets, modelFit } from '../presets';
import { dropLeftConfig } from '../handover';
import { candidatesOf, rememberSources, type HandOver } from './sources';
import { OVERLAY_CONFIG_KEY, OVERLAY_OPEN_KEY, type OverlayConfig } from '../messages';

export interface OverlayTarget {
  tabId: number;
  frameId: number;
  mode: 'image' | 'capture';
  srcUrl?: string;
  /** Recrop: the selection to start from (fractions of the image). */
  selection?: Rect;
  /** "Add to Pictor as a reference": Enter adds the selection beside the crop waiting. */
  intent?: 'reference';
}

export async function hasHostPermission(url: string | undefined): Promise<boolean> {
  const pattern = url && originPattern(url);
  return pattern ? browser.permissions.contains({ origins: [pattern] }) : false;
}

/**
 * hasHostPermission for the overlay's config, kept per origin until the extension's permissions
 * change: asking the browser took a few ms of every click before the overlay could be drawn. Only
 * the overlay's plan (and its screen-only note) uses this; the crop itself asks the browser again
 * (utils/crop/background/service.ts).
 */
const granted = new Map<string, Promise<boolean>>();
/** The same answers once they have come, for a click to read without waiting (injectOverlay). */
const grantedNow = new Map<string, boolean>();
let followingPermissions = false;
function mayFetch(url: string | undefined): Promise<boolean> {
  const pattern = url && originPattern(url);
  if (!pattern) return Promise.resolve(false);
  if (!followingPermissions) {
    followingPermissions = true;
    const forget = () => {
      granted.clear();
      grantedNow.clear();
    };
    browser.permissions.onAdded.addListener(forget);
    browser.permissions.onRemoved.addListener(forget);
  }
  let answer = granted.get(pattern);
  if (!answer) {
    const asked = hasHostPermission(url);
    answer = asked;
    granted.set(pattern, asked);
    asked.then(
      (value) => granted.get(pattern) === asked && grantedNow.set(pattern, value),
      () => granted.delete(pattern),
    );
  }
  return answer;
}

/**
 * The chosen model, kept by the background once read and followed as it changes: reading storage
 * took a few ms of every click before the overlay could be drawn. The watch is set before the first
 * read, so that no change falls between them.
 */
let choice: Promise<ModelChoice> | null = null;
/** The same, once read (injectOverlay). */
let choiceNow: ModelChoice | undefined;
let watchingChoice = false;
function chosenModel(): Promise<ModelChoice> {
  if (!choice) {
    // One watch for the background's life, however often a read fails and is asked again.
    if (!watchingChoice) {
      watchingChoice = true;
      modelChoice.watch((value) => {
        choice = Promise.resolve(value);
        choiceNow = value;
      });
    }
    const read = modelChoice.getValue();
    choice = read;
    // A failed read is not kept: the next click reads again.
    read.then(
      (value) => choice === read && (choiceNow = value),
      () => (choice = null),
    );
  }
  return choice;
}

/** Starts reading what the overlay's config needs, ahead of a click (the background calls it as it starts). */
export function primeOverlayConfig(): void {
  void chosenModel().catch(() => undefined);
}

/**
 * Injects the crop overlay into the page (or the frame) the user is looking at. Nothing of Pictor
 * runs in pages until the user asks: the context-menu click or the keyboard command grants
 * activeTab, which allows this injection and the screenshot fallback
 * (https://developer.chrome.com/docs/extensions/develop/concepts/activeTab).
 *
 * Two calls to the page, not three in turn (each is a round trip): the overlay file, sent at once,
 * while the config is put together; and one that reads the files this click allows the crop to
 * name (utils/crop/background/sources.ts) and hands the overlay its config. They share the isolated world and
 * may run in either order: whichever comes second opens the overlay (see candidatesOf). Without the
 * config the file opens nothing.
 */
export async function injectOverlay(target: OverlayTarget): Promise<void> {
  const where = { tabId: target.tabId, frameIds: [target.frameId] };
  const stamp = crypto.randomUUID();
  latestOpen.set(target.tabId, stamp);
  const current = () => latestOpen.get(target.tabId) === stamp;
  const configFor = (model: ModelChoice, hostPermission: boolean): OverlayConfig => ({
    presets: aspectPresets(model, t('overlayFree')),
    fit: modelFit(model),
    mode: target.mode,
    srcUrl: target.srcUrl,
    hostPermission,
    inSubframe: target.frameId !== 0,
    selection: target.selection,
    ...(target.intent ? { intent: target.intent } : {}),
  });
  const handOver = (config: OverlayConfig) =>
    whenGranted(() => browser.scripting.executeScript({ target: where, func: candidatesOf, args: [target.srcUrl ?? null, { configKey: OVERLAY_CONFIG_KEY, openKey: OVERLAY_OPEN_KEY, config, stamp } satisfies HandOver] }), current).catch((error: unknown) => {
      throw new InjectError('inject', error);
    });
  // The config's call leaves first when what it needs is known (every click after the first): it
  // has no file to load, so it reaches the page first and the file opens the overlay as it runs.
  // Sent second, it was held back 4-7 ms behind the file's call in one click of four (traces of
  // overlay-ready in npm run bench), and the overlay with it.
  const pattern = target.srcUrl ? originPattern(target.srcUrl) : null;
  const hostNow = pattern ? grantedNow.get(pattern) : false;
  const found =
    choiceNow && hostNow !== undefined
      ? handOver(configFor(choiceNow, hostNow))
      : // Neither read waits for the other, nor for the file.
        Promise.all([chosenModel(), mayFetch(target.srcUrl)]).then(
          ([model, hostPermission]) => configFor(model, hostPermission),
          (error: unknown) => {
            throw new InjectError('config', error);
          },
        ).then(handOver);
  const overlay = whenGranted(() => browser.scripting.executeScript({ target: where, files: ['/crop-overlay.js'] }), current).catch((error: unknown) => {
    throw new InjectError('overlay-file', error);
  });
  // Registered now, before the overlay can open: a crop request waits for this list to be stored
  // (isRememberedSource), and is allowed nothing if it could not be.
  const remembered = rememberSources(
    target.tabId,
    target.frameId,
    found.then((results) => (results[0]?.result) ?? (target.srcUrl ? [target.srcUrl] : [])),
  );
  const [file, config] = await Promise.allSettled([overlay, found, remembered]);
  // The file never ran, but the config may wait in the page for it: take it back, so that no later
  // injection's file opens this one's image (utils/crop/handover.ts).
  if (file.status === 'rejected' && config.status === 'fulfilled') {
    await browser.scripting.executeScript({ target: where, func: dropLeftConfig, args: [OVERLAY_CONFIG_KEY, stamp] }).catch(() => undefined);
  }
  // A newer open of this tab started meanwhile: its outcome is the one to report, not this one's.
  const superseded = !current();
  if (!superseded) latestOpen.delete(target.tabId);
  for (const step of [file, config]) {
    if (step.status === 'rejected') throw superseded && !isSuperseded(step.reason) ? new InjectError('inject', new Superseded()) : step.reason;
  }
  await remembered;
}

/**
 * The newest open asked for in each tab (one overlay per tab, whichever frame it is in). A click
 * whose injection is still being asked again (whenGranted) gives up when a newer click on the same
 * tab has started: otherwise its late success could open the older image over the newer one. A
 * click that fails after a newer one started reports nothing: the newer one's outcome stands.
 */
const latestOpen = new Map<number, string>();

/**
 * Chrome's refusal of a page the extension has no access to. Right after a menu click or the
 * shortcut it can also mean the access the click granted (activeTab) has not reached the page's
 * renderer yet: seen in about one right-click in ten on a busy machine, with the click's tab
 * already showing its URL (which only the grant allows) and the same injection working moments
 * later. So that refusal is asked again for a short while; any other error is final at once.
 */
const NOT_YET_GRANTED = /Cannot access contents of the page/;
const GRANT_WAITS_MS = [30, 60, 120, 250, 500, 1000];

async function whenGranted<T>(inject: () => Promise<T>, current: () => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inject();
    } catch (error) {
      const wait = GRANT_WAITS_MS[attempt];
      if (wait === undefined || !NOT_YET_GRANTED.test(error instanceof Error ? error.message : String(error))) throw error;
      console.warn(`Pictor: the page refused the overlay (attempt ${attempt + 1}); asking again in ${wait} ms`);
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (!current()) throw new Superseded();
    }
  }
}

/** Whether opening the overlay gave way to a newer request on the same tab (nothing to report). */
export function isSuperseded(error: unknown): boolean {
  return error instanceof InjectError && error.cause instanceof Superseded;
}

/** A newer click on the same tab took over: nothing to report, that click reports its own outcome. */
export class Superseded extends Error {
  constructor() {
    super('A newer request to open the crop overlay on this page took over.');
    this.name = 'Superseded';
  }
}

/** Which step of opening the overlay failed, with the browser's own error. */
export class InjectError extends Error {
  constructor(
    readonly step: 'overlay-file' | 'config' | 'inject',
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'InjectError';
  }
}
