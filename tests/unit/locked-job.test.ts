import { expect, test, vi } from 'vitest';
import { createJobRunner } from '../../utils/jobs/host';
import { createJobStore } from '../../utils/jobs/store';
import { describeError } from '../../utils/providers/errors';
import { createVault } from '../../utils/keys/vault';

// No other extension context exists here to tell about job changes.
vi.mock('../../utils/platform/messaging', () => ({ broadcast: async () => undefined, onMessage: () => undefined }));

test('a generation with a locked vault fails with "locked", whose sentence asks the user to unlock', async () => {
  const vault = createVault({ iterations: 1_000 });
  await vault.save('openai', 'sk-test-locked');
  await vault.setPassphrase('correct horse battery', 0);
  await vault.lock();
  const store = createJobStore();
  const runner = createJobRunner(store, () => undefined, async () => ({ saved: 0 }), vault);
  const job = await store.create({ provider: 'openai', model: 'gpt-image-2', prompt: 'a cat', operation: 'generate', params: {} });
  const done = await runner.run(job.id);
  expect(done?.state).toBe('failed');
  expect(done?.error).toEqual({ kind: 'locked' });
  expect(describeError(done!.error!, 'OpenAI').key).toBe('errorLocked');
});

test('an undecryptable key is a vault error, not a crash', async () => {
  const vault = createVault({ iterations: 1_000 });
  const store = createJobStore();
  const broken = { ...vault, read: () => Promise.reject(new Error('corrupted')) };
  const runner = createJobRunner(store, () => undefined, async () => ({ saved: 0 }), broken);
  const job = await store.create({ provider: 'openai', model: 'gpt-image-2', prompt: 'a cat', operation: 'generate', params: {} });
  expect((await runner.run(job.id))?.error).toEqual({ kind: 'vault' });
});
