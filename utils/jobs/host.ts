import { assertJobMessage, broadcast, onMessage } from '../messaging';
import { RUNNERS } from '../providers/runners';
import { ProviderError } from '../providers/errors';
import { createVault, VaultLockedError, type Vault } from '../vault';
import { createRunner, markInterrupted, type Runner } from './runner';
import type { JobStore } from './store';

/**
 * Where jobs run. Provider calls take up to two minutes, longer than Chrome lets a service worker
 * wait on a fetch, so Chrome runs them in an offscreen document; Firefox's MV2 background page is
 * persistent and runs them itself. Either way this is the only context that decrypts keys.
 */
export function createJobRunner(store: JobStore, onChange: (jobId: string) => Promise<void> | void, vault: Vault = createVault()): Runner {
  return createRunner({
    store,
    runners: RUNNERS,
    // A locked vault is its own error kind: the user is asked to unlock, not to re-enter the key.
    readKey: (provider) =>
      vault.read(provider).catch((err: unknown) => {
        throw new ProviderError({ kind: err instanceof VaultLockedError ? 'locked' : 'vault' });
      }),
    notify: async (jobId) => {
      await onChange(jobId);
      await broadcast('jobChanged', jobId);
    },
  });
}

/**
 * Listeners of the context that runs jobs (offscreen document, or Firefox's background page). A
 * job still marked running when this context starts was cut off with the one before it.
 */
export function serveRunner(runner: Runner, messageType: 'runJob' | 'startJob', store: JobStore): (jobId: string) => Promise<void> {
  // Jobs this context starts have a later startedAt and are left alone.
  const since = Date.now();
  void markInterrupted(store, { states: ['running'], startedBefore: since }).then(({ resumed }) => {
    for (const id of resumed) void runner.run(id);
  });
  onMessage(messageType, ({ data, sender }) => {
    // Answer at once; the job reports progress through jobChanged.
    void runner.run(assertJobMessage(sender, data));
  });
  onMessage('cancelJob', ({ data, sender }) => runner.cancel(assertJobMessage(sender, data)));
  return async (jobId) => void runner.run(jobId);
}
