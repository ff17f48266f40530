import { browser } from 'wxt/browser';
import { t } from '../platform/i18n';
import { notifyWhenReady } from '../platform/storage';
import { popupIsOpen } from '../platform/action';
import type { JobStore } from './store';

const PREFIX = 'pictor-ready:';


/**
 * "Your image is ready" when a job finishes with results while the popup is closed, unless the user
 * turned it off: the toolbar badge alone sits on an icon that is not pinned by default. A click on
 * the notification opens Pictor.
 */
export async function announceIfUnseen(store: JobStore, jobId: string): Promise<boolean> {
  if (!(await notifyWhenReady.getValue())) return false;
  const job = await store.get(jobId);
  if (!job || job.state !== 'succeeded' || job.seen || job.announced) return false;
  // An open popup shows the job already.
  if (await popupIsOpen()) return false;
  const claimed = await store.patch(jobId, (j) => (j.announced ? {} : { announced: true }));
  if (!claimed?.announced) return false;
  await browser.notifications.create(`${PREFIX}${jobId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: t('notifyReadyTitle'),
    message: job.prompt ? t('notifyReadyPrompt', job.prompt.slice(0, 120)) : t('notifyReadyPlain'),
  });
  return true;
}

/** A click on a "ready" notification opens Pictor where the result waits. */
export function openOnNotificationClick(open: () => Promise<void>): void {
  browser.notifications.onClicked.addListener((id) => {
    if (!id.startsWith(PREFIX)) return;
    void browser.notifications.clear(id);
    void open();
  });
}
