import { browser } from 'wxt/browser';
import { downloadPath } from './downloads';
import type { Job } from './jobs/types';
import { downloadSettings } from './storage';

/** Saves one result under the user's folder and file-name template. Resolves with the download id. */
export async function downloadResult(job: Job, index: number): Promise<number> {
  const result = job.results[index];
  if (!result) throw new Error('That result no longer exists.');
  const settings = await downloadSettings.getValue();
  const filename = downloadPath(
    settings.folder,
    settings.template,
    { date: new Date(job.finishedAt ?? job.createdAt), provider: job.provider, model: job.model, prompt: job.prompt, n: index + 1 },
    result.blob.type,
  );
  const url = URL.createObjectURL(result.blob);
  try {
    return await browser.downloads.download({ url, filename, conflictAction: 'uniquify', saveAs: false });
  } finally {
    // The browser has read what it needs once the download is registered; a minute is ample.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
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
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': png })]);
}
