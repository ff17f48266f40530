import { browser, type Browser } from 'wxt/browser';
import { t } from '../../platform/i18n';
import { planRoutes } from '../cascade';
import { originPattern } from '../../platform/origins';
import { popupIsOpen } from '../../platform/action';
import { injectOverlay, hasHostPermission, isSuperseded } from './inject';
import { guarded } from '../../platform/message-rules';
import { onCropMessage, sendCropMessage, type CropOriginal, type CropReply, type CropRequest } from '../messages';
import { browserCropCodec, CropError, INPUT_LIMITS, produceCrop, selectionInPixels, type CropDeps } from '../pipeline';
import { fitWithin, type Rect } from '../geometry';
import { fetchBounded } from '../../image/bounded-fetch';
import { checkImageBlob } from '../../image/inspect';
import { cropStore } from '../store';
import { additionNotice, addReference, clearReferences, type Addition } from '../references';
import { readPendingCrop, setPendingCrop } from '../pending';
import { captureShownTab } from './capture';
import { isRememberedSource } from './sources';
import { EVERY_SITE } from '../full-resolution';
import { isSvgUrl } from '../target';
import { broadcast } from '../../platform/messaging';
import type { JobStore } from '../../jobs/store';

function depsFor(tab?: { id: number; windowId: number }): CropDeps {
  return {
    fetch: (input, init) => fetch(input, init),
    capture: () => (tab ? captureShownTab(tab) : Promise.reject(new Error('no tab to capture'))),
    codec: browserCropCodec,
  };
}

function failure(err: unknown): { ok: false; message: string } {
  const kind = err instanceof CropError ? err.kind : 'unreadable';
  if (kind === 'too-many-pixels' && err instanceof CropError && err.size) {
    const { width, height } = err.size;
    return { ok: false, message: t('errorImageTooManyPixels', [String(width), String(height), String(Math.round((width * height) / 1e6))]) };
  }
  const message = { 'not-image': t('errorSourceNotImage'), 'too-large': t('errorImageTooLarge'), 'too-many-pixels': t('errorImageTooLarge'), unreadable: t('errorCropUnreadable'), 'tab-changed': t('errorCaptureTabChanged') }[kind];
  return { ok: false, message };
}

/** The overlay's Enter: cut the crop, store it, then open the popup that shows it. */
async function confirmCrop(req: CropRequest, sender: Browser.runtime.MessageSender, openPopup: () => Promise<unknown>): Promise<CropReply> {
  const tab = sender.tab;
  // Sender and shape are checked before this runs (utils/platform/message-rules.ts); the tab must be one we can capture.
  if (!tab?.id || tab.windowId === undefined) {
    return { ok: false, message: t('errorCropUnreadable') };
  }
  // A file the right-click did not name is not fetched: the crop comes from the screen instead.
  if (req.url && !(await isRememberedSource(tab.id, sender.frameId ?? 0, req.url))) req = { ...req, url: undefined, pageBytes: undefined, pageCut: undefined };
  const routes = planRoutes({
    url: req.url,
    pageUrl: req.pageUrl,
    hostPermission: await hasHostPermission(req.url),
    inSubframe: (sender.frameId ?? 0) !== 0,
    svg: req.url ? isSvgUrl(req.url) : false,
  });
  try {
    const cut = await produceCrop(req, routes, depsFor({ id: tab.id, windowId: tab.windowId }));
    // A reference joins the crop waiting (or becomes it, when there is none).
    if (req.as === 'reference') return await referenceAdded(await addReference({ blob: cut.blob, width: cut.width, height: cut.height, from: req.url && /^https?:/i.test(req.url) ? req.url : req.pageUrl }), openPopup);
    // A new crop starts a new request: the references of the last one go.
    await clearReferences();
    await cropStore.set({
      ...cut,
      mode: req.mode,
      url: req.url,
      pageUrl: req.pageUrl,
      selection: req.selection,
      tabId: tab.id,
      frameId: sender.frameId ?? 0,
      at: Date.now(),
    });
  } catch (err) {
    const reply = failure(err);
    // The popup opened as Enter was pressed (cropStarting): it says why too.
    if (await readPendingCrop()) {
      await setPendingCrop({ at: Date.now(), error: reply.message });
      await sendCropMessage('cropChanged').catch(() => undefined);
    }
    return reply;
  }
  await setPendingCrop(null);
  await sendCropMessage('cropChanged').catch(() => undefined);
  if (!(await popupIsOpen())) await openPopup();
  return { ok: true };
}

/** Shows what was added: the popup, opened if it is not. */
async function referenceAdded(added: Addition, openPopup: () => Promise<unknown>): Promise<CropReply> {
  if (added.outcome === 'full') return { ok: false, message: additionNotice(added, String) };
  if (added.outcome === 'crop') await sendCropMessage('cropChanged').catch(() => undefined);
  if (!(await popupIsOpen())) await openPopup();
  return { ok: true };
}

