import { sendMessage } from '../platform/messaging';
import type { JobStore } from './store';

/**
 * How long after a finished job is shown its record is marked seen. Marking rewrites the record,
 * images included (IndexedDB copies a record's blobs on every put), and the change has every open
 * page read the job and the recent list again: done at once, all of it ran while the popup was
 * loading and decoding the result it had just read (timestamps in the generation bench: a second
 * read of the job between the image's load and its first frame; gone with the pause. The figure
 * itself moved within its run-to-run spread: 1024² answer → on screen 1.55-1.79× a bare fetch and
 * draw before, 1.34-1.88× after).
 */
export const SEEN_AFTER_MS = 500;

const waiting = new Map<string, JobStore>();
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * The user looked at a finished job (popup or History): the toolbar badge stops counting it. Two
 * writes, each enough: this page's own, and the background's on jobSeen, which then updates the
 * badge and tells the other pages. The message goes at once: a page closed at once tears down
 * before its own write commits, or before a timer fires (a full run showed it lost: the badge kept
 * counting a job the user had looked at), and a message once sent still arrives. Both writes wait
 * SEEN_AFTER_MS (the background's too, utils/jobs/service.ts).
 */
export function markSeen(store: JobStore, jobId: string): void {
  void sendMessage('jobSeen', jobId).catch(() => undefined);
  waiting.set(jobId, store);
  if (timer !== undefined) return;
  timer = setTimeout(writeMarks, SEEN_AFTER_MS);
  addEventListener('pagehide', writeMarks);
}

function writeMarks(): void {
  clearTimeout(timer);
  timer = undefined;
  removeEventListener('pagehide', writeMarks);
  for (const [jobId, store] of waiting) void store.patch(jobId, () => ({ seen: true }), { durability: 'relaxed' }).catch(() => undefined);
  waiting.clear();
}
