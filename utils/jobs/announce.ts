import { browser } from 'wxt/browser';
import { t } from '../platform/i18n';
import { notifyWhenReady } from '../platform/storage';
import { popupIsOpen } from '../platform/action';
import type { JobStore } from './store';
import { batchProgress } from './batch';

const PREFIX = 'pictor-ready:';


/**
 * "Your image is ready" (for a batch, "Batch finished" when its last job ends) when a job finishes with results while the popup is closed, unless the user
 * turned it off: the toolbar badge alone sits on an icon that is not pinned by default. A click on
 * the notification opens Pictor.
 */
export async function announceIfUnseen(store: JobStore, jobId: string): Promise<boolean> {
  if (!(await notifyWhenReady.getValue())) return false;
  const job = await store.get(jobId);
  if (!job || job.state !== 'succeeded' || job.seen || job.announced) return false;
  // An open popup shows the job already.
  if (await popupIsOpen()) return false;
  // A batch says so once, when its last job ends (one notification, not one a job): counted on each
  // of its jobs' ends, its jobs read only at the last.
  const group = job.group?.kind === 'batch' ? job.group.id : undefined;
  if (group && (await store.activeInGroup(group)) > 0) return false;
  const batch = group ? await store.inGroup(group) : undefined;
  const claimed = await store.patch(jobId, (j) => (j.announced ? {} : { announced: true }));
  if (!claimed?.announced) return false;
  const progress = batch && batchProgress(batch);
  await browser.notifications.create(`${PREFIX}${batch ? job.group!.id : jobId}`, {
    type: 'basic',
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: progress ? t('notifyBatchTitle') : t('notifyReadyTitle'),
    message: progress ? t('notifyBatchDone', [String(progress.done), String(progress.total)]) : job.prompt ? t('notifyReadyPrompt', job.prompt.slice(0, 120)) : t('notifyReadyPlain'),
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
