import { sendMessage } from '../platform/messaging';
import type { JobStore } from './store';

/**
 * The user looked at a finished job (popup or History): the toolbar badge stops counting it. Two
 * writes, each enough: this page's own, and the background's on jobSeen, which then updates the
 * badge and tells the other pages. A page closed at once tears down before its own write commits (a
 * full run showed it lost: the badge kept counting a job the user had looked at); a message once
 * sent still arrives.
 */
export function markSeen(store: JobStore, jobId: string): void {
  void store.patch(jobId, () => ({ seen: true }), { durability: 'relaxed' }).catch(() => undefined);
  void sendMessage('jobSeen', jobId).catch(() => undefined);
}
