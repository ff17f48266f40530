import { browser } from 'wxt/browser';
import { getEndpoint } from '../keys/endpoint-store';
import { broadcast, onMessage, sendMessage } from '../platform/messaging';
import { guarded } from '../platform/message-rules';
import { RUNNERS } from '../providers/runners';
import { ProviderError } from '../providers/errors';
import { createVault, VaultLockedError, type Vault } from '../keys/vault';
import { createRunner, type Runner } from './runner';
import { RESULT_FIRST_MS } from '../platform/later';
import { markInterrupted } from './interrupted';
import type { Unsaved } from './unsaved';
import type { JobStore } from './store';
import type { Job } from './types';
import { postStoredJob } from './stored-channel';

/**
 * Where jobs run. Provider calls take up to two minutes, longer than Chrome lets a service worker
 * wait on a fetch, so Chrome runs them in an offscreen document; Firefox's MV2 background page is
 * persistent and runs them itself. Either way this is the only context that decrypts keys.
 */
export function createJobRunner(
  store: JobStore,
  onChange: (jobId: string) => Promise<void> | void,
  keepUnsaved: (job: Job, images: Blob[]) => Promise<Unsaved>,
  vault: Vault = createVault(),
): Runner {
  return createRunner({
    store,
    runners: RUNNERS,
    keepUnsaved,
    // Making one decodes the full image, as the views do to show it in that moment (utils/platform/later.ts).
    thumbnailAfterMs: RESULT_FIRST_MS,
    // A locked vault is its own error kind: the user is asked to unlock, not to re-enter the key.
    readKey: (provider) =>
      vault.read(provider).catch((err: unknown) => {
        throw new ProviderError({ kind: err instanceof VaultLockedError ? 'locked' : 'vault' });
      }),
    // Where a key may go is read where the key is, at run time, from where no page can write.
    endpoint: (service) => getEndpoint(service),
    // Firefox's background page asks the browser; Chrome's offscreen document has no permissions
    // API and asks the background (utils/jobs/service.ts).
    originGranted: (pattern) => (import.meta.env.FIREFOX ? browser.permissions.contains({ origins: [pattern] }) : sendMessage('originGranted', pattern)),
    notify: async (jobId, stored) => {
      // The views showing it first, images in memory (stored-channel.ts); then everyone, by id.
      if (stored) postStoredJob(stored);
      await onChange(jobId);
      await broadcast('jobChanged', jobId);
    },
  });
}

/**
 * Listeners of the context that runs jobs (offscreen document, or Firefox's background page). A
 * job still marked running when this context starts was cut off with the one before it; one with
 * a checkpoint resumes. Starting and queueing belong to the gateway (utils/jobs/gateway.ts).
 */
export function serveRunner(runner: Runner, store: JobStore, resume: (jobId: string) => void): void {
  // Jobs this context starts have a later startedAt and are left alone.
  const since = Date.now();
  void markInterrupted(store, { states: ['running'], startedBefore: since }).then(({ resumed }) => resumed.forEach(resume));
  // Only the background may hand over or stop jobs; the gateway has validated them.
  onMessage(
    'runJob',
    guarded('runJob', ({ jobId, provider }) => {
      // Answer at once; the job reports progress through jobChanged.
      void runner.run(jobId, provider);
    }),
  );
  onMessage('stopJob', guarded('stopJob', (jobId) => runner.cancel(jobId)));
}

/** Chrome's offscreen document keeps unsaveable results alive as object URLs, for the background to download. */
export async function sendUnsaved(job: Job, images: Blob[]): Promise<Unsaved> {
  const urls = images.map((blob) => ({ url: URL.createObjectURL(blob), type: blob.type }));
  return sendMessage('saveUnsaved', { jobId: job.id, urls });
}