/**
 * The page is cutting the crop itself (utils/crop/page/page-cut.ts): the popup opens now, so that its own
 * start runs alongside the cut instead of after it, and says the crop is on its way.
 */
async function cropStarting(sender: Browser.runtime.MessageSender, openPopup: () => Promise<unknown>): Promise<void> {
  if (!sender.tab?.id) return;
  await setPendingCrop({ at: Date.now() });
  if (!(await popupIsOpen())) await openPopup();
}


const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
 * The file a crop cut in the page came from, sent by the overlay once the crop was stored (the crop
 * never waits for it). Kept with that crop only when it is the file the click named and the crop
 * stored is the one it was cut for, of the size cutting it from this file gives; else dropped.
 */
async function attachOriginal(original: CropOriginal, sender: Browser.runtime.MessageSender, jobs: JobStore): Promise<void> {
  const tabId = sender.tab?.id;
  const frameId = sender.frameId ?? 0;
  if (tabId === undefined || !(await isRememberedSource(tabId, frameId, original.url))) return;
  const record = await cropStore.get();
  if (!record || record.original || record.origin !== 'original' || record.tabId !== tabId || record.frameId !== frameId || record.url !== original.url || !sameRect(record.selection, original.selection)) return;
  const { blob, size } = await checkImageBlob(await fetchBounded(fetch, original.bytes));
  if (!size) return;
  const rect = selectionInPixels(record.selection, size);
  const cut = fitWithin(rect, INPUT_LIMITS);
  if (cut.width !== record.width || cut.height !== record.height) return;
  // Only the original is added: a newer crop stored while the file was read stays, and so does a
  // mask painted meanwhile.
  const kept = { blob, ...size, rect };
  if (!(await cropStore.patch(record.at, { original: kept }))) return;
  await sendCropMessage('cropChanged').catch(() => undefined);
  // Jobs started from this crop before its original arrived (a quick Generate, a batch started at
  // once) get it too: a batch's shared source once, not once per request.
  const waiting = (await jobs.page({ limit: 20 })).filter((job) => job.source?.cropAt === record.at && !job.source.original).map((job) => job.id);
  if (waiting.length === 0) return;
  await jobs.patchSources(waiting, (source) => (source.cropAt === record.at && !source.original ? { original: kept } : undefined));
  for (const id of waiting) await broadcast('jobChanged', id);
}

/**
 * Access to a site was just granted: a screen-resolution crop from it is cut again from its bytes.
 * Chrome's permission dialog closes the popup, so it is opened again to show the result.
 */
async function upgradeToOriginal(origins: string[], openPopup: () => Promise<unknown>): Promise<void> {
  const record = await cropStore.get();
  if (!record || record.origin !== 'screen' || !record.url) return;
  const pattern = originPattern(record.url);
  if (!pattern || !(origins.includes(pattern) || origins.includes(EVERY_SITE))) return;
  const req: CropRequest = { mode: record.mode, url: record.url, pageUrl: record.pageUrl, selection: record.selection, screen: { x: 0, y: 0, width: 0, height: 0 }, viewport: { width: 1, height: 1 } };
  try {
    const cut = await produceCrop(req, ['extension'], depsFor());
    await cropStore.set({ ...record, ...cut, at: Date.now() });
    await sendCropMessage('cropChanged').catch(() => undefined);
    if (!(await popupIsOpen())) await openPopup();
  } catch {
    // Still unreadable: the screen-resolution crop stays, as it is labelled.
  }
}

export function serveCrops(openPopup: () => Promise<unknown>, jobs: JobStore): void {
  onCropMessage('confirmCrop', guarded('confirmCrop', (request, sender) => confirmCrop(request, sender, openPopup)));
  onCropMessage('cropStarting', guarded('cropStarting', (_, sender) => cropStarting(sender, openPopup)));
  onCropMessage('cropOriginal', guarded('cropOriginal', (original, sender) => attachOriginal(original, sender, jobs).catch(() => undefined)));
  onCropMessage('recrop', guarded('recrop', async () => {
    const record = await cropStore.get();
    if (!record) return { ok: false, message: t('errorCropUnreadable') };
    try {
      await injectOverlay({ tabId: record.tabId, frameId: record.frameId, mode: record.mode, srcUrl: record.url, selection: record.selection });
      await browser.tabs.update(record.tabId, { active: true });
      return { ok: true };
    } catch (error) {
      // A newer right-click on that tab took over: its overlay is the one showing.
      if (isSuperseded(error)) return { ok: true };
      return { ok: false, message: t('errorRecropGone') };
    }
  }));
  browser.permissions.onAdded.addListener(({ origins }) => void upgradeToOriginal(origins ?? [], openPopup));
}
