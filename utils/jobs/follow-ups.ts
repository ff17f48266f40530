import { backgroundRemover, cutoutJob } from './cutout';
import { headerSize } from '../image/dimensions';
import { autoRemoveBackground, imageDefaults } from '../platform/storage';
import { createVault } from '../keys/vault';
import type { JobStore } from './store';

/**
 * With "remove the background of every new result" on, a finished job's results each get a
 * background-removal job of their own (cutout.ts), linked to the result it came from. The claim is one store
 * transaction, so two notifications of the same job never pay twice.
 */
export async function removeBackgroundsAfter(store: JobStore, jobId: string, start: (jobId: string) => Promise<void>): Promise<string[]> {
  if (!(await autoRemoveBackground.getValue())) return [];
  const remover = backgroundRemover();
  if (!remover || !(await createVault().has(remover.service.id))) return [];
  let claimed = false;
  const job = await store.patch(jobId, (j) => {
    if (j.state !== 'succeeded' || j.operation === 'remove-background' || j.backgroundsRemoved) return {};
    claimed = true;
    return { backgroundsRemoved: true };
  });
  if (!claimed || !job) return [];
  const saved = (await imageDefaults.getValue())[remover.service.id] ?? {};
  const started: string[] = [];
  for (const [i, result] of job.results.entries()) {
    const size = headerSize(new Uint8Array(await result.blob.slice(0, 64 * 1024).arrayBuffer())) ?? { width: 0, height: 0 };
    const child = await store.create(cutoutJob(remover, saved, { blob: result.blob, ...size }, { jobId: job.id, result: i }));
    await start(child.id);
    started.push(child.id);
  }
  return started;
}
