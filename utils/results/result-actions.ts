import { browser } from 'wxt/browser';
import { downloadFinished } from './download-done';
import { downloadPath } from './downloads';
import { broadcast } from '../platform/messaging';
import { t } from '../platform/i18n';
import { createJobStore, type JobStore } from '../jobs/store';
import type { Job } from '../jobs/types';
import { autoDownload, downloadSettings } from '../platform/storage';

/** A URL the downloads API can read a blob from, in any context. */
async function urlFor(blob: Blob): Promise<{ url: string; release: () => void }> {
  if (typeof URL.createObjectURL === 'function') {
    const url = URL.createObjectURL(blob);
    // The browser has read what it needs long before a minute is up.
    return { url, release: () => setTimeout(() => URL.revokeObjectURL(url), 60_000) };
  }
  // Chrome's service worker has no object URLs; a data: URL carries the bytes instead.
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { url: `data:${blob.type || 'image/png'};base64,${btoa(binary)}`, release: () => undefined };
}

/**
 * Saves one result under the user's folder and file-name template, and resolves once the browser
 * says the file is written (utils/results/download-done.ts): only then is the result marked saved,
 * which lets a retention rule remove it from History later. A download that fails rejects with
 * the browser's reason in words, and leaves the result as it was.
 */
export async function downloadResult(job: Job, index: number, store: JobStore = createJobStore()): Promise<number> {
  const result = job.results[index];
  if (!result) throw new Error('That result no longer exists.');
  const { url, release } = await urlFor(result.blob);
  try {
    const id = await downloadUrl(job, index, url, result.blob.type);
    await downloadFinished(id);
    await store.patch(job.id, (j) => ({ results: j.results.map((r) => (r.id === result.id ? { ...r, saved: true } : r)) })).catch(() => undefined);
    return id;
  } finally {
    release();
  }
}

/**
 * Saves an image made from result `index` (put back into its original) under the folder and
 * template, `{size}` its own size; resolves once the browser says the file is written.
 */
export async function downloadMade(job: Job, index: number, blob: Blob, size: { width: number; height: number }): Promise<number> {
  const { url, release } = await urlFor(blob);
  try {
    const id = await downloadUrl(job, index, url, blob.type, size);
    await downloadFinished(id);
    return id;
  } finally {
    release();
  }
}

/** Saves image `index` of a job from a URL this extension can read, under the user's folder and template. */
export async function downloadUrl(job: Pick<Job, 'finishedAt' | 'createdAt' | 'provider' | 'model' | 'prompt'>, index: number, url: string, type: string, size?: { width: number; height: number }): Promise<number> {
  const settings = await downloadSettings.getValue();
  const filename = downloadPath(
    settings.folder,
    settings.template,
    { date: new Date(job.finishedAt ?? job.createdAt), provider: job.provider, model: job.model, prompt: job.prompt, n: index + 1, size },
    type,
  );
  return browser.downloads.download({ url, filename, conflictAction: 'uniquify', saveAs: false });
}

/**
 * With "auto-download results" on, saves a finished job's images once. The claim happens inside
 * one store transaction, so two notifications of the same job never download it twice. A download
 * that does not finish gives the claim back and leaves its reason on the job for the popup.
 */
export async function autoDownloadJob(store: JobStore, jobId: string): Promise<boolean> {
  if (!(await autoDownload.getValue())) return false;
  let claimed = false;
  const job = await store.patch(jobId, (j) => {
    if (j.state !== 'succeeded' || j.autoDownloaded) return {};
    claimed = true;
    return { autoDownloaded: true, autoDownloadError: undefined };
  });
  if (!claimed || !job) return false;
  try {
    for (let i = 0; i < job.results.length; i++) await downloadResult(job, i, store);
  } catch (err) {
    // Not saved after all: the popup must not say it was, and Download still works.
    await store.patch(jobId, () => ({ autoDownloaded: false, autoDownloadError: err instanceof Error ? err.message : String(err) }));
    await broadcast('jobChanged', jobId);
    throw err;
  }
  // The popup, if open, shows that the images were saved.
  await broadcast('jobChanged', jobId);
  return true;
}

/** Copies a result to the clipboard as PNG, the one image type every browser's clipboard takes. */
export async function copyResult(blob: Blob): Promise<void> {
  let png = blob;
  if (blob.type !== 'image/png') {
    const bitmap = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
    png = await canvas.convertToBlob({ type: 'image/png' });
  }
  // A clipboard the browser never answers for would leave the button silent: give up visibly.
  const refused = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(t('popupCopyFailed'))), 5000));
  await Promise.race([navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]), refused]);
}
