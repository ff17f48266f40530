import { onLifeEvent } from '../platform/lifecycle';
import { browser } from 'wxt/browser';
import { updateBadge } from '../results/badge';
import { broadcast, onMessage } from '../platform/messaging';
import { cropStore } from '../crop/store';
import { guarded } from '../platform/message-rules';
import { downloadFinished } from '../results/download-done';
import { saveHeldAgain, saveUnsaved, type Download } from '../results/held-results';
import { autoDownloadJob, downloadUrl } from '../results/result-actions';
import type { Unsaved } from './unsaved';
import { removeBackgroundsAfter } from './follow-ups';
import { createGateway, type Gateway } from './gateway';
import { PUMP_ALARM } from './pump';
import { applyRetention } from './retention';
import { keepLastJobs, pausedBatches, spendLimits } from '../platform/storage';
import { pauseBatch } from './batch';
import { announceIfUnseen } from './announce';
import { markInterrupted } from './interrupted';
import { SEEN_AFTER_MS } from './seen';
import { onceAfter, RESULT_FIRST_MS } from '../platform/later';
import type { JobStore } from './store';
import { isFinished, type Job } from './types';
import type { MessageKey } from '../platform/i18n';
import type { ServiceId } from '../providers/types';


/** A download of a result, counted once the browser says it completed (utils/results/download-done.ts). */
const downloadResult: Download = async (about, index, url, type) => void (await downloadFinished(await downloadUrl(about, index, url, type)));

/** Results the disk could not hold, to Downloads (utils/results/held-results.ts); the views hear of the outcome. */
async function toDownloads(jobId: string, save: () => Promise<Unsaved>): Promise<Unsaved> {
  const outcome = await save();
  await broadcast('jobChanged', jobId);
  return outcome;
}

/**
 * Everything the background does about jobs, wired once: the gateway behind startJob and
 * cancelJob, what follows a job's change (badge, queue, auto-download, background removal, the
 * "ready" notification), recovery after a restart, and the periodic wake-up. `entitled` is the
 * billing check every job passes before it is sent (utils/billing/background.ts).
 */
export function serveJobs(store: JobStore, entitled?: (job: Job) => Promise<true | MessageKey>): Gateway {
  // Jobs this background starts (its first pump below runs before the browser's start event is
  // heard) have a later startedAt: recovery must not mark them interrupted while their request is
  // in flight, or their Retry would pay a second time.
  const since = Date.now();
  /** Where jobs run: here (Firefox) or in the offscreen document (Chrome). */
  let runner: Promise<{ run(jobId: string, provider: ServiceId): Promise<unknown>; cancel(jobId: string): Promise<boolean> }>;
  const notify = (jobId: string) => broadcast('jobChanged', jobId);
  const gateway = createGateway({
    store,
    run: async (jobId, provider) => void (await runner).run(jobId, provider),
    stop: async (jobId) => (await runner).cancel(jobId),
    notify,
    entitled,
    spendLimits: () => spendLimits.getValue(),
    pausedBatches: () => pausedBatches.getValue(),
    pauseBatch,
  });

  /** What a change brings about, once for the changes of a job that come together (a result, its small copy, seen), after the result is drawn. */
  const followUps = onceAfter(RESULT_FIRST_MS, async (jobId: string) => {
    // Everything else follows an ending: a job changes many times while it runs (each streamed
    // preview is a change), and retention walks the whole history.
    const job = await store.get(jobId);
    if (job && !isFinished(job.state)) return;
    if (job?.state === 'succeeded') {
      await autoDownloadJob(store, jobId).catch(() => undefined);
      await removeBackgroundsAfter(store, jobId, async (id) => void (await gateway.start(id))).catch(() => undefined);
      await announceIfUnseen(store, jobId).catch(() => undefined);
    }
    await applyRetention(store, await keepLastJobs.getValue()).catch(() => undefined);
  });
  /**
   * A job changed: the badge says so at once (two index counts: "…" as a request goes out), and a
   * job that ended frees a slot in its provider's queue at once; the rest follows.
   */
  const changed = async (jobId: string) => {
    followUps(jobId);
    await updateBadge(store);
    const job = await store.get(jobId);
    if (!job || isFinished(job.state)) await gateway.pump();
  };

  if (import.meta.env.FIREFOX) {
    // Firefox's persistent background page runs jobs itself. The branch is dropped from Chrome's
    // build, which keeps the provider SDKs out of the service worker.
    runner = import('./host').then(({ createJobRunner, serveRunner }) => {
      // Not awaited: the views hear of the change without waiting for what follows it.
      const local = createJobRunner(store, (jobId) => void changed(jobId).catch(() => undefined), async (job: Job, images: Blob[]) =>
        toDownloads(job.id, () => saveUnsaved(store, job.id, images.map((b) => ({ url: URL.createObjectURL(b), type: b.type })), downloadResult)),
      );
      serveRunner(local, store, (jobId) => void gateway.start(jobId));
      return local;
    });
  } else {
    runner = import('./offscreen').then(({ offscreenRunner }) => ({ run: (jobId, provider) => offscreenRunner.run(jobId, provider), cancel: (jobId) => offscreenRunner.stop(jobId) }));
    onMessage('jobChanged', guarded('jobChanged', (jobId) => changed(jobId)));
    onMessage('originGranted', guarded('originGranted', (pattern) => browser.permissions.contains({ origins: [pattern] })));
    onMessage('saveUnsaved', guarded('saveUnsaved', ({ jobId, urls }) => toDownloads(jobId, () => saveUnsaved(store, jobId, urls, downloadResult))));
  }

  onMessage('startJob', guarded('startJob', async (jobId) => {
    const job = await gateway.start(jobId);
    // Made from the crop waiting: the context menu stops offering to add references to it.
    if (job.source?.cropAt !== undefined) void cropStore.taken(job.source.cropAt).catch(() => undefined);
  }));
  onMessage('saveHeldAgain', guarded('saveHeldAgain', (jobId) => toDownloads(jobId, () => saveHeldAgain(store, jobId, downloadResult))));
  onMessage('cancelJob', guarded('cancelJob', (jobId) => gateway.cancel(jobId)));
  // The popup writes the mark too; this copy is what a popup closed at once cannot lose. Then the
  // ordinary change path: the badge, and retention (which keeps unseen jobs) may now drop an older one.
  // After a pause, as the page's own write (utils/jobs/seen.ts): not while the result is being drawn.
  onMessage('jobSeen', guarded('jobSeen', async (jobId) => {
    await new Promise((resolve) => setTimeout(resolve, SEEN_AFTER_MS));
    await store.patch(jobId, (j) => (j.seen || !isFinished(j.state) ? {} : { seen: true }), { durability: 'relaxed' });
    await notify(jobId);
    await updateBadge(store);
    followUps(jobId);
  }));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === PUMP_ALARM) void gateway.pump();
  });

  const recover = async () => {
    // A context that ended ends what it was running; queued jobs wait for the gateway.
    const { resumed } = await markInterrupted(store, { startedBefore: since });
    await Promise.all(resumed.map((id) => notify(id)));
    await gateway.pump();
    await updateBadge(store);
  };
  onLifeEvent((event) => {
    if (event.kind === 'startup' || event.reason === 'update') void recover();
  });
  // The worker also starts for reasons of its own (an alarm, a message): whatever waits, starts.
  void gateway.pump();
  return gateway;
}
